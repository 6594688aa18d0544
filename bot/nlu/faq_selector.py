"""Rasa's ResponseSelector for the FAQ, without the work on posts that can never be an FAQ question.

The ComplaintRouter ranks a post (is_post) among complaint categories and POST_INTENTS only, so an
answer picked for a post is never used; on the real-world posts that wasted about 6 ms of a parse.
A post that DIET itself reads as an FAQ question still gets its answer (a router that could not be
trained leaves DIET's ranking in place).
"""

from __future__ import annotations

import warnings
from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.complaint_router import POST_MIN_CHARS, POST_MIN_SENTENCES, is_post

# Rasa's config validator looks for its own ResponseSelector class only and would warn on every training
# that the FAQ examples are unused; this subclass trains on them.
warnings.filterwarnings(
    "ignore", message="You have defined training data with examples for training a response selector"
)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqResponseSelector(ResponseSelector):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **ResponseSelector.get_default_config(),
            # The same post rule as the ComplaintRouter's (keep both equal if config.yml changes one).
            "post_min_chars": POST_MIN_CHARS,
            "post_min_sentences": POST_MIN_SENTENCES,
        }

    def process(self, messages: List[Message]) -> List[Message]:
        super().process([m for m in messages if self._may_be_faq(m)])
        return messages

    def _may_be_faq(self, message: Message) -> bool:
        if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == self.retrieval_intent:
            return True
        return not is_post(
            message.get(TEXT) or "",
            self.component_config["post_min_chars"],
            self.component_config["post_min_sentences"],
        )
