"""action_check_status: read a complaint's progress back in plain Korean.

Identification: receipt number + phone (full, or its last 4 digits), as on the API's public lookup.
Listing every complaint of a phone number (a service-only API call) is done only for a phone *verified in
this conversation* - one the citizen filed a complaint with here, or one that matched a receipt number in a
lookup - so typing someone else's number alone reveals nothing. Set STATUS_LIST_BY_PHONE=always to list
for any full phone number.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import texts, validation
from actions.api_client import ApiError, ApiUnavailable, InvalidInput, NotFound, RateLimited, acall, get_client
from actions.common import latest_entity, latest_text, list_slot, remember

log = logging.getLogger(__name__)

NOT_FOUND = ("입력하신 접수번호와 전화번호로 확인되는 민원이 없습니다. 접수번호(예: 2026-000123)와 "
             "민원을 접수하실 때 남기신 전화번호를 다시 한번 확인해 주시겠어요?")
ASK_BOTH = ("처리 상황을 확인해 드리겠습니다. 접수번호(예: 2026-000123)와 민원을 접수하실 때 남기신 전화번호를 "
            "알려 주세요. 전화번호는 뒤 4자리만 알려 주셔도 됩니다.")
ASK_PHONE = ("본인 확인을 위해 민원을 접수하실 때 남기신 전화번호를 알려 주세요. 뒤 4자리만 알려 주셔도 됩니다.")
ASK_RECEIPT = ("접수번호(예: 2026-000123)를 함께 알려 주세요. 접수번호는 접수 때 받으신 안내 문자나 "
               "채팅 내용에서 확인하실 수 있습니다. 접수번호를 잊으셨다면 담당 부서나 대표전화({phone})로 문의해 주십시오.")


def describe(c: Dict[str, Any]) -> str:
    """One complaint's status in plain Korean, several lines."""
    dept = c.get("department") or {}
    lines = [f"접수번호 {c['receipt_number']} ({c.get('category_name', '')}) 민원의 처리 상황입니다."]
    lines.append(f"· 현재 단계: {c.get('status_label', '')}"
                 + (f" - {c['status_description']}" if c.get("status_description") else ""))
    lines.append(f"· 담당 부서: {dept.get('name', '')}({dept.get('phone', '')})")
    lines.append(f"· 접수일: {texts.korean_date(c.get('received_at'))}")
    status = c.get("status")
    if status == "closed":
        lines.append("· 처리가 완료되었습니다.")
        if c.get("result"):
            lines.append(f"· 처리 결과: {c['result']}")
    elif status == "rejected":
        if c.get("rejection_reason"):
            lines.append(f"· 처리하지 못한 사유: {c['rejection_reason']}")
        if c.get("rejection_remedy"):
            lines.append(f"· 안내: {c['rejection_remedy']}")
    elif status == "transferred":
        if c.get("transferred_to"):
            lines.append(f"· 이송된 기관: {c['transferred_to']}")
        if c.get("transfer_reason"):
            lines.append(f"· 이송 사유: {c['transfer_reason']}")
    else:
        lines.append(f"· 처리 기한: {texts.korean_date(c.get('due_date'))}")
        if c.get("overdue"):
            lines.append("처리 기한이 지났는데도 답변을 드리지 못해 죄송합니다. 담당 부서에 바로 확인을 요청하시려면 "
                         "'담당자 연결'이라고 말씀해 주세요.")
    if c.get("latest_public_note") and status not in ("closed",):
        lines.append(f"· 담당 부서 안내: {c['latest_public_note']}")
    return "\n".join(lines)


def summary_line(i: int, c: Dict[str, Any]) -> str:
    due = "" if c.get("status") in ("closed", "rejected", "transferred") else f", 기한 {texts.korean_date(c.get('due_date'))}"
    return f"{i}. {c['receipt_number']} {c.get('category_name', '')} - {c.get('status_label', '')}{due}"


def _list_by_phone_allowed(phone: Optional[str], verified: Optional[str]) -> bool:
    if not phone or len(phone) == 4:
        return False
    return os.environ.get("STATUS_LIST_BY_PHONE", "verified") == "always" or phone == verified


class ActionCheckStatus(Action):
    def name(self) -> Text:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        receipt = self._receipt(tracker)
        phone = self._phone(tracker)
        verified = tracker.get_slot("verified_phone")
        known = list_slot(tracker, "known_receipts")
        client = get_client()
        events: List[EventType] = [SlotSet("receipt_number", receipt), SlotSet("phone", phone)]

        try:
            if receipt and not phone and verified:
                phone = verified
            if receipt and phone:
                return events + await self._by_receipt(dispatcher, client, receipt, phone, verified, known)
            if phone and _list_by_phone_allowed(phone, verified):
                return events + await self._by_phone(dispatcher, client, phone, known)
            if receipt:
                dispatcher.utter_message(text=ASK_PHONE)
            elif phone:
                dispatcher.utter_message(text=ASK_RECEIPT.format(phone=texts.main_phone()))
            else:
                dispatcher.utter_message(text=ASK_BOTH)
            return events
        except ApiUnavailable:
            log.warning("status lookup: API unavailable", exc_info=True)
            dispatcher.utter_message(text=texts.api_down_general())
            return events
        except RateLimited:
            dispatcher.utter_message(text="조회 요청이 잠시 많아 확인하지 못했습니다. 1분쯤 뒤에 다시 말씀해 주세요.")
            return events
        except ApiError:
            log.exception("status lookup failed")
            dispatcher.utter_message(text=texts.api_down_general())
            return events

    @staticmethod
    def _receipt(tracker: Tracker) -> Optional[str]:
        for candidate in (latest_entity(tracker, "receipt_number"), latest_text(tracker), tracker.get_slot("receipt_number")):
            value = validation.receipt_in_text(candidate) if candidate else None
            if value:
                return value
        return None

    @staticmethod
    def _phone(tracker: Tracker) -> Optional[str]:
        text = latest_text(tracker).strip()
        for candidate in (latest_entity(tracker, "phone"), tracker.get_slot("phone")):
            if not candidate:
                continue
            value = validation.normalize_phone(candidate) or validation.phone_last4(candidate)
            if value:
                return value
        # Last 4 digits typed alone, in answer to "전화번호 뒤 4자리".
        return validation.phone_last4(text)

    async def _by_receipt(self, dispatcher, client, receipt: str, phone: str, verified: Optional[str],
                          known: List[str]) -> List[EventType]:
        try:
            found = await acall(client.lookup, receipt, phone)
        except (NotFound, InvalidInput):
            # Same answer whether the number does not exist or the phone does not match.
            dispatcher.utter_message(text=NOT_FOUND)
            return [SlotSet("receipt_number", None), SlotSet("phone", None)]
        complaints = found.get("complaints") or []
        if not complaints:
            dispatcher.utter_message(text=NOT_FOUND)
            return [SlotSet("receipt_number", None), SlotSet("phone", None)]
        dispatcher.utter_message(text=describe(complaints[0]))
        events: List[EventType] = []
        receipts = [receipt]
        full_phone = len(phone) > 4
        if full_phone:
            # The pair matched: this phone is the citizen's own; other complaints under it may be listed.
            events.append(SlotSet("verified_phone", phone))
            try:
                others = [c for c in (await acall(client.lookup_by_phone, phone)).get("complaints") or []
                          if c.get("receipt_number") != receipt]
            except (ApiError, NotFound):
                others = []
            if others:
                listing = "\n".join(summary_line(i, c) for i, c in enumerate(others[:10], 1))
                dispatcher.utter_message(text=f"같은 전화번호로 접수하신 다른 민원도 {len(others)}건 있습니다.\n{listing}\n"
                                              "자세한 내용이 궁금하신 민원의 접수번호를 말씀해 주세요.")
                receipts += [c["receipt_number"] for c in others]
        events.append(SlotSet("known_receipts", remember(known, *receipts)))
        return events

    async def _by_phone(self, dispatcher, client, phone: str, known: List[str]) -> List[EventType]:
        try:
            complaints = (await acall(client.lookup_by_phone, phone)).get("complaints") or []
        except NotFound:
            complaints = []
        if not complaints:
            dispatcher.utter_message(text="이 전화번호로 접수된 민원을 찾지 못했습니다. 접수번호가 있으시면 함께 알려 주세요.")
            return []
        if len(complaints) == 1:
            dispatcher.utter_message(text=describe(complaints[0]))
        else:
            listing = "\n".join(summary_line(i, c) for i, c in enumerate(complaints[:10], 1))
            more = "\n(최근 10건만 보여 드렸습니다.)" if len(complaints) > 10 else ""
            dispatcher.utter_message(text=f"이 전화번호로 접수하신 민원이 {len(complaints)}건 있습니다.\n{listing}{more}\n"
                                          "자세한 내용이 궁금하신 민원의 접수번호를 말씀해 주세요.")
        return [SlotSet("known_receipts", remember(known, *[c["receipt_number"] for c in complaints]))]
