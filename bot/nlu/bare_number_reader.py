"""Messages that are only a receipt number, a phone number or a date, read by rule after every classifier.

A citizen who types nothing but '2026-000123' asks how that complaint stands, whatever the classifier made of
the digits; no change of the training data can turn a bare phone number into a status question again. The
values are read by civic_rules.patterns, the rules the actions and the API use. Whitespace around the number
and trailing punctuation ('2026-000123.') are tolerated; any word in the message ('2026-000123이요', '30000원')
leaves the classifier's reading as it was.

- Only a receipt number (the API's 'YYYY-NNNNNN', 6 or 7 digits, written with or without separators):
  check_status with confidence 1.0. data/dialogue/rules.yml turns it into a status answer at any point: outside
  a form and during status_form through the status form; during complaint_form and callback_form the form's
  text slots skip check_status (domain.yml), so the form yields, action_check_status answers and the form
  resumes, as with an FAQ question.
- Only a phone number or only an explicit date ('2026-12-03', '12월 3일'): nlu_fallback. A form that asks for a
  phone takes it from the entity whatever the intent (domain.yml's from_entity mappings), which is what the test
  stories expect; outside a form a bare number says nothing to act on, and the bot asks what it is about. A new
  intent (say `inform`) would need training examples of its own (`rasa data validate` fails on an intent
  with none) and a rule in every form state, for the same behaviour. Relative dates ('어제', '3일 전') are
  words and stay with the classifier.

The message then carries exactly one entity, the number, in its canonical form (also where
PatternEntityExtractor's in-sentence patterns miss a spelling, such as '+82 10-1234-5678'), and the number's
intent is put first in the ranking, the classifier's other intents following with their scores.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable, Dict, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import ENTITY_ATTRIBUTE_CONFIDENCE_TYPE
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME as FALLBACK_INTENT
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TEXT,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.code_fingerprint import CodeFingerprinted
from bot.nlu.pattern_entities import SEOUL
from civic_rules import patterns

STATUS_INTENT = "check_status"
# Room for any spelling of one number with spaces around it; a longer message is never read here.
MAX_CHARS = 60
# What may follow the number: a full stop, a question or exclamation mark, a tilde, a comma.
_TRAILING = re.compile(r"[\s.!?~,。]+$")


def seoul_today() -> dt.date:
    return dt.datetime.now(SEOUL).date()


def bare_value(text: Text, today: dt.date) -> Optional[Tuple[Text, Text, int, int]]:
    """(entity, canonical value, start, end) when the text is only a receipt number, a phone number or an
    explicit date; None otherwise."""
    if len(text) > MAX_CHARS:
        return None
    stripped = _TRAILING.sub("", text).strip()
    if not stripped:
        return None
    start = text.index(stripped)
    for entity, value in (
        ("receipt_number", patterns.normalize_receipt(stripped)),
        ("phone", patterns.normalize_phone(stripped)),
        ("date", patterns.explicit_date(stripped, today)),
    ):
        if value:
            return entity, value, start, start + len(stripped)
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class BareNumberReader(CodeFingerprinted, GraphComponent):
    def __init__(self, today: Callable[[], dt.date] = seoul_today) -> None:
        self.today = today

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "BareNumberReader":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        today = self.today()
        for message in messages:
            found = bare_value(message.get(TEXT) or "", today)
            if found:
                self._read(message, *found)
        return messages

    def _read(self, message: Message, entity: Text, value: Text, start: int, end: int) -> None:
        intent = STATUS_INTENT if entity == "receipt_number" else FALLBACK_INTENT
        first = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
        others = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != intent]
        message.set(INTENT, first, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [first, *others], add_to_output=True)
        found = {
            ENTITY_ATTRIBUTE_TYPE: entity,
            ENTITY_ATTRIBUTE_START: start,
            ENTITY_ATTRIBUTE_END: end,
            ENTITY_ATTRIBUTE_VALUE: value,
            ENTITY_ATTRIBUTE_CONFIDENCE_TYPE: 1.0,
            EXTRACTOR: self.__class__.__name__,
            ENTITY_ATTRIBUTE_TEXT: message.get(TEXT)[start:end],
        }
        message.set(ENTITIES, [found], add_to_output=True)
