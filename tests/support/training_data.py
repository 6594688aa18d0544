"""The examples of the project's NLU training data, read straight from data/nlu (no Rasa needed)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, Tuple

import yaml

from tests.support.processes import PROJECT_ROOT

# An entity annotation, [전곡읍](location): the text is its first group.
ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def training_examples() -> Iterator[Tuple[Path, str]]:
    """(file relative to the project, text) of every example, annotations replaced by their text."""
    for path in sorted((PROJECT_ROOT / "data" / "nlu").rglob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in block.get("examples", "").splitlines():
                if line.strip().startswith("- "):
                    yield path.relative_to(PROJECT_ROOT), ANNOTATION.sub(r"\1", line.strip()[2:].strip())
