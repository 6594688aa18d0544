"""Second-stage complaint routing: which of the 14 categories a complaint belongs to.

DIET decides what kind of message this is (a complaint, a status question, a greeting ...). Which
department a complaint goes to is then decided by a linear model over TF-IDF morpheme and
character n-grams, trained on the complaint examples only. (Blending in DIET's own ranking of the
categories was measured and only lowered real-world routing; see the README's benchmark.) Long, formal posts are where this
matters: sublinear TF-IDF is length-normalised, so a 2,000-character post is scored like a chat
line, while DIET's raw count features drift far from the short training lines. A long post is
always a complaint unless DIET sees an emergency, abuse or a report about staff: words such as
민원, 처리, 답변 in a post about a broken road do not make it a status question.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text, Tuple

import joblib
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import morphology, pattern_entities

logger = logging.getLogger(__name__)

COMPLAINT_PREFIX = "complaint_"
INTENT_RANKING_KEY = "intent_ranking"
# Lemmas of these parts of speech carry the subject of a complaint; particles and endings do not.
CONTENT_POS = {"Noun", "Verb", "Adjective", "Adverb", "Alpha", "Number", "Unknown", "Exclamation"}
# Intents a long post can still be; everything else (greet, faq, check_status ...) is a short turn.
# Safety and conduct first, whatever else a post says.
ALWAYS_KEPT_FOR_POSTS = {"emergency", "abuse"}
# Kept only when DIET is sure: many posts complain about a bus driver or an official in passing.
# nlu_fallback is not among them: this component runs after the FallbackClassifier, so a post DIET
# was unsure about is still routed (the bot confirms the category with the citizen).
KEEP_FOR_POSTS = ALWAYS_KEPT_FOR_POSTS | {"report_staff_misconduct", "praise_staff", "out_of_scope"}
_SENTENCE_END = re.compile(r"[.!?。\n]+|(?:니다|해요|세요|어요|아요|네요|에요|예요)(?=\s)")


def is_post(text: str, min_chars: int, min_sentences: int) -> bool:
    """A complaint-board style message: long, or several sentences, and no receipt number."""
    if pattern_entities.contains_receipt_number(text):
        return False
    sentences = [s for s in _SENTENCE_END.split(text) if s and s.strip()]
    return len(text) >= min_chars or len(sentences) >= min_sentences


def content_lemmas(tokens) -> str:
    return " ".join(t.lemma for t in tokens if t.get("pos") in CONTENT_POS)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class ComplaintRouter(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "C": 1.0,
            "post_keep_confidence": 0.8,
            "post_min_chars": 80,
            "post_min_sentences": 3,
            # Character n-grams of the same opening the tokenizer analyses (morphology.DEFAULT_MAX_CHARS).
            "max_chars": morphology.DEFAULT_MAX_CHARS,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn"]

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vectorizers: Optional[Tuple[TfidfVectorizer, TfidfVectorizer]] = None,
        classifier: Optional[LogisticRegression] = None,
    ) -> None:
        self.config = config
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizers = vectorizers
        self.classifier = classifier

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ComplaintRouter":
        return cls(config, model_storage, resource)

    def _features(self, messages: List[Message], fit: bool = False):
        """Content-morpheme lemma n-grams (꺼져/꺼진 -> 꺼지다) and character n-grams of the raw text
        (robust to typos and missing spaces), side by side."""
        lemma_docs = [content_lemmas(m.get(TOKENS_NAMES[TEXT], [])) for m in messages]
        texts = [morphology.opening(m.get(TEXT) or "", self.config["max_chars"]) for m in messages]
        lemmas, chars = self.vectorizers
        if fit:
            return hstack([lemmas.fit_transform(lemma_docs), chars.fit_transform(texts)]).tocsr()
        return hstack([lemmas.transform(lemma_docs), chars.transform(texts)]).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        examples = [
            m for m in training_data.intent_examples if (m.get(INTENT) or "").startswith(COMPLAINT_PREFIX)
        ]
        if len({m.get(INTENT) for m in examples}) < 2:
            logger.warning("ComplaintRouter: fewer than two complaint intents in the data; not trained.")
            return self._resource
        self.vectorizers = (
            TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2),
        )
        x = self._features(examples, fit=True)
        self.classifier = LogisticRegression(C=self.config["C"], max_iter=3000)
        self.classifier.fit(x, [m.get(INTENT) for m in examples])
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump((self.vectorizers, self.classifier), directory / "router.joblib")
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "ComplaintRouter":
        try:
            with model_storage.read_from(resource) as directory:
                vectorizers, classifier = joblib.load(directory / "router.joblib")
        except (ValueError, FileNotFoundError):
            logger.warning("ComplaintRouter: no trained router found; complaints keep DIET's ranking.")
            vectorizers, classifier = None, None
        return cls(config, model_storage, resource, vectorizers, classifier)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self.classifier is not None and message.get(TEXT):
                self._rerank(message)
        return messages

    def _rerank(self, message: Message) -> None:
        ranking: List[Dict[Text, Any]] = list(message.get(INTENT_RANKING_KEY) or [])
        if not ranking:
            return
        top = ranking[0]
        post = is_post(message.get(TEXT), self.config["post_min_chars"], self.config["post_min_sentences"])
        if not top[INTENT_NAME_KEY].startswith(COMPLAINT_PREFIX) and not (post and not self._kept_for_post(top)):
            return

        diet = {r[INTENT_NAME_KEY]: r[PREDICTED_CONFIDENCE_KEY] for r in ranking}
        others = {k: v for k, v in diet.items() if not k.startswith(COMPLAINT_PREFIX)}
        if post:
            # A post's complaint categories take the probability the short-turn intents had.
            others = {k: v for k, v in others.items() if k in KEEP_FOR_POSTS}
        complaint_mass = max(1.0 - sum(others.values()), 0.0)
        probabilities = self.classifier.predict_proba(self._features([message]))[0]
        scored = {**others, **{k: p * complaint_mass for k, p in zip(self.classifier.classes_, probabilities)}}
        new_ranking = sorted(
            ({INTENT_NAME_KEY: k, PREDICTED_CONFIDENCE_KEY: float(v)} for k, v in scored.items()),
            key=lambda r: -r[PREDICTED_CONFIDENCE_KEY],
        )[: max(len(ranking), 10)]
        message.set(INTENT, new_ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, new_ranking, add_to_output=True)

    def _kept_for_post(self, top: Dict[Text, Any]) -> bool:
        name = top[INTENT_NAME_KEY]
        if name in ALWAYS_KEPT_FOR_POSTS:
            return True
        return name in KEEP_FOR_POSTS and top[PREDICTED_CONFIDENCE_KEY] >= self.config["post_keep_confidence"]
