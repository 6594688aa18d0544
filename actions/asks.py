"""The forms' plain questions (action_ask_<slot>), as actions rather than utter_ask_<slot> responses.

Rasa 3.6's `rasa data validate --fail-on-warnings` reports every utter_ask_<slot> response as "not used in any
story or rule" (the validator does not know that forms use them), so the questions live here. The forms look
for `action_ask_<form>_<slot>` and `action_ask_<slot>` before any response.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

QUESTIONS: Dict[str, str] = {
    # complaint_form (complaint_category, category_confirmed and privacy_consent: see complaint_form.py)
    "description": "어떤 불편이 있으신지 자세히 말씀해 주세요. 언제부터, 어떤 상황인지 적어 주시면 담당 부서가 빠르게 확인할 수 있습니다.",
    "location": "장소가 어디인가요? 도로명 주소나 가까운 건물·정류장 이름을 알려 주세요. 정확히 모르시면 '모름'이라고 하셔도 됩니다.",
    "township": "어느 읍·면인지 알려 주세요. (연천읍, 전곡읍, 군남면, 청산면, 백학면, 미산면, 왕징면, 신서면, 중면, 장남면) "
                "모르시면 '모름'이라고 하셔도 됩니다.",
    "citizen_name": "민원 신청인의 성함을 알려 주세요.",
    "phone": "처리 결과를 안내받으실 전화번호를 알려 주세요. 예: 010-1234-5678",
    # status_form
    "status_form_receipt_number": "확인하실 민원의 접수번호를 알려 주세요. 예: 2026-000123",
    "status_form_phone": "본인 확인을 위해 민원을 접수하실 때 남기신 전화번호를 알려 주세요. 뒤 4자리만 알려 주셔도 됩니다.",
    # callback_form
    "callback_phone": "연락받으실 전화번호를 알려 주세요. 예: 010-1234-5678",
    "callback_name": "담당 직원이 전화드릴 때 어떻게 불러 드리면 될까요? 성함을 알려 주세요.",
    "callback_preferred_time": "통화하기 편하신 시간대가 있으면 알려 주세요. 예: 평일 오후 2시 이후. "
                               "언제든 괜찮으시면 '아무 때나'라고 하셔도 됩니다.",
}


class _Ask:
    """Mixin of the generated action_ask_<key> actions (not an Action itself, so the action server does not
    register it)."""

    key = ""

    def name(self) -> Text:
        return f"action_ask_{self.key}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        dispatcher.utter_message(text=QUESTIONS[self.key])
        return []


# One action class per question. Kept in this dict: the action server finds actions through
# Action.__subclasses__(), which holds only weak references.
ASK_ACTIONS = {key: type(f"ActionAsk_{key}", (_Ask, Action), {"key": key}) for key in QUESTIONS}
