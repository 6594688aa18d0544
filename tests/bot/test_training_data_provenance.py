"""The training data is written by this project: no example carries a run of text from a measurement set."""

import json
import os
import re
from pathlib import Path

import pytest
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = Path(os.environ.get("SHARED_DIR") or PROJECT_ROOT.parent / "shared") / "data"
# Twenty characters without spaces is a clause: long enough that two independent writers rarely meet,
# short enough to catch a sentence copied with its spacing or an entity annotation changed.
WINDOW = 20

ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", ANNOTATION.sub(r"\1", text))


def _windows(text: str) -> set[str]:
    return {text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1)}


def _training_examples():
    for path in sorted((PROJECT_ROOT / "data" / "nlu").rglob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in block.get("examples", "").splitlines():
                if line.lstrip().startswith("- "):
                    yield path.relative_to(PROJECT_ROOT), line.lstrip()[2:]


def test_squeezing_removes_spaces_and_annotations_so_a_respaced_copy_is_still_caught():
    copied = "연천읍 [차탄리](location) 마을회관 앞   도로에 큰 포트홀이 생겼습니다"
    original = "연천읍 차탄리 마을회관 앞 도로에 큰 포트홀이 생겼습니다"
    unrelated = "전곡읍 은대리 어린이집 앞 인도에 보도블럭이 깨졌습니다"
    assert _squeezed(copied) == _squeezed(original)
    assert _windows(_squeezed(copied)) & _windows(_squeezed(original))
    assert not _windows(_squeezed(unrelated)) & _windows(_squeezed(original))


def test_no_training_example_shares_a_clause_with_a_measurement_set():
    sets = sorted(SHARED_DATA.glob("*.jsonl"))
    if not sets:
        pytest.skip(f"no measurement sets at {SHARED_DATA} (a county's clone has none)")
    measured: set[str] = set()
    for path in sets:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                measured |= _windows(_squeezed(json.loads(line).get("text", "")))
    copied = [(str(path), text[:60]) for path, text in _training_examples() if _windows(_squeezed(text)) & measured]
    assert not copied, copied
