"""특이민원: abuse, threats and sexual harassment in the chat.

The first abusive message gets one calm warning and the conversation goes on. A repeated one ends the
conversation politely and flags it for staff; a threat or sexual harassment is flagged at once. The bot
never answers in kind. Escalation is signalled through the featurized slot `abuse_escalated`, after which
the rules run action_handoff with `handoff_reason` set (see data/dialogue/rules.yml).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.common import latest_text, session_user_intents

# Threats against people or the office: violence, arson, coming to find someone. Matched on the text
# with spaces removed, since citizens type "가만 안둔다" and "가만안 둔다" alike.
THREAT = re.compile(
    r"죽(여|이|인다|일거|일꺼|여버)|찾아가(서|면|겠|ㄹ)|가만안(둔|둬|두)|불(질러|지르|지를|지른)|칼(로|들고|을들)"
    r"|(때려|패)(죽|버리|줄)|폭탄|테러|흉기|목을(따|매)"
)
# Sexual remarks aimed at the person answering.
SEXUAL = re.compile(
    r"성희롱|섹스|ㅅㅅ하|야한(거|얘기|사진)|가슴(크|작|만지)|몸매|벗어(봐|라)"
    r"|잠자리|엉덩이|자고싶|만지고싶"
)


def severity_of(text: str) -> Optional[str]:
    """'threat' or 'sexual_harassment' when the text is one of those, else None (plain abuse)."""
    compact = re.sub(r"\s+", "", text or "")
    if THREAT.search(compact):
        return "threat"
    if SEXUAL.search(compact):
        return "sexual_harassment"
    return None


class ActionHandleAbuse(Action):
    def name(self) -> Text:
        return "action_handle_abuse"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        severity = severity_of(latest_text(tracker))
        if severity is None and "abuse" not in session_user_intents(tracker)[1:]:
            dispatcher.utter_message(text=texts.ABUSE_WARNING)
            return [SlotSet("abuse_escalated", False)]
        # action_handoff says the closing words once the flagged handoff is filed.
        return [SlotSet("abuse_escalated", True), SlotSet("handoff_reason", severity or "repetition")]
