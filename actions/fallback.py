"""Two misunderstandings in a row hand the conversation to a person instead of a third '다시 말씀해 주세요'."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.common import FALLBACK_INTENT, session_user_intents


class ActionFallback(Action):
    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if session_user_intents(tracker)[1:2] == [FALLBACK_INTENT]:
            dispatcher.utter_message(text=texts.FALLBACK_TO_PERSON)
            return [SlotSet("fallback_repeated", True), SlotSet("handoff_reason", "fallback")]
        dispatcher.utter_message(response="utter_default")
        return [SlotSet("fallback_repeated", False)]
