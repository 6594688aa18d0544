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
from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import texts, validation
from actions.api_client import ApiError, ApiUnavailable, InvalidInput, NotFound, RateLimited, acall, get_client
from actions.common import latest_entity, latest_text, list_slot, remember

log = logging.getLogger(__name__)

# Forms a status question interrupts (data/dialogue/rules.yml): they resume after the answer.
FORMS_THAT_RESUME = ("complaint_form", "callback_form")


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
            if (tracker.active_loop or {}).get("name") in FORMS_THAT_RESUME:
                return await self._during_form(dispatcher, client, receipt, verified, known)
            if receipt and not phone and verified:
                phone = verified
            if receipt and phone:
                return events + await self._by_receipt(dispatcher, client, receipt, phone, verified, known)
            if phone and _list_by_phone_allowed(phone, verified):
                return events + await self._by_phone(dispatcher, client, phone, known)
            if receipt:
                dispatcher.utter_message(text=texts.STATUS_ASK_PHONE)
            elif phone:
                dispatcher.utter_message(text=texts.STATUS_ASK_RECEIPT.format(phone=texts.main_phone()))
            else:
                dispatcher.utter_message(text=texts.STATUS_ASK_BOTH)
            return events
        except ApiUnavailable:
            log.warning("status lookup: API unavailable", exc_info=True)
            dispatcher.utter_message(text=texts.api_down_general())
            return events
        except RateLimited:
            dispatcher.utter_message(text=texts.STATUS_RATE_LIMITED)
            return events
        except ApiError:
            log.exception("status lookup failed")
            dispatcher.utter_message(text=texts.api_down_general())
            return events

    async def _during_form(
        self, dispatcher, client, receipt: Optional[str], verified: Optional[str], known: List[str]
    ) -> List[EventType]:
        """A status question while a complaint or a callback is being taken: answered where this conversation
        already proved the phone, otherwise put off until the form is done. The form's own phone slot is
        neither read (it is not proven) nor changed."""
        if receipt and verified:
            events = await self._by_receipt(dispatcher, client, receipt, verified, verified, known)
            return [e for e in events if e.get("name") != "phone"]
        dispatcher.utter_message(text=texts.STATUS_AFTER_FORM)
        return [SlotSet("receipt_number", receipt)] if receipt else []

    @staticmethod
    def _receipt(tracker: Tracker) -> Optional[str]:
        for candidate in (
            latest_entity(tracker, "receipt_number"),
            latest_text(tracker),
            tracker.get_slot("receipt_number"),
        ):
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

    async def _by_receipt(
        self, dispatcher, client, receipt: str, phone: str, verified: Optional[str], known: List[str]
    ) -> List[EventType]:
        try:
            found = await acall(client.lookup, receipt, phone)
        except (NotFound, InvalidInput):
            # Same answer whether the number does not exist or the phone does not match.
            dispatcher.utter_message(text=texts.STATUS_NOT_FOUND)
            return [SlotSet("receipt_number", None), SlotSet("phone", None)]
        complaints = found.get("complaints") or []
        if not complaints:
            dispatcher.utter_message(text=texts.STATUS_NOT_FOUND)
            return [SlotSet("receipt_number", None), SlotSet("phone", None)]
        dispatcher.utter_message(text=texts.complaint_status(complaints[0]))
        events: List[EventType] = []
        receipts = [receipt]
        full_phone = len(phone) > 4
        if full_phone:
            # The pair matched: this phone is the citizen's own; other complaints under it may be listed.
            events.append(SlotSet("verified_phone", phone))
            try:
                others = [
                    c
                    for c in (await acall(client.lookup_by_phone, phone)).get("complaints") or []
                    if c.get("receipt_number") != receipt
                ]
            except (ApiError, NotFound):
                others = []
            if others:
                dispatcher.utter_message(text=texts.other_complaints_of_phone(others))
                receipts += [c["receipt_number"] for c in others]
        events.append(SlotSet("known_receipts", remember(known, *receipts)))
        return events

    async def _by_phone(self, dispatcher, client, phone: str, known: List[str]) -> List[EventType]:
        try:
            complaints = (await acall(client.lookup_by_phone, phone)).get("complaints") or []
        except NotFound:
            complaints = []
        if not complaints:
            dispatcher.utter_message(text=texts.STATUS_NONE_FOR_PHONE)
            return []
        if len(complaints) == 1:
            dispatcher.utter_message(text=texts.complaint_status(complaints[0]))
        else:
            dispatcher.utter_message(text=texts.complaints_of_phone(complaints))
        return [SlotSet("known_receipts", remember(known, *[c["receipt_number"] for c in complaints]))]
