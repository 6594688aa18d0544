"""Complaints that do not come through the chat (seed 001: every complaint lands in one queue): the phone memo,
visits, letters, fax and e-mail entered for the citizen (대행 작성), and posts of the homepage complaint board.
Each is created by the complaint service, so it gets the same receipt number, deadlines and SMS notices."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.complaints import service as complaints
from api.complaints.models import Complaint
from api.complaints.schemas import TRANSCRIPT_MAX_TURNS, ComplaintCreate
from api.console.actions import korean_validation
from api.console.models import INTAKE_SOURCES, BoardCheck, ComplaintIntake
from api.errors import ApiError
from api.handoffs.models import Handoff

CHANNEL_OF_SOURCE = {
    "phone": "phone",
    "visit": "visit",
    "letter": "mail",
    "fax": "mail",
    "email": "mail",
    "board": "web",
}
CONSENT_VERSION = "staff-intake"  # consent taken by the officer in person, on the phone or in the signed letter
# Columns of the homepage board export (CSV), in Korean as the board writes them.
BOARD_COLUMNS = {
    "번호": "post_id",
    "제목": "title",
    "내용": "body",
    "작성자": "name",
    "연락처": "phone",
    "작성일": "posted_at",
}
MAX_BOARD_POSTS = 500


def parse_local(value: str | None, county, fallback: datetime) -> datetime:
    """A datetime-local field (KST, no zone) or the current time when left empty."""
    if not value:
        return fallback
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ApiError(422, "받은 날짜와 시간을 2026-03-02 09:30 형식으로 입력해 주십시오.") from None
    return moment.replace(tzinfo=county.timezone) if moment.tzinfo is None else moment


def complaint_data(form, channel: str, consent_version: str) -> ComplaintCreate:
    if form.get("consent") != "yes":
        raise ApiError(422, "민원인에게 개인정보 수집·이용 동의를 받은 뒤 접수해 주십시오.")
    description = (form.get("description") or "").strip()
    if form.get("title"):
        description = f"[{form.get('title').strip()}] {description}"
    try:
        return ComplaintCreate(
            channel=channel,
            category=form.get("category") or "",
            kind=form.get("kind") or "grievance",
            description=description,
            location=form.get("location") or None,
            township=form.get("township") or None,
            citizen_name=form.get("citizen_name") or "",
            phone=form.get("phone") or "",
            address=form.get("address") or None,
            privacy_consent={"agreed": True, "version": consent_version},
            elderly_or_disabled=form.get("elderly_or_disabled") == "yes",
            urgent_safety=form.get("urgent_safety") == "yes",
        )
    except ValidationError as exc:
        raise korean_validation(exc) from None


def create(session: Session, form, ctx: complaints.Context, *, board_post_id: str | None = None) -> Complaint:
    source = form.get("source") or ""
    if source not in INTAKE_SOURCES:
        raise ApiError(422, "접수 경로(전화, 방문, 우편, 팩스, 전자우편, 홈페이지 게시판)를 선택해 주십시오.")
    data = complaint_data(form, CHANNEL_OF_SOURCE[source], CONSENT_VERSION)
    contacted_at = parse_local(form.get("contacted_at"), ctx.county, ctx.now)
    complaint = complaints.create_complaint(session, data, ctx)
    session.add(
        ComplaintIntake(
            complaint_id=complaint.id,
            source=source,
            taken_by=(form.get("taken_by") or ctx.staff.display_name).strip()[:50],
            contacted_at=contacted_at,
            entered_by=ctx.staff.id,
            callback_needed=source == "phone" and form.get("callback_needed") == "yes",
            board_post_id=board_post_id,
        )
    )
    session.flush()
    return complaint


def create_from_handoff(session: Session, handoff: Handoff, form, ctx: complaints.Context) -> Complaint:
    """Turn a handoff into a complaint with what the bot collected, as the officer checked and completed it."""
    version = "chat-handoff" if form.get("consent_in_chat") == "yes" else CONSENT_VERSION
    complaint = complaints.create_complaint(session, complaint_data(form, handoff.channel, version), ctx)
    # The conversation goes with the complaint, as a complaint filed by the bot keeps it (personal data alike).
    complaint.transcript = list(handoff.transcript or [])[-TRANSCRIPT_MAX_TURNS:] or None
    return complaint


@dataclass
class BoardImport:
    created: list[str]
    skipped: int
    problems: list[str]


def import_board(session: Session, export: str, form, ctx: complaints.Context) -> BoardImport:
    """Posts of a board export (CSV with 번호, 제목, 내용, 작성자, 연락처, 작성일): each new post number becomes a
    complaint in the category the officer chose; posts imported before are skipped. The check is recorded."""
    reader = csv.DictReader(io.StringIO(export.lstrip("\ufeff")))
    if not reader.fieldnames or not {"번호", "내용", "작성자", "연락처"} <= {f.strip() for f in reader.fieldnames}:
        raise ApiError(422, "게시판 내보내기 파일에 번호, 제목, 내용, 작성자, 연락처, 작성일 열이 있어야 합니다.")
    result = BoardImport(created=[], skipped=0, problems=[])
    for number, raw in enumerate(reader, start=1):
        if number > MAX_BOARD_POSTS:
            result.problems.append(f"한 번에 {MAX_BOARD_POSTS}건까지 가져옵니다. 나머지는 다시 가져와 주십시오.")
            break
        post = {BOARD_COLUMNS[k.strip()]: (v or "").strip() for k, v in raw.items() if k and k.strip() in BOARD_COLUMNS}
        post_id = post.get("post_id", "")[:40]
        seen = select(ComplaintIntake.complaint_id).where(ComplaintIntake.board_post_id == post_id)
        if not post_id or session.scalar(seen):
            result.skipped += 1
            continue
        fields = {
            "source": "board",
            "consent": "yes",
            "category": form.get("category"),
            "title": post.get("title"),
            "description": post.get("body"),
            "citizen_name": post.get("name"),
            "phone": post.get("phone"),
            "contacted_at": post.get("posted_at"),
            "taken_by": ctx.staff.display_name,
        }
        try:
            with session.begin_nested():
                complaint = create(session, fields, ctx, board_post_id=post_id)
            result.created.append(complaint.receipt_number)
        except ApiError as exc:
            result.skipped += 1
            result.problems.append(f"게시글 {post_id}: {exc.detail}")
    record_check(session, ctx, imported=len(result.created), skipped=result.skipped)
    return result


def record_check(session: Session, ctx: complaints.Context, imported: int = 0, skipped: int = 0) -> BoardCheck:
    check = BoardCheck(staff_id=ctx.staff.id, checked_at=ctx.now, imported=imported, skipped=skipped)
    session.add(check)
    return check
