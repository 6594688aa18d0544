"""The training data is written by this project: no example carries a run of text from a measurement set."""

import json
import os
import re
from pathlib import Path

import pytest

from tests.support.training_data import ANNOTATION, PROJECT_ROOT, training_examples

SHARED_DATA = Path(os.environ.get("SHARED_DIR") or PROJECT_ROOT.parent / "shared") / "data"
# Twenty characters without spaces is a clause: long enough that two independent writers rarely meet,
# short enough to catch a sentence copied with its spacing or an entity annotation changed.
WINDOW = 20


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", ANNOTATION.sub(r"\1", text))


def _windows(text: str) -> set[str]:
    return {text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1)}


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
    copied = [(str(path), text[:60]) for path, text in training_examples() if _windows(_squeezed(text)) & measured]
    assert not copied, copied
