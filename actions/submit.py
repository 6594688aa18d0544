"""action_submit_complaint: file the complaint_form's data with the API and read the receipt back."""

from __future__ import annotations

import logging
import uuid
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import texts, validation
from actions.api_client import ApiError, ApiUnavailable, Conflict, InvalidInput, acall, get_client
from actions.common import (
    COMPLAINT_AUX_SLOTS,
    FORM_SLOTS,
    UNKNOWN,
    channel_of,
    conversation_hash,
    list_slot,
    remember,
    transcript,
)
from actions.priority import priority_flags

log = logging.getLogger(__name__)

KINDS = {"inquiry", "suggestion", "grievance", "misconduct"}
# The API keeps at most 200 turns of at most 5,000 characters (transcript() cuts each to 4,000).
TRANSCRIPT_TURNS = 200


def idempotency_key(sender_id: str, nonce: str) -> str:
    return f"bot:{conversation_hash(sender_id)}:{nonce}"


def prediction_payload(value: Any) -> Optional[Dict[str, Any]]:
    """The complaint_prediction slot (set by action_route_complaint) as the API takes it; None if unset or malformed,
    so an odd slot value never costs the citizen the complaint."""
    if not isinstance(value, dict) or not isinstance(value.get("category"), str):
        return None
    runner_ups = [
        r for r in value.get("runner_ups") or [] if isinstance(r, dict) and isinstance(r.get("category"), str)
    ]
    return {
        "category": value["category"],
        "confidence": value.get("confidence", 0.0),
        "runner_ups": [{"category": r["category"], "confidence": r.get("confidence", 0.0)} for r in runner_ups],
    }


def build_payload(tracker: Tracker, channel: str) -> Dict[str, Any]:
    """The POST /complaints body from the form slots and the conversation. Deterministic for the same slots but for
    the transcript, which the API leaves out of the Idempotency-Key comparison (a retry comes turns later)."""
    slot = tracker.get_slot
    kind = slot("complaint_kind") if slot("complaint_kind") in KINDS else "grievance"
    location = slot("location")
    township = slot("township")
    description = validation.clean_description(slot("description"))
    return {
        "channel": channel,
        "category": slot("complaint_category"),
        "kind": kind,
        "processing_days": None,
        "description": description,
        "location": None if not location or location == UNKNOWN else validation.clean_line(location) or None,
        "township": None if not township or township == UNKNOWN else township,
        "citizen_name": slot("citizen_name"),
        "phone": slot("phone"),
        "address": None,
        "privacy_consent": {"agreed": True, "version": texts.CONSENT_VERSION, "agreed_at": slot("privacy_consent_at")},
        **priority_flags(description, location if location != UNKNOWN else None),
        "transcript": transcript(tracker, limit=TRANSCRIPT_TURNS),
        "prediction": prediction_payload(slot("complaint_prediction")),
    }


def receipt_message(created: Dict[str, Any], payload: Dict[str, Any]) -> str:
    phone: Optional[str] = payload.get("phone")
    dept = created.get("department") or {}
    lines = [
        "민원이 정상적으로 접수되었습니다.",
        f"· 접수번호: {created['receipt_number']}",
        f"· 민원 분야: {created.get('category_name', '')}",
        f"· 담당 부서: {dept.get('name', '')}({dept.get('phone', '')})",
    ]
    if payload.get("urgent_safety"):
        lines.append(
            "· 안전사고 위험이 있는 민원으로 표시해 담당 부서가 먼저 확인하도록 했습니다. "
            "사람이 다치거나 위급해지면 바로 119에 신고해 주십시오."
        )
    if payload.get("elderly_or_disabled"):
        lines.append("· 어르신·장애인 민원으로 표시해 우선 처리하도록 했습니다.")
    office = created.get("township_office")
    if office:
        lines.append(f"· 가까운 창구: {office['name']} 행정복지센터({office['phone']})")
    lines.append(
        f"· 처리 기한: {texts.korean_date(created.get('due_date'))}까지 "
        f"(접수일 다음 날부터 {created.get('processing_days')}근무일, 토·일·공휴일 제외)"
    )
    lines.append(
        "처리 상황은 이 채팅에서 '민원 처리 현황 알려 주세요'라고 하신 뒤 접수번호와 전화번호를 알려 주시면 "
        f"확인해 드립니다. 대표전화({texts.main_phone()})로도 문의하실 수 있습니다."
    )
    if created.get("sms_notifications"):
        to = f"{validation.mask_phone(phone)}로 " if phone else ""
        lines.append(f"접수 안내 문자를 {to}보내 드리며, 처리 진행 상황과 결과도 문자로 알려 드리겠습니다.")
    else:
        lines.append("처리 결과는 담당 부서에서 연락드리겠습니다.")
    return "\n".join(lines)


def reset_complaint_slots() -> List[EventType]:
    return [SlotSet(name, None) for name in FORM_SLOTS + COMPLAINT_AUX_SLOTS if name != "pending_submission"] + [
        SlotSet("pending_submission", False)
    ]


class ActionSubmitComplaint(Action):
    def name(self) -> Text:
        return "action_submit_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        slot = tracker.get_slot
        if slot("privacy_consent") is not True:
            # Refusal was explained when it happened (validate_complaint_form); nothing is filed or kept.
            return reset_complaint_slots()
        missing = [name for name in ("complaint_category", "description", "citizen_name", "phone") if not slot(name)]
        if missing:
            log.warning("submit without %s", missing)
            dispatcher.utter_message(
                text="죄송합니다. 접수에 필요한 내용이 빠져 있어 아직 접수하지 못했습니다. "
                "'민원 접수'라고 말씀해 주시면 처음부터 다시 도와드리겠습니다."
            )
            return []

        events: List[EventType] = []
        nonce = slot("complaint_nonce")
        if not nonce:
            nonce = uuid.uuid4().hex
            events.append(SlotSet("complaint_nonce", nonce))
        payload = build_payload(tracker, channel_of(tracker))
        client = get_client()
        try:
            try:
                created = await acall(client.create_complaint, payload, idempotency_key(tracker.sender_id, nonce))
            except Conflict:
                # The key was used before with a different body: an earlier attempt landed and the citizen
                # has since changed an answer. File what they now confirmed, under a fresh key.
                log.warning("idempotency key reused with a different body; filing under a new key")
                nonce = uuid.uuid4().hex
                events.append(SlotSet("complaint_nonce", nonce))
                created = await acall(client.create_complaint, payload, idempotency_key(tracker.sender_id, nonce))
        except ApiUnavailable:
            log.warning("complaint API unavailable; keeping the form data for a retry", exc_info=True)
            dispatcher.utter_message(text=texts.API_DOWN_SUBMIT)
            return events + [SlotSet("pending_submission", True)]
        except InvalidInput as exc:
            log.warning("complaint rejected by the API: %s", exc.detail)
            dispatcher.utter_message(
                text="죄송합니다. 입력하신 내용 중 확인이 필요한 부분이 있어 접수하지 못했습니다."
                + (f"\n(안내: {exc.detail})" if exc.detail else "")
                + f"\n내용을 고쳐 다시 말씀해 주시거나 대표전화({texts.main_phone()})로 문의해 주십시오."
            )
            return events + [SlotSet("pending_submission", False)]
        except ApiError:
            log.exception("complaint API error")
            dispatcher.utter_message(text=texts.API_DOWN_SUBMIT)
            return events + [SlotSet("pending_submission", True)]

        receipt = created["receipt_number"]
        # KakaoTalk shows the receipt as a card (bot/channels/kakao_response.py); the other channels read the text.
        dispatcher.utter_message(
            text=receipt_message(created, payload),
            json_message={"receipt_number": receipt} if payload["channel"] == "kakao" else None,
        )
        return (
            events
            + reset_complaint_slots()
            + [
                SlotSet("known_receipts", remember(list_slot(tracker, "known_receipts"), receipt)),
                SlotSet("receipt_number", receipt),
                SlotSet("verified_phone", payload["phone"]),
            ]
        )


class ActionResetComplaint(Action):
    """Forget a complaint that was cancelled mid-form (stop / refusal of personal data): nothing is filed, and a
    later complaint in the same conversation starts from empty slots."""

    def name(self) -> Text:
        return "action_reset_complaint"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        return reset_complaint_slots() + [SlotSet("requested_slot", None)]
