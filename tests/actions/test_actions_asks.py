"""The forms' plain questions: one action_ask_<slot> per form slot without a response, all declared in domain.yml."""

from __future__ import annotations

from pathlib import Path

import yaml

from actions import asks, texts
from tests.support.trackers import make_tracker, run_action, texts_of

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))


def ask_actions():
    return [cls() for cls in asks.ASK_ACTIONS.values()]


def test_every_question_is_an_action_in_the_domain():
    names = {a.name() for a in ask_actions()}
    # What the action server will register: every generated question, and nothing called just "action_ask_".
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert names <= set(executor.actions) and "action_ask_" not in executor.actions
    assert names == {f"action_ask_{key}" for key in texts.QUESTIONS}
    assert names <= set(DOMAIN["actions"])


def test_every_form_slot_has_a_question():
    actions = set(DOMAIN["actions"])
    responses = set(DOMAIN.get("responses") or {})
    for form, spec in DOMAIN["forms"].items():
        for slot in spec["required_slots"]:
            candidates = {
                f"action_ask_{form}_{slot}",
                f"action_ask_{slot}",
                f"utter_ask_{form}_{slot}",
                f"utter_ask_{slot}",
            }
            assert candidates & (actions | responses), (form, slot)


def test_a_question_is_uttered():
    messages, events = run_action(asks.ASK_ACTIONS["location"](), make_tracker())
    assert "장소" in texts_of(messages) and events == []
