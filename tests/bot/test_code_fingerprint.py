"""Rasa's training cache must not hand a retrained model a component trained by older code."""

import importlib

import yaml

from bot.nlu.code_fingerprint import CodeFingerprinted, nlu_code_hash
from civic_rules.county_file import PROJECT_ROOT


def project_components():
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    for step in config["pipeline"]:
        if step["name"].startswith("bot."):
            module, _, name = step["name"].rpartition(".")
            yield getattr(importlib.import_module(module), name)


def test_every_project_component_adds_the_code_to_its_fingerprint():
    components = list(project_components())
    assert len(components) >= 5
    for component in components:
        # Before Rasa's base classes, whose fingerprint_addon adds nothing.
        assert component.fingerprint_addon.__func__ is CodeFingerprinted.fingerprint_addon.__func__, component
        assert component.fingerprint_addon({})


def test_the_fingerprint_follows_the_county_file(tmp_path):
    one, other = tmp_path / "one.yml", tmp_path / "other.yml"
    one.write_text("name: 연천군\n", encoding="utf-8")
    other.write_text("name: 청양군\n", encoding="utf-8")
    assert nlu_code_hash(one) != nlu_code_hash(other)
    assert nlu_code_hash(one) == nlu_code_hash.__wrapped__(one)
