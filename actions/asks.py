"""The forms' plain questions (action_ask_<slot>), as actions rather than utter_ask_<slot> responses.

Rasa 3.6's `rasa data validate --fail-on-warnings` reports every utter_ask_<slot> response as "not used in any
story or rule" (the validator does not know that forms use them), so the questions live here. The forms look
for `action_ask_<form>_<slot>` and `action_ask_<slot>` before any response.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import texts


class _Ask:
    """Mixin of the generated action_ask_<key> actions (not an Action itself, so the action server does not
    register it)."""

    key = ""

    def name(self) -> Text:
        return f"action_ask_{self.key}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        dispatcher.utter_message(text=texts.QUESTIONS[self.key])
        return []


# One action class per question. Kept in this dict: the action server finds actions through
# Action.__subclasses__(), which holds only weak references.
ASK_ACTIONS = {key: type(f"ActionAsk_{key}", (_Ask, Action), {"key": key}) for key in texts.QUESTIONS}
