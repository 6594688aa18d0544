"""validate_status_form: collects receipt number and phone for action_check_status.

The phone is skipped when this conversation already verified one (verified_phone). The phone may be the
full number or its last 4 digits, as the API's public lookup accepts.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import texts, validation


class ValidateStatusForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_status_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot("verified_phone"):
            return ["receipt_number"]
        return ["receipt_number", "phone"]

    def validate_receipt_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        receipt = validation.receipt_in_text(value) if isinstance(value, str) else None
        if receipt:
            return {"receipt_number": receipt}
        dispatcher.utter_message(text=texts.RECEIPT_AGAIN)
        return {"receipt_number": None}

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        phone = validation.normalize_phone(value) or validation.phone_last4(value) if isinstance(value, str) else None
        if phone:
            return {"phone": phone}
        dispatcher.utter_message(text=texts.STATUS_PHONE_AGAIN)
        return {"phone": None}
