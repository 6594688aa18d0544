"""Slot names and small tracker helpers shared by the actions."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Dict, Iterable, List, Optional

from rasa_sdk import Tracker

from actions.texts import SEOUL

# What Rasa's FallbackClassifier names a message it did not understand (rasa_sdk has no constant for it).
FALLBACK_INTENT = "nlu_fallback"

# Slots of complaint_form, in the order they are asked.
FORM_SLOTS_BEFORE_CONSENT = [
    "complaint_category",
    "category_confirmed",
    "description",
    "location",
    "township",
    "privacy_consent",
]
# summary_confirmed: the citizen saw everything and said it is right (or named a field to correct).
FORM_SLOTS_AFTER_CONSENT = ["citizen_name", "phone", "summary_confirmed"]
FORM_SLOTS = FORM_SLOTS_BEFORE_CONSENT + FORM_SLOTS_AFTER_CONSENT
# Bookkeeping slots of one complaint, cleared with the form slots after a successful submission.
COMPLAINT_AUX_SLOTS = [
    "complaint_nonce",
    "privacy_consent_at",
    "complaint_kind",
    "pending_submission",
    "complaint_prediction",
]

# Answers meaning "I don't know" / "none" for the optional place slots; sent to the API as null.
UNKNOWN = "모름"
UNKNOWN_WORDS = {
    "모름",
    "몰라",
    "몰라요",
    "모르겠어요",
    "잘 모르겠어요",
    "모르겠습니다",
    "잘 모르겠습니다",
    "없음",
    "없어요",
    "없습니다",
    "해당 없음",
    "해당없음",
    "모름요",
    "몰라용",
    "글쎄요",
    "패스",
    "건너뛰기",
}


def is_unknown(value: Any) -> bool:
    return isinstance(value, str) and value.strip().rstrip(".!~") in UNKNOWN_WORDS


def channel_of(tracker: Tracker) -> str:
    """The API's channel value for this conversation: the Kakao skill, the homepage widget, or Rasa's plain REST
    channel (a county's own integration)."""
    name = (tracker.get_latest_input_channel() or "").lower()
    return next((channel for channel in ("kakao", "web") if channel in name), "rest")


def conversation_hash(sender_id: str) -> str:
    """A short, header-safe stand-in for the sender id (Idempotency-Key allows only [A-Za-z0-9._:-])."""
    return hashlib.sha256((sender_id or "").encode("utf-8")).hexdigest()[:24]


def latest_entity(tracker: Tracker, entity: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(entity), None)


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def session_user_intents(tracker: Tracker) -> List[str]:
    """Intents of the user messages of the current session, newest first."""
    intents: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            break
        if event.get("event") == "user":
            intents.append(((event.get("parse_data") or {}).get("intent") or {}).get("name") or "")
    return intents


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def list_slot(tracker: Tracker, name: str) -> List[str]:
    value = tracker.get_slot(name)
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def remember(existing: Iterable[str], *items: str, limit: int = 20) -> List[str]:
    """Append items to a list, without duplicates, keeping the last `limit`."""
    out = [x for x in existing if x not in items]
    out.extend(i for i in items if i)
    return out[-limit:]


def iso_timestamp(epoch: Optional[float]) -> str:
    when = dt.datetime.fromtimestamp(epoch, SEOUL) if epoch else dt.datetime.now(SEOUL)
    return when.isoformat(timespec="seconds")


def now_iso() -> str:
    return dt.datetime.now(SEOUL).isoformat(timespec="seconds")


def transcript(tracker: Tracker, limit: int = 500, max_chars: int = 4000) -> List[Dict[str, Any]]:
    """User and bot messages of the conversation (current session) with their times, oldest first."""
    lines: List[Dict[str, Any]] = []
    for event in tracker.events:
        kind = event.get("event")
        if kind == "session_started":
            lines = []
        if kind not in ("user", "bot"):
            continue
        text = event.get("text")
        if not text:
            data = event.get("data") or {}
            buttons = data.get("buttons") or []
            text = " / ".join(b.get("title", "") for b in buttons if isinstance(b, dict)) if buttons else ""
        lines.append(
            {"sender": kind, "text": str(text)[:max_chars], "timestamp": iso_timestamp(event.get("timestamp"))}
        )
    return lines[-limit:]


def user_turns(tracker: Tracker) -> int:
    return sum(1 for e in tracker.events if e.get("event") == "user")
