"""How far two trained models disagree: the final label (fallback included) and its confidence on the held-out
sentences (tests/bot/nlu_holdout.yml, tests/bot/nlu_taxonomy.yml) and the user lines of the test stories.

Used to measure training reproducibility: train twice from the same data and seed, then
    .venv-bot/bin/python benchmarks/compare_models.py models/a.tar.gz models/b.tar.gz
Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path
from typing import List, Tuple

import yaml
from benchmark_nlu import taxonomy_probes

ROOT = Path(__file__).resolve().parents[1]
HOLDOUT = ROOT / "tests" / "bot" / "nlu_holdout.yml"
STORIES = ROOT / "tests" / "stories"


def holdout_texts() -> List[str]:
    data = yaml.safe_load(HOLDOUT.read_text(encoding="utf-8"))
    return [line[2:].strip() for item in data["nlu"] for line in item["examples"].splitlines() if line.startswith("- ")]


def story_texts() -> List[str]:
    texts = []
    for path in sorted(STORIES.glob("*.yml")):
        for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]:
            texts += [step["user"].strip() for step in story["steps"] if "user" in step]
    return texts


def labels(model: Path, texts: List[str]) -> List[Tuple[str, float]]:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))

    async def parse_all():
        return [
            (r["intent"]["name"], r["intent"].get("confidence") or 0.0)
            for r in [await agent.parse_message(text) for text in texts]
        ]

    return asyncio.run(parse_all())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_a", type=Path)
    parser.add_argument("model_b", type=Path)
    args = parser.parse_args()
    sets = {
        "held-out intents": holdout_texts(),
        "contract sentences": taxonomy_probes()[0],
        "test story lines": story_texts(),
    }
    texts = [t for group in sets.values() for t in group]
    a, b = labels(args.model_a, texts), labels(args.model_b, texts)
    start = 0
    print(f"{'set':<20} {'lines':>6} {'labels differ':>14} {'max |Δ confidence|':>19}")
    for name, group in sets.items():
        pairs = list(zip(a[start : start + len(group)], b[start : start + len(group)]))
        start += len(group)
        differ = [(t, x[0], y[0]) for t, (x, y) in zip(group, pairs) if x[0] != y[0]]
        delta = max(abs(x[1] - y[1]) for x, y in pairs)
        print(f"{name:<20} {len(group):>6} {len(differ):>14} {delta:>19.4f}")
        for text, x, y in differ:
            print(f"    {x} / {y}: {text[:60]}")


if __name__ == "__main__":
    main()
