"""Performance fixes for Rasa 3.6, applied before the server starts (bot/server/__main__.py). Both were
found with py-spy on the Rasa server during benchmarks/benchmark_conversation.py.

- RemoteAction checks every action-server response with `jsonschema.validate`, which first re-validates the
  constant response schema against its metaschema: 58 % of the server's CPU. One prebuilt validator does the
  same check and raises the same error.
- Loading a tracker looks up each stored event's class by walking every subclass of Event, once per event:
  about 10 % of the server's CPU. The lookup is cached (the set of event classes is fixed at start-up).
"""

from __future__ import annotations

import functools
from typing import Any, Dict, Text

import jsonschema
from jsonschema import ValidationError
from rasa.core.actions import action as rasa_action
from rasa.shared.core import events as rasa_events
from rasa.shared.constants import DOCS_BASE_URL


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


def apply() -> None:
    rasa_action.RemoteAction._validate_action_result = validate_action_result
    rasa_events.Event.resolve_by_type = staticmethod(resolve_event_type)
