"""validate_status_form: collects receipt number and phone for action_check_status.

The phone is skipped when this conversation already verified one (verified_phone). The phone may be the
full number or its last 4 digits, as the API's public lookup accepts.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import validation


class ValidateStatusForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_status_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        if tracker.get_slot("verified_phone"):
            return ["receipt_number"]
        return ["receipt_number", "phone"]

    def validate_receipt_number(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        receipt = validation.receipt_in_text(value) if isinstance(value, str) else None
        if receipt:
            return {"receipt_number": receipt}
        dispatcher.utter_message(text="접수번호는 '2026-000123'처럼 연도 4자리와 숫자 6자리로 되어 있습니다. 다시 한번 알려 주시겠어요?")
        return {"receipt_number": None}

    def validate_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> Dict[Text, Any]:
        phone = validation.normalize_phone(value) or validation.phone_last4(value) if isinstance(value, str) else None
        if phone:
            return {"phone": phone}
        dispatcher.utter_message(text="민원을 접수하실 때 남기신 전화번호 전체(예: 010-1234-5678) 또는 뒤 4자리를 알려 주세요.")
        return {"phone": None}
