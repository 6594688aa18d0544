"""Learning from corrections: every category an officer corrected (the console's transfer with the right category)
on a complaint the chatbot filed becomes a labelled example — the citizen's text, the bot's category, the officer's —
with personal data removed. An administrator accepts or rejects each; the accepted ones export as Rasa NLU
training data (docs/retraining-from-corrections.md)."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.complaints.models import Complaint, ComplaintEvent
from api.errors import ApiError
from api.service_standard.models import RoutingExample
from civic_rules.contracts import complaint_intent
from civic_rules.patterns import find_phones, find_receipts

# Anything left that looks like a phone or account number (7+ digits with separators), and e-mail addresses.
_LONG_NUMBER = re.compile(r"(?<!\d)\d[\d\-. ]{5,}\d(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# '홍길동 씨': a name called with a spaced 씨 (not 아저씨; 님 and 입니다 follow titles and ordinary words too often).
_NAME_CALL = re.compile(r"(?<![가-힣])[가-힣]{2,4}(?= 씨)")
BOT_ACTOR = "service"


def scrub(text: str, names: tuple[str, ...] = (), addresses: tuple[str, ...] = ()) -> str:
    """The text with phone and receipt numbers, e-mail addresses, and the complaint's own name and address removed;
    a name called '홍길동 씨' too."""
    for start, end, _ in sorted(find_receipts(text), reverse=True):
        text = text[:start] + "(접수번호)" + text[end:]
    for start, end, _ in sorted(find_phones(text), reverse=True):
        text = text[:start] + "(전화번호)" + text[end:]
    text = _EMAIL.sub("(전자우편)", _LONG_NUMBER.sub("(번호)", text))
    for value, placeholder in [(a, "(주소)") for a in addresses if a] + [(n, "(이름)") for n in names if n]:
        if len(value) >= 2:
            text = text.replace(value, placeholder)
    text = _NAME_CALL.sub("(이름)", text)
    return " ".join(text.split())


def record(
    session: Session, complaint: Complaint, event: ComplaintEvent, bot: str, officer: str, now: datetime
) -> None:
    """Keep a category correction on a complaint the chatbot filed as a pending example."""
    if complaint.created_by != BOT_ACTOR or not complaint.description:
        return
    session.add(
        RoutingExample(
            event_id=event.id,
            text=scrub(complaint.description, (complaint.citizen_name,), (complaint.address,)),
            bot_category=bot,
            officer_category=officer,
            status="pending",
            created_at=now,
        )
    )


def review(session: Session, example_id: int, accept: bool, text: str | None, staff_id: int, now: datetime) -> None:
    example = session.get(RoutingExample, example_id)
    if example is None:
        raise ApiError(404, "해당 학습 사례를 찾을 수 없습니다.", "not_found")
    if accept:
        edited = scrub(text or example.text)
        if not 2 <= len(edited) <= 2000:
            raise ApiError(422, "문장은 2자 이상 2,000자 이하로 적어 주십시오.", "invalid_text")
        example.text = edited
    example.status = "accepted" if accept else "rejected"
    example.reviewed_by, example.reviewed_at = staff_id, now


def export_nlu_yaml(session: Session) -> str:
    """Accepted examples as Rasa 3 NLU training data, one complaint intent per officer's category."""
    rows = session.execute(
        select(RoutingExample.officer_category, RoutingExample.text)
        .where(RoutingExample.status == "accepted")
        .order_by(RoutingExample.officer_category, RoutingExample.id)
    )
    by_intent: dict[str, list[str]] = {}
    for category, text in rows:
        line = scrub(text)  # once more: nothing personal leaves, even if an old row predates a rule
        if line not in by_intent.setdefault(complaint_intent(category), []):
            by_intent[complaint_intent(category)].append(line)
    out = ['version: "3.1"', "# Officers' category corrections, reviewed and accepted in the staff console.", "nlu:"]
    for intent, texts in by_intent.items():
        out.append(f"- intent: {intent}")
        out.append("  examples: |")
        out.extend(f"    - {text}" for text in texts)
    return "\n".join(out) + "\n"
