"""Performance fixes for Rasa 3.6, applied before the server starts (bot/server/__main__.py). The first two
were found with py-spy on the Rasa server during benchmarks/benchmark_conversation.py, the third with
benchmarks/benchmark_nlu.py.

- RemoteAction checks every action-server response with `jsonschema.validate`, which first re-validates the
  constant response schema against its metaschema: 58 % of the server's CPU. One prebuilt validator does the
  same check and raises the same error.
- Loading a tracker looks up each stored event's class by walking every subclass of Event, once per event:
  about 10 % of the server's CPU. The lookup is cached (the set of event classes is fixed at start-up).
- Python's full garbage collections walk every object of the loaded model (TensorFlow, spaCy, vocabularies:
  2.6 GB resident), and a long post allocates enough to trigger one now and then: parse p95 over real posts
  was 321 ms, 81 ms with the model's objects frozen out of collection (`gc.freeze`) once it is loaded.
"""

from __future__ import annotations

import functools
import gc
from typing import Any, Dict, Text

import jsonschema
from jsonschema import ValidationError
from rasa.core import agent as rasa_agent
from rasa.core.actions import action as rasa_action
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core import events as rasa_events


@functools.lru_cache(maxsize=1)
def response_validator():
    schema = rasa_action.RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)  # once, not on every response
    return validator_class(schema)


def validate_action_result(self, result: Dict[Text, Any]) -> bool:
    try:
        response_validator().validate(result)
        return True
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise e


_resolve_event_type = rasa_events.Event.resolve_by_type


@functools.lru_cache(maxsize=None)
def _cached_event_type(type_name: Text):
    try:
        return _resolve_event_type(type_name, None)
    except ValueError:  # unknown: the uncached call below answers (default or the same error)
        return None


def resolve_event_type(type_name: Text, default=None):
    found = _cached_event_type(type_name) if isinstance(type_name, str) else None
    return found if found is not None else _resolve_event_type(type_name, default)


_load_model = rasa_agent.Agent.load_model


def load_model_frozen(self, *args, **kwargs) -> None:
    gc.unfreeze()  # a replaced model's objects must stay collectable
    _load_model(self, *args, **kwargs)
    gc.collect()
    gc.freeze()


def apply() -> None:
    rasa_action.RemoteAction._validate_action_result = validate_action_result
    rasa_events.Event.resolve_by_type = staticmethod(resolve_event_type)
    rasa_agent.Agent.load_model = load_model_frozen
