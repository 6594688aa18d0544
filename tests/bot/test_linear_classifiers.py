"""The logistic-regression intent classifier and FAQ selector on hand-made sparse features (no model)."""

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression

from bot.nlu.faq_selector import FaqResponseSelector
from bot.nlu.linear_intent_classifier import LinearIntentClassifier
from bot.nlu.linear_scores import LinearScores, sublinear_tfidf

# Four "words" as feature columns; each intent or FAQ topic is told by its own word.
WIDTH = 4


def _message(columns, **data):
    counts = np.zeros((1, WIDTH))
    counts[0, columns] = 1
    message = Message(data={"text": "x", **data})
    message.add_features(Features(scipy.sparse.coo_matrix(counts), "sentence", "text", "counts"))
    return message


def _context():
    return ExecutionContext(GraphSchema({}), "test")


def test_linear_scores_equal_sklearns_probabilities():
    rng = np.random.default_rng(0)
    rows = scipy.sparse.random(60, 30, density=0.2, format="csr", random_state=1)
    labels = rng.integers(0, 4, 60)
    classifier = LogisticRegression(max_iter=1000).fit(rows, labels)
    scores = LinearScores(classifier)
    assert scores.weights.dtype == np.float32  # half the memory of sklearn's coefficients
    ours = scores.predict_proba(rows.astype(np.float32))
    assert np.abs(ours - classifier.predict_proba(rows)).max() < 1e-6


def test_sublinear_tfidf_weighs_counts_as_sklearn_does():
    counts = scipy.sparse.random(40, 25, density=0.3, format="csr", random_state=2)
    counts.data = np.ceil(counts.data * 5)  # counts 1..5
    transformer = TfidfTransformer(sublinear_tf=True).fit(counts)
    ours = sublinear_tfidf(counts, transformer.idf_)
    assert np.allclose(ours.toarray(), transformer.transform(counts).toarray())
    assert counts.data.max() > 1  # the counts themselves are left as they were


def test_the_intent_classifier_ranks_the_intent_its_words_belong_to(tmp_path):
    examples = [_message([0], intent="greet"), _message([1], intent="goodbye"), _message([2], intent="affirm")] * 5
    config = {**LinearIntentClassifier.get_default_config()}
    classifier = LinearIntentClassifier.create(config, LocalModelStorage(tmp_path), Resource("intents"), _context())
    resource = classifier.train(TrainingData(examples))
    loaded = LinearIntentClassifier.load(config, LocalModelStorage(tmp_path), resource, _context())
    message = _message([1])
    loaded.process([message])
    ranking = message.get("intent_ranking")
    assert message.get("intent")["name"] == "goodbye" == ranking[0]["name"]
    assert [r["name"] for r in ranking][1:] and abs(sum(r["confidence"] for r in ranking) - 1) < 1e-6


def test_the_faq_selector_answers_in_rasas_response_selector_format(tmp_path):
    examples = [
        _message([0], intent="faq", intent_response_key="faq/passport"),
        _message([1], intent="faq", intent_response_key="faq/office_hours"),
        _message([2], intent="faq", intent_response_key="faq/location"),
        _message([3], intent="greet"),
    ] * 5
    responses = {
        "utter_faq/passport": [{"text": "여권은 민원실에서 발급합니다."}],
        "utter_faq/office_hours": [{"text": "평일 9시부터 18시까지입니다."}],
        "utter_faq/location": [{"text": "군청은 연천읍에 있습니다."}],
    }
    config = {**FaqResponseSelector.get_default_config()}
    selector = FaqResponseSelector.create(config, LocalModelStorage(tmp_path), Resource("faq"), _context())
    resource = selector.train(TrainingData(examples, responses=responses))
    loaded = FaqResponseSelector.load(config, LocalModelStorage(tmp_path), resource, _context())
    message = _message([1], intent={"name": "faq", "confidence": 0.9})
    loaded.process([message])
    answer = message.get("response_selector")["faq"]["response"]
    assert answer["intent_response_key"] == "faq/office_hours"
    assert answer["utter_action"] == "utter_faq/office_hours"
    assert answer["responses"] == responses["utter_faq/office_hours"]
    assert message.get("response_selector")["all_retrieval_intents"] == ["faq"]


@pytest.mark.parametrize("component", [LinearIntentClassifier, FaqResponseSelector])
def test_an_untrained_component_leaves_the_message_alone(tmp_path, component):
    config = {**component.get_default_config()}
    loaded = component.load(config, LocalModelStorage(tmp_path), Resource("missing"), _context())
    message = _message([0], intent={"name": "faq", "confidence": 0.9})
    loaded.process([message])
    assert message.get("intent_ranking") is None and message.get("response_selector") is None
