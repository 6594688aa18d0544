"""The forms' plain questions: one action_ask_<slot> per form slot without a response, all declared in domain.yml."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa_sdk import Action

from actions import asks
from conftest import make_tracker, run_action, texts_of

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))


def ask_actions():
    return [cls() for cls in vars(asks).values()
            if isinstance(cls, type) and issubclass(cls, Action) and cls is not Action]


def test_every_question_is_an_action_in_the_domain():
    names = {a.name() for a in ask_actions()}
    assert names == {f"action_ask_{key}" for key in asks.QUESTIONS}
    assert names <= set(DOMAIN["actions"])


def test_every_form_slot_has_a_question():
    actions = set(DOMAIN["actions"])
    responses = set(DOMAIN.get("responses") or {})
    for form, spec in DOMAIN["forms"].items():
        for slot in spec["required_slots"]:
            candidates = {f"action_ask_{form}_{slot}", f"action_ask_{slot}", f"utter_ask_{form}_{slot}", f"utter_ask_{slot}"}
            assert candidates & (actions | responses), (form, slot)


def test_a_question_is_uttered():
    messages, events = run_action(asks.ActionAskLocation(), make_tracker())
    assert "장소" in texts_of(messages) and events == []
