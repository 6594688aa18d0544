"""action_handoff: pass the conversation to a person (transcript + form data), or arrange a callback.

In office hours an officer takes over the chat. Outside office hours the handoff needs a callback number:
the one the citizen gave in this conversation (phone / callback_phone); if there is none yet, the action
asks for it first (slot callback_requested, then callback_form - see DOMAIN_PROPOSAL.md) and files the
handoff on its next run; a citizen who does not want to leave a number still gets the handoff filed.
"""

from __future__ import annotations

import logging
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
RESET: List[EventType] = [SlotSet("handoff_reason", None), SlotSet("abuse_escalated", False),
                          SlotSet("fallback_repeated", False)]


def ending_message(filed: bool = True) -> str:
    # Honest about whether staff already have it: when the API is down the transcript is only in the chat log.
    recorded = "대화 내용은 기록되어 담당 부서에 전달되었습니다." if filed else "대화 내용은 기록되어 있습니다."
    return (f"원활한 상담이 어려워 이번 상담은 여기서 마치겠습니다. {recorded} "
            f"민원이 있으시면 다시 찾아 주시거나 대표전화({texts.main_phone()}, 평일 09:00~18:00)로 문의해 주십시오.")


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
    phone = validation.normalize_phone(tracker.get_slot("callback_phone") or "") \
        or validation.normalize_phone(tracker.get_slot("phone") or "") \
        or validation.normalize_phone(tracker.get_slot("verified_phone") or "")
    if not phone:
        return None
    name = validation.normalize_name(tracker.get_slot("callback_name") or "") \
        or validation.normalize_name(tracker.get_slot("citizen_name") or "")
    topic = tracker.get_slot("callback_topic")
    if not topic and tracker.get_slot("complaint_category"):
        topic = county.category_names().get(tracker.get_slot("complaint_category"))
    return {"name": name, "phone": phone, "topic": validation.clean_line(topic, 200) or None if topic else None,
            "preferred_time": validation.clean_line(tracker.get_slot("callback_preferred_time") or "", 100) or None}


def kakao_handoff_message(callback: Optional[Dict[str, Any]], counsel_url: Optional[str]) -> str:
    """What a Kakao citizen is told in office hours once the handoff is filed (the chat is not paused)."""
    if callback:
        return (f"담당 직원에게 전달했습니다. 남겨 주신 연락처({validation.mask_phone(callback['phone'])})로 담당 직원이 "
                "곧 전화로 연락드리겠습니다. 지금까지 나눈 대화 내용도 함께 전달했으니 같은 말씀을 반복하지 않으셔도 됩니다.")
    if counsel_url:
        return ("담당 직원과 카카오톡 상담톡에서 바로 상담하실 수 있습니다. 아래 주소를 눌러 상담을 이어 가 주십시오. "
                f"지금까지 나눈 대화 내용도 담당 부서에 전달했습니다.\n{counsel_url}")
    return (f"대화 내용을 담당 직원에게 전달했습니다. 바로 상담을 원하시면 대표전화({texts.main_phone()}, 평일 09:00~18:00)로 "
            "전화해 주십시오.")


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        client = get_client()
        reason = handoff_reason(tracker)
        callback = callback_of(tracker)
        try:
            calendar = await acall(client.calendar_now)
        except ApiError:
            log.warning("handoff: calendar unavailable", exc_info=True)
            if reason in ENDING:
                dispatcher.utter_message(text=ending_message(filed=False))
                return [SlotSet("handoff_pending", True)] + RESET
            dispatcher.utter_message(text=texts.api_down_general())
            return [SlotSet("handoff_pending", True)]

        in_hours = bool(calendar.get("in_office_hours"))
        # An officer cannot write into KakaoTalk, so a Kakao conversation is never paused for live chat: it is
        # linked to the county's 상담톡 where one is configured, else an officer calls back.
        kakao = channel_of(tracker) == "kakao"
        counsel_url = (county.county_info().get("kakao_counsel_url") or None) if kakao else None
        # Out of hours (or when the complaint could not be filed) someone has to call back: get a number first.
        needs_callback = (not in_hours or reason == "api_unavailable" or (kakao and not counsel_url)) \
            and reason not in ENDING
        if needs_callback and callback is None and not tracker.get_slot("callback_requested"):
            opening = texts.korean_datetime(calendar.get("next_opening")) if not in_hours else ""
            when = f"다음 업무시간({opening})에" if opening else "확인하는 대로"
            intro = ("지금은 업무시간(" + calendar.get("office_hours", "평일 09:00~18:00") + ")이 아니어서 바로 연결해 드리기 어렵습니다. "
                     if not in_hours else
                     "카카오톡에서는 담당 직원이 직접 답장을 드릴 수 없어 전화로 연결해 드리고 있습니다. " if kakao else "")
            dispatcher.utter_message(
                text=f"{intro}연락받으실 전화번호를 남겨 주시면 {when} 담당 직원이 전화로 연락드리겠습니다. "
                     "전화번호를 남기지 않으시려면 '괜찮아요'라고 말씀해 주세요. 대화 내용은 그대로 담당 직원에게 전달됩니다.")
            return [SlotSet("callback_requested", True)]

        turns = user_turns(tracker)
        try:
            created = await acall(
                client.create_handoff,
                conversation_id=tracker.sender_id[:200] or "unknown",
                channel=channel_of(tracker),
                reason=reason,
                transcript=transcript(tracker),
                form_data=form_data(tracker),
                callback=callback if needs_callback or tracker.get_slot("callback_phone") else None,
                flagged=reason in FLAGGED,
                # Same turn, same key: a retry of this action never opens a second handoff.
                idempotency_key=f"h{turns}-{reason}",
            )
        except ApiError as exc:
            if isinstance(exc, ApiUnavailable):
                log.warning("handoff: API unavailable", exc_info=True)
            else:
                log.exception("handoff failed")
            if reason in ENDING:
                dispatcher.utter_message(text=ending_message(filed=False))
                return [SlotSet("handoff_pending", True)] + RESET
            dispatcher.utter_message(text=texts.api_down_general())
            return [SlotSet("handoff_pending", True)]

        events: List[EventType] = [SlotSet("handoff_id", created.get("id")), SlotSet("handoff_pending", False),
                                   SlotSet("callback_requested", False)] + RESET
        sent_callback = needs_callback and callback is not None
        if reason in ENDING:
            dispatcher.utter_message(text=ending_message())
        elif reason == "api_unavailable":
            events.append(SlotSet("pending_submission", False))
            contact = f"남겨 주신 연락처({validation.mask_phone(callback['phone'])})로 " if sent_callback else ""
            dispatcher.utter_message(
                text="접수하지 못한 민원 내용을 담당 직원에게 그대로 전달했습니다. "
                     f"{contact}담당 직원이 확인 후 연락드려 접수를 도와드리겠습니다. 불편을 드려 죄송합니다.")
        elif kakao and created.get("in_office_hours", in_hours):
            dispatcher.utter_message(text=kakao_handoff_message(callback if sent_callback else None, counsel_url))
        elif created.get("in_office_hours", in_hours):
            dispatcher.utter_message(
                text="담당 직원에게 연결해 드리겠습니다. 지금까지 나눈 대화 내용도 함께 전달했으니 같은 말씀을 반복하지 않으셔도 됩니다. "
                     "잠시만 기다려 주십시오.")
            # The officer answers from now on; the bot stays silent until the handoff is closed (the API
            # then resumes the conversation).
            events.append(ConversationPaused())
            if created.get("citizen_token") and channel_of(tracker) == "web":
                # The homepage widget continues the chat with the officer through the API with this token.
                dispatcher.utter_message(json_message={"handoff": {"id": created["id"], "token": created["citizen_token"]}})
        else:
            opening = texts.korean_datetime(created.get("next_opening") or calendar.get("next_opening"))
            if sent_callback:
                dispatcher.utter_message(
                    text=f"지금은 업무시간이 아니어서 바로 연결해 드리지 못했습니다. 남겨 주신 연락처({validation.mask_phone(callback['phone'])})로 "
                         f"다음 업무시간인 {opening} 이후 담당 직원이 연락드리겠습니다.")
            else:
                dispatcher.utter_message(
                    text=f"지금은 업무시간이 아니어서 바로 연결해 드리지 못했습니다. 대화 내용을 담당 직원에게 남겨 두었으며, "
                         f"다음 업무시간인 {opening} 이후 확인하겠습니다. 급하신 일은 대표전화({texts.main_phone()})로 문의해 주십시오.")
        return events
