"""The contracts in data/contracts/: readable, and the same as the project's shared originals where those exist."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from civic_rules.contracts import (
    CATEGORIES_FILE,
    CONTRACTS_DIR,
    INTENT_CONTRACT_FILE,
    KAKAO_SAMPLES_DIR,
    PROJECT_ROOT,
    categories_path,
    category_of_intent,
    complaint_intent,
    is_complaint_intent,
    load_categories,
    load_intent_contract,
)

SHARED = Path(os.environ.get("SHARED_DIR") or PROJECT_ROOT.parent / "shared")
COPIES = [
    "categories.yml",
    "nlu-contract.yml",
    "kakao/README.md",
    "kakao/skill-request.json",
    "kakao/skill-request-callback.json",
]


@pytest.mark.parametrize("name", COPIES)
def test_copy_matches_the_shared_contract(name):
    original = SHARED / name
    if not original.exists():
        pytest.skip(f"no {original} on this machine: the repository's copy stands alone")
    copy = CONTRACTS_DIR / name
    assert copy.read_bytes() == original.read_bytes(), f"data/contracts/{name} differs from {original}"


def test_categories_contract():
    categories = load_categories()
    assert len(categories) == 14 and list(categories)[0] == "road_traffic"
    assert categories["water_sewer"].name == "상하수도" and "누수" in categories["water_sewer"].covers


def test_categories_path_follows_categories_path(monkeypatch, tmp_path):
    monkeypatch.delenv("CATEGORIES_PATH", raising=False)
    assert categories_path() == CATEGORIES_FILE
    monkeypatch.setenv("CATEGORIES_PATH", str(tmp_path / "c.yml"))
    assert categories_path() == tmp_path / "c.yml"


def test_intent_contract_and_complaint_intents():
    contract = load_intent_contract()
    assert INTENT_CONTRACT_FILE.exists() and {"greet", "check_status", "faq"} <= set(contract["dialogue_intents"])
    assert complaint_intent("road_traffic") == "complaint_road_traffic"
    assert category_of_intent("complaint_road_traffic") == "road_traffic"
    assert category_of_intent("check_status") is None and category_of_intent(None) is None
    assert is_complaint_intent("complaint_water_sewer") and not is_complaint_intent("faq")


def test_kakao_samples_are_skill_payloads():
    for name in ("skill-request.json", "skill-request-callback.json"):
        payload = json.loads((KAKAO_SAMPLES_DIR / name).read_text(encoding="utf-8"))
        assert payload["userRequest"]["user"]["id"] and payload["userRequest"]["utterance"]
    callback = json.loads((KAKAO_SAMPLES_DIR / "skill-request-callback.json").read_text(encoding="utf-8"))
    assert callback["userRequest"]["callbackUrl"]
