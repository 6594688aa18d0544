"""Rasa keeps its behaviour under the performance fixes of bot/server/rasa_patches.py."""

import gc

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.server import rasa_patches


@pytest.fixture(autouse=True)
def patched():
    from rasa.core.agent import Agent
    from rasa.shared.core.events import Event

    originals = RemoteAction._validate_action_result, Event.__dict__["resolve_by_type"], Agent.load_model
    rasa_patches.apply()
    yield
    RemoteAction._validate_action_result, Event.resolve_by_type, Agent.load_model = originals
    gc.unfreeze()


def test_valid_response_passes():
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "a", "value": 1}], "responses": []})


def test_invalid_response_raises_rasas_error():
    action = RemoteAction("action_x", None)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})


def test_event_types_resolve_as_before():
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

    assert Event.resolve_by_type("slot") is SlotSet and Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("action") is ActionExecuted
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")
    events = [{"event": "user", "text": "안녕하세요", "parse_data": {}}, {"event": "slot", "name": "a", "value": 1}]
    assert [type(Event.from_parameters(e)) for e in events] == [UserUttered, SlotSet]


def test_a_loaded_model_is_frozen_out_of_garbage_collection(trained_model):
    from rasa.core.agent import Agent

    gc.unfreeze()
    agent = Agent.load(str(trained_model))
    assert gc.get_freeze_count() > 100_000  # the model's objects, not walked by full collections
    assert agent.is_ready()
