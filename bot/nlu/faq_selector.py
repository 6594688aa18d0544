"""The FAQ answer for a routine question: which faq/<topic> it asks, in Rasa's response-selector format.

A logistic regression over the featurizers' sentence features, like the intent classifier
(docs/decisions/0013-linear-classifiers.md), in place of Rasa's ResponseSelector. The output is the
ResponseSelector's, so `utter_faq` and action_answer_faq read it unchanged.

Posts are skipped: the ComplaintRouter ranks a post (is_post) among complaint categories and POST_INTENTS
only, so an answer picked for it would never be used. A post the intent classifier itself reads as an FAQ
question still gets its answer.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any, Dict, List, Optional, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data import util
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.code_fingerprint import CodeFingerprinted
from bot.nlu.complaint_router import POST_MIN_CHARS, POST_MIN_SENTENCES, is_post
from bot.nlu.sentence_matrix import SentenceLogisticRegression

logger = logging.getLogger(__name__)

# Rasa's config validator looks for its own ResponseSelector class only and would warn on every training
# that the FAQ examples are unused; this component trains on them.
warnings.filterwarnings(
    "ignore", message="You have defined training data with examples for training a response selector"
)

MODEL_FILE = "faq_selector.joblib"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqResponseSelector(CodeFingerprinted, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "retrieval_intent": "faq",
            "C": 10.0,
            "ranking_length": 5,
            # The same post rule as the ComplaintRouter's (keep both equal if config.yml changes one).
            "post_min_chars": POST_MIN_CHARS,
            "post_min_sentences": POST_MIN_SENTENCES,
        }

    @staticmethod
    def required_components() -> List[type]:
        return [Featurizer]

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[SentenceLogisticRegression] = None,
        responses: Optional[Dict[Text, List[Dict[Text, Any]]]] = None,
        retrieval_intents: Optional[List[Text]] = None,
    ) -> None:
        self.config = config
        self._model_storage = model_storage
        self._resource = resource
        self.model = model
        self.responses = responses or {}
        self.retrieval_intents = retrieval_intents or []

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FaqResponseSelector":
        return cls(config, model_storage, resource)

    @property
    def retrieval_intent(self) -> Text:
        return self.config["retrieval_intent"]

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT) == self.retrieval_intent]
        labels = [m.get(INTENT_RESPONSE_KEY) for m in examples]
        if len(set(labels)) < 2:
            logger.warning(f"FaqResponseSelector: fewer than two {self.retrieval_intent} topics; not trained.")
            return self._resource
        self.model = SentenceLogisticRegression(self.config["C"]).fit(examples, labels)
        prefix = util.intent_response_key_to_template_key(f"{self.retrieval_intent}/")
        self.responses = {k: v for k, v in training_data.responses.items() if k.startswith(prefix)}
        self.retrieval_intents = sorted(training_data.retrieval_intents)
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump((self.model, self.responses, self.retrieval_intents), directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "FaqResponseSelector":
        try:
            with model_storage.read_from(resource) as directory:
                model, responses, retrieval_intents = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("FaqResponseSelector: no trained model found; FAQ questions get no answer key.")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, model, responses, retrieval_intents)

    def process(self, messages: List[Message]) -> List[Message]:
        asked = [m for m in messages if self._may_be_faq(m)]
        if self.model is None or not asked:
            return messages
        for message, ranked in zip(asked, self.model.rankings(asked, self.config["ranking_length"])):
            self._set_answer(message, ranked)
        return messages

    def _set_answer(self, message: Message, ranked: List[tuple]) -> None:
        key, confidence = ranked[0]
        utter_action = util.intent_response_key_to_template_key(key)
        prediction = {
            RESPONSE_SELECTOR_PREDICTION_KEY: {
                RESPONSE_SELECTOR_RESPONSES_KEY: self.responses.get(utter_action) or [{TEXT: key}],
                PREDICTED_CONFIDENCE_KEY: confidence,
                INTENT_RESPONSE_KEY: key,
                RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action,
            },
            RESPONSE_SELECTOR_RANKING_KEY: [{INTENT_RESPONSE_KEY: k, PREDICTED_CONFIDENCE_KEY: p} for k, p in ranked],
        }
        properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME, {})
        properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = self.retrieval_intents
        properties[self.retrieval_intent] = prediction
        message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)

    def _may_be_faq(self, message: Message) -> bool:
        if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == self.retrieval_intent:
            return True
        return not is_post(message.get(TEXT) or "", self.config["post_min_chars"], self.config["post_min_sentences"])
