import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.faq_selector import FaqResponseSelector

POST = "집 앞 도로가 파손되었습니다. 차가 지나갈 때마다 소리가 납니다. 빠른 조치 바랍니다."


@pytest.fixture
def selector(tmp_path):
    config = {**FaqResponseSelector.get_default_config(), "retrieval_intent": "faq"}
    return FaqResponseSelector.create(
        config, LocalModelStorage(tmp_path), Resource("faq_selector"), ExecutionContext(GraphSchema({}), "test")
    )


def _message(text, intent):
    return Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9}})


def test_a_post_the_router_takes_gets_no_faq_answer(selector):
    assert not selector._may_be_faq(_message(POST, "complaint_road_traffic"))
    message = _message(POST, "praise_staff")
    assert selector.process([message]) == [message]
    assert message.get("response_selector") is None


def test_chat_lines_and_posts_diet_reads_as_faq_are_answered(selector):
    assert selector._may_be_faq(_message("여권 발급 며칠 걸려요", "faq"))
    assert selector._may_be_faq(_message("여권 발급 며칠 걸려요", "complaint_civil_registry_land"))
    assert selector._may_be_faq(_message(POST, "faq"))
