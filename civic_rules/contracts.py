"""Where the contracts are (data/contracts/) and how to read them: the complaint categories and the intent names.

They are copies of the contracts the project was specified with, kept in the repository so that a clone
needs nothing beside it; tests/civic_rules/test_contract_copies.py compares them with ../shared/ where that
folder exists.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from civic_rules.yaml_file import read_yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONTRACTS_DIR = PROJECT_ROOT / "data" / "contracts"
CATEGORIES_FILE = CONTRACTS_DIR / "categories.yml"
INTENT_CONTRACT_FILE = CONTRACTS_DIR / "nlu-contract.yml"
KAKAO_SAMPLES_DIR = CONTRACTS_DIR / "kakao"

# Every complaint intent is complaint_<category id>.
COMPLAINT_INTENT_PREFIX = "complaint_"


class ContractError(RuntimeError):
    """A contract or the county file is missing or does not hold what the code needs."""


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    covers: str = ""


def categories_path(explicit: Optional[os.PathLike] = None) -> Path:
    """The categories file: an explicit path, else CATEGORIES_PATH, else the repository's copy; relative to the
    project."""
    path = Path(explicit or os.environ.get("CATEGORIES_PATH") or CATEGORIES_FILE)
    return path if path.is_absolute() else PROJECT_ROOT / path


def load_categories(path: Optional[os.PathLike] = None) -> dict[str, Category]:
    """The complaint categories by id, in the contract's order."""
    path = categories_path(path)
    if not path.exists():
        raise ContractError(f"categories file not found: {path} (set CATEGORIES_PATH)")
    data = read_yaml(path)
    return {
        c["id"]: Category(id=c["id"], name=c.get("name", c["id"]), covers=c.get("covers", ""))
        for c in data["categories"]
    }


def load_intent_contract(path: Optional[os.PathLike] = None) -> dict:
    """The intent contract: `dialogue_intents` (name -> meaning) and the complaint intents' rule."""
    return read_yaml(Path(path or INTENT_CONTRACT_FILE))


def complaint_intent(category_id: str) -> str:
    return COMPLAINT_INTENT_PREFIX + category_id


def category_of_intent(intent: Optional[str]) -> Optional[str]:
    """'complaint_road_traffic' -> 'road_traffic'; None for any other intent."""
    if intent and intent.startswith(COMPLAINT_INTENT_PREFIX):
        return intent[len(COMPLAINT_INTENT_PREFIX) :]
    return None


def is_complaint_intent(intent: Optional[str]) -> bool:
    return category_of_intent(intent) is not None
