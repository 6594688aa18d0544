"""action_handoff: pass the conversation to a person (transcript + form data), or arrange a callback.

In office hours an officer takes over the chat. Outside office hours the handoff needs a callback number:
the one the citizen gave in this conversation (phone / callback_phone); if there is none yet, the action
asks for it first (slot callback_requested, then callback_form - see DOMAIN_PROPOSAL.md) and files the
handoff on its next run; a citizen who does not want to leave a number still gets the handoff filed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import county, texts, validation
from actions.api_client import ApiError, ApiUnavailable, acall, get_client
from actions.common import FALLBACK_INTENT, FORM_SLOTS, UNKNOWN, channel_of, latest_intent, transcript, user_turns

log = logging.getLogger(__name__)

REASONS = {"request_human", "fallback", "abuse", "threat", "sexual_harassment", "api_unavailable", "repetition"}
FLAGGED = {"abuse", "threat", "sexual_harassment", "repetition"}
# Reasons that end the conversation (특이민원): flagged for staff, no callback offered.
ENDING = {"threat", "sexual_harassment", "repetition"}


# Per-handoff signals, cleared once the handoff is filed so the next one starts fresh.
RESET: List[EventType] = [
    SlotSet("handoff_reason", None),
    SlotSet("abuse_escalated", False),
    SlotSet("fallback_repeated", False),
]


def handoff_reason(tracker: Tracker) -> str:
    reason = tracker.get_slot("handoff_reason")
    if reason in REASONS:
        return reason
    if tracker.get_slot("pending_submission"):
        return "api_unavailable"
    intent = latest_intent(tracker)
    if intent == "abuse":
        return "abuse"
    if intent == FALLBACK_INTENT:
        return "fallback"
    return "request_human"


def form_data(tracker: Tracker) -> Dict[str, Any]:
    data = {name: tracker.get_slot(name) for name in FORM_SLOTS + ["complaint_kind", "receipt_number"]}
    data = {k: v for k, v in data.items() if v is not None and v != UNKNOWN}
    if tracker.get_slot("pending_submission"):
        data["pending_submission"] = True
    known = tracker.get_slot("known_receipts")
    if known:
        data["known_receipts"] = known
    return data


def callback_of(tracker: Tracker) -> Optional[Dict[str, Any]]:
    phone = (
        validation.normalize_phone(tracker.get_slot("callback_phone") or "")
        or validation.normalize_phone(tracker.get_slot("phone") or "")
        or validation.normalize_phone(tracker.get_slot("verified_phone") or "")
    )
    if not phone:
        return None
    name = validation.normalize_name(tracker.get_slot("callback_name") or "") or validation.normalize_name(
        tracker.get_slot("citizen_name") or ""
    )
    topic = tracker.get_slot("callback_topic")
    if not topic and tracker.get_slot("complaint_category"):
        topic = county.category_names().get(tracker.get_slot("complaint_category"))
    return {
        "name": name,
        "phone": phone,
        "topic": validation.clean_line(topic, 200) or None if topic else None,
        "preferred_time": validation.clean_line(tracker.get_slot("callback_preferred_time") or "", 100) or None,
    }


@dataclass
class Situation:
    """What decides how a handoff goes: why, who can be called back, and whether anyone is at work."""

    reason: str
    callback: Optional[Dict[str, Any]]
    calendar: Dict[str, Any]
    kakao: bool
    counsel_url: Optional[str]

    @property
    def in_hours(self) -> bool:
        return bool(self.calendar.get("in_office_hours"))

    @property
    def needs_callback(self) -> bool:
        # Out of hours (or when the complaint could not be filed) someone has to call back: get a number first.
        return (
            not self.in_hours or self.reason == "api_unavailable" or (self.kakao and not self.counsel_url)
        ) and self.reason not in ENDING


def situation_of(tracker: Tracker, reason: str, calendar: Dict[str, Any]) -> Situation:
    # An officer cannot write into KakaoTalk, so a Kakao conversation is never paused for live chat: it is
    # linked to the county's 상담톡 where one is configured, else an officer calls back.
    kakao = channel_of(tracker) == "kakao"
    counsel_url = (county.county_info().get("kakao_counsel_url") or None) if kakao else None
    return Situation(reason, callback_of(tracker), calendar, kakao, counsel_url)


def not_filed(dispatcher: CollectingDispatcher, reason: str) -> List[EventType]:
    """The API could not be reached: the handoff stays pending (filed on the next run)."""
    if reason in ENDING:
        dispatcher.utter_message(text=texts.conversation_ended(filed=False))
        return [SlotSet("handoff_pending", True)] + RESET
    dispatcher.utter_message(text=texts.api_down_general())
    return [SlotSet("handoff_pending", True)]


def ask_for_callback_number(dispatcher: CollectingDispatcher, situation: Situation) -> List[EventType]:
    calendar = situation.calendar
    opening = "" if situation.in_hours else texts.korean_datetime(calendar.get("next_opening"))
    dispatcher.utter_message(
        text=texts.callback_number_request(
            situation.in_hours, situation.kakao, calendar.get("office_hours", "평일 09:00~18:00"), opening
        )
    )
    return [SlotSet("callback_requested", True)]


def told_when_filed(
    dispatcher: CollectingDispatcher, tracker: Tracker, situation: Situation, created: Dict[str, Any]
) -> List[EventType]:
    """What the citizen is told once the handoff is filed, by case; the events that go with it."""
    events: List[EventType] = []
    sent_phone = (
        validation.mask_phone(situation.callback["phone"])
        if situation.needs_callback and situation.callback is not None
        else None
    )
    in_hours = created.get("in_office_hours", situation.in_hours)
    if situation.reason in ENDING:
        dispatcher.utter_message(text=texts.conversation_ended())
    elif situation.reason == "api_unavailable":
        events.append(SlotSet("pending_submission", False))
        dispatcher.utter_message(text=texts.unfiled_complaint_handed_over(sent_phone))
    elif situation.kakao and in_hours:
        dispatcher.utter_message(text=texts.kakao_handoff(sent_phone, situation.counsel_url))
    elif in_hours:
        dispatcher.utter_message(text=texts.HANDOFF_LIVE)
        # The officer answers from now on; the bot stays silent until the handoff is closed (the API
        # then resumes the conversation).
        events.append(ConversationPaused())
        if created.get("citizen_token") and channel_of(tracker) == "web":
            # The homepage widget continues the chat with the officer through the API with this token.
            dispatcher.utter_message(json_message={"handoff": {"id": created["id"], "token": created["citizen_token"]}})
    else:
        opening = texts.korean_datetime(created.get("next_opening") or situation.calendar.get("next_opening"))
        dispatcher.utter_message(text=texts.handoff_out_of_hours(opening, sent_phone))
    return events


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        client = get_client()
        reason = handoff_reason(tracker)
        try:
            calendar = await acall(client.calendar_now)
        except ApiError:
            log.warning("handoff: calendar unavailable", exc_info=True)
            return not_filed(dispatcher, reason)

        situation = situation_of(tracker, reason, calendar)
        if situation.needs_callback and situation.callback is None and not tracker.get_slot("callback_requested"):
            return ask_for_callback_number(dispatcher, situation)

        try:
            created = await acall(
                client.create_handoff,
                conversation_id=tracker.sender_id[:200] or "unknown",
                channel=channel_of(tracker),
                reason=reason,
                transcript=transcript(tracker),
                form_data=form_data(tracker),
                callback=situation.callback if situation.needs_callback or tracker.get_slot("callback_phone") else None,
                flagged=reason in FLAGGED,
                # Same turn, same key: a retry of this action never opens a second handoff.
                idempotency_key=f"h{user_turns(tracker)}-{reason}",
            )
        except ApiError as exc:
            if isinstance(exc, ApiUnavailable):
                log.warning("handoff: API unavailable", exc_info=True)
            else:
                log.exception("handoff failed")
            return not_filed(dispatcher, reason)

        events: List[EventType] = [
            SlotSet("handoff_id", created.get("id")),
            SlotSet("handoff_pending", False),
            SlotSet("callback_requested", False),
        ] + RESET
        return events + told_when_filed(dispatcher, tracker, situation, created)
