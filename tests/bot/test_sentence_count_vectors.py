import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.sentence_count_vectors import SentenceCountVectorsFeaturizer

EXAMPLES = [
    ("집 앞 도로가 파였어요", "complaint_road_traffic"),
    ("도로에 구멍이 났어요", "complaint_road_traffic"),
    ("쓰레기를 안 치워 가요", "complaint_environment_waste"),
    ("안녕하세요", "greet"),
]
# Both analyzers of config.yml; only the word analyzer featurizes intent labels too.
CONFIGS = [
    {"analyzer": "word", "min_ngram": 1, "max_ngram": 2},
    {"analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
]


def _tokenized(tmp_path, texts_and_intents):
    tokenizer = WhitespaceTokenizer.create(
        WhitespaceTokenizer.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("tokenizer"),
        ExecutionContext(GraphSchema({}), "test"),
    )
    data = TrainingData([Message(data={TEXT: t, INTENT: i}) for t, i in texts_and_intents])
    tokenizer.process_training_data(data)
    return data


def _trained(cls, tmp_path, name, config):
    featurizer = cls.create(
        {**cls.get_default_config(), **config},
        LocalModelStorage(tmp_path),
        Resource(name),
        ExecutionContext(GraphSchema({}), "test"),
    )
    featurizer.train(_tokenized(tmp_path, EXAMPLES))
    return featurizer


@pytest.fixture(params=CONFIGS, ids=lambda c: c["analyzer"])
def featurizers(tmp_path, request):
    return (
        _trained(SentenceCountVectorsFeaturizer, tmp_path, "sentence", request.param),
        _trained(CountVectorsFeaturizer, tmp_path, "rasa", request.param),
        request.param["analyzer"],
    )


def test_sentence_counts_are_rasas_and_token_rows_carry_no_counts(featurizers, tmp_path):
    ours, rasas, analyzer = featurizers
    data_ours, data_rasas = _tokenized(tmp_path, EXAMPLES), _tokenized(tmp_path, EXAMPLES)
    ours.process_training_data(data_ours)
    rasas.process_training_data(data_rasas)
    for mine, theirs in zip(data_ours.training_examples, data_rasas.training_examples):
        seq, sentence = mine.get_sparse_features(TEXT)
        rasa_seq, rasa_sentence = theirs.get_sparse_features(TEXT)
        assert (sentence.features != rasa_sentence.features).nnz == 0
        assert sentence.features.nnz > 0
        # One row per token, as Rasa's, so the message length stays right; no counts in them.
        assert seq.features.shape == (rasa_seq.features.shape[0], 1)
        assert seq.features.nnz == 0
        # Only the message text changes: an intent label keeps its token-level features.
        rasa_intent = theirs.get_sparse_features(INTENT)[0]
        assert (rasa_intent is not None) == (analyzer == "word")
        if rasa_intent is not None:
            assert (mine.get_sparse_features(INTENT)[0].features != rasa_intent.features).nnz == 0


def test_a_new_message_at_parse_time(featurizers, tmp_path):
    ours, _, _ = featurizers
    message = _tokenized(tmp_path, [("도로가 파였어요 🙏", "")]).training_examples[0]
    ours.process([message])
    seq, sentence = message.get_sparse_features(TEXT)
    assert seq.features.shape[1] == 1 and seq.features.nnz == 0
    assert sentence.features.shape[0] == 1 and sentence.features.nnz > 0
