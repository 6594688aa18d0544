import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items):
    # Marked `model`, so that `make test-fast` (-m "not model") runs the components' own tests without one.
    for item in items:
        if "trained_model" in item.fixturenames:
            item.add_marker(pytest.mark.model)


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model `scripts/train_if_needed.sh` trained for the current data and config."""
    path = Path(os.environ.get("BOT_MODEL") or ROOT / "models" / "current.tar.gz")
    if not path.exists():
        pytest.fail(f"No trained model at {path}; run scripts/train_if_needed.sh first (make test does).")
    return path


@pytest.fixture(scope="session")
def agent(trained_model):
    from rasa.core.agent import Agent

    return Agent.load(str(trained_model))
