"""The CRF entity extractor is stored as the trained CRF and tags after loading as it did when trained."""

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.crf_entity_extractor import StoredCRFEntityExtractor
from bot.nlu.korean_tokenizer import KoreanTokenizer

PLACES = ["차탄리", "은대리", "왕림리", "두일리", "마전리", "대광리"]
TRAINING = 'version: "3.1"\nnlu:\n- intent: complaint\n  examples: |\n' + "".join(
    f"    - [{place}](location) 마을회관 앞 가로등이 꺼졌어요\n"
    f"    - 우리 [{place}](location) 도로에 포트홀이 생겼습니다\n"
    f"    - 쓰레기가 [{place}](location) 정류장에 쌓여 있어요\n"
    for place in PLACES
)


def _featurized(messages):
    """The extractor trains only on messages some featurizer has seen; one constant feature will do."""
    tokenizer = KoreanTokenizer(KoreanTokenizer.get_default_config())
    for message in messages:
        tokenizer.process([message])
        message.add_features(Features(scipy.sparse.coo_matrix(np.ones((1, 1))), "sentence", "text", "constant"))
    return messages


def test_a_stored_crf_holds_no_training_set_and_tags_after_loading_as_trained(tmp_path):
    training_data = RasaYAMLReader().reads(TRAINING)
    _featurized(training_data.training_examples)
    context = ExecutionContext(GraphSchema({}), "test")
    config = StoredCRFEntityExtractor.get_default_config()
    trained = StoredCRFEntityExtractor.create(config, LocalModelStorage(tmp_path), Resource("crf"), context)
    resource = trained.train(training_data)

    stored = sorted(path.name for path in (tmp_path / resource.name).iterdir())
    assert stored == ["crf_order.json", "entity.crfsuite"]

    loaded = StoredCRFEntityExtractor.load(config, LocalModelStorage(tmp_path), resource, context)
    for text in ["[은대리] 마을회관 앞 가로등이 꺼졌어요", "쓰레기가 차탄리 정류장에 쌓여 있어요", "안녕하세요"]:
        by_trained, by_loaded = _featurized([Message(data={"text": text}), Message(data={"text": text})])
        trained.process([by_trained])
        loaded.process([by_loaded])
        assert by_loaded.get("entities", []) == by_trained.get("entities", [])
    assert [e["value"] for e in by_loaded.get("entities", [])] == []  # a greeting names no place
    places = _featurized([Message(data={"text": "쓰레기가 차탄리 정류장에 쌓여 있어요"})])[0]
    loaded.process([places])
    assert [e["value"] for e in places.get("entities", [])] == ["차탄리"]


def test_a_model_trained_without_entities_loads_an_extractor_that_finds_none(tmp_path):
    training_data = RasaYAMLReader().reads('version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - 안녕하세요\n')
    _featurized(training_data.training_examples)
    context = ExecutionContext(GraphSchema({}), "test")
    config = StoredCRFEntityExtractor.get_default_config()
    resource = StoredCRFEntityExtractor.create(config, LocalModelStorage(tmp_path), Resource("crf"), context).train(
        training_data
    )
    loaded = StoredCRFEntityExtractor.load(config, LocalModelStorage(tmp_path), resource, context)
    message = _featurized([Message(data={"text": "차탄리 가로등"})])[0]
    loaded.process([message])
    assert message.get("entities", []) == []
