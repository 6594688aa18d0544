"""The end-of-chat rating: on goodbye, a conversation that filed or checked a complaint is asked once for 1-5 and
an optional comment (skippable); otherwise the bot just says goodbye. The answer goes to the API's chat ratings."""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import texts
from actions.api_client import ApiError, acall, get_client
from actions.common import channel_of, list_slot

log = logging.getLogger(__name__)
FORM = "chat_rating_form"
SKIP = "skip"
_SCORE = re.compile(r"^\s*([1-5])\s*(?:점|개)?(?![\d])[\s.,!~]*(.*)$", re.S)
_WORD_SCORES = {"다섯": 5, "넷": 4, "네 점": 4, "셋": 3, "세 점": 3, "둘": 2, "두 점": 2, "하나": 1, "한 점": 1}


def read_answer(text: str) -> Tuple[Optional[int], Optional[str]]:
    """(score, comment) from '5 친절했어요', '4점', '다섯 점이요'; (None, None) for a skip or no score."""
    match = _SCORE.match(text or "")
    if match:
        return int(match.group(1)), match.group(2).strip() or None
    for word, score in _WORD_SCORES.items():
        if (text or "").strip().startswith(word):
            return score, None
    return None, None


def buttons() -> List[Dict[str, str]]:
    # Plain text payloads (no /intent): the form reads the words, whatever the NLU makes of them.
    return [{"title": f"{n}점", "payload": str(n)} for n in range(5, 0, -1)] + [
        {"title": texts.CHAT_RATING_SKIP, "payload": texts.CHAT_RATING_SKIP}
    ]


class ActionEndChat(Action):
    def name(self) -> Text:
        return "action_end_chat"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if list_slot(tracker, "known_receipts") and not tracker.get_slot("chat_rating_state"):
            return [SlotSet("chat_rating_state", "offered"), FollowupAction(FORM)]
        dispatcher.utter_message(response="utter_goodbye")
        return []


class ActionAskChatRating(Action):
    def name(self) -> Text:
        return "action_ask_chat_rating"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(text=texts.CHAT_RATING_QUESTION, buttons=buttons())
        return []


class ValidateChatRatingForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_chat_rating_form"

    def validate_chat_rating(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """One question only: an answer without a score ends the question as skipped, never asks again."""
        score, comment = read_answer(str(value or ""))
        if score is None:
            return {"chat_rating": SKIP}
        return {"chat_rating": f"{score}|{comment or ''}"}


class ActionRecordChatRating(Action):
    def name(self) -> Text:
        return "action_record_chat_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        answer = tracker.get_slot("chat_rating") or SKIP
        events: List[EventType] = [SlotSet("chat_rating_state", "done"), SlotSet("chat_rating", None)]
        if answer == SKIP:
            dispatcher.utter_message(text=texts.CHAT_RATING_SKIPPED)
            return events
        score, _, comment = answer.partition("|")
        try:
            await acall(
                get_client().create_chat_rating,
                conversation_id=tracker.sender_id,
                channel=channel_of(tracker),
                score=int(score),
                comment=comment or None,
            )
        except ApiError:
            log.warning("chat rating could not be recorded", exc_info=True)
            dispatcher.utter_message(text=texts.CHAT_RATING_NOT_SAVED)
            return events
        dispatcher.utter_message(text=texts.CHAT_RATING_THANKS)
        return events
