"""Rasa's training cache keyed on this project's NLU code and county file as well.

Rasa reuses a component's cached training output wherever the component's class name, configuration and
inputs are unchanged, whatever its code: after a change to how the intent classifier stores its model, a
retrained model carried the old component's files and failed on its first message. Each of our components
adds a hash of the code it runs on, and of the county file its place names come from, to its fingerprint.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any, Dict, Optional

import civic_rules
from civic_rules.county_file import county_file_path

_CODE_DIRS = (Path(__file__).parent, Path(civic_rules.__file__).parent)


@functools.lru_cache(maxsize=8)
def nlu_code_hash(county_file: Path) -> str:
    digest = hashlib.sha256()
    for directory in _CODE_DIRS:
        for path in sorted(directory.rglob("*.py")):
            digest.update(path.read_bytes())
    if county_file.exists():
        digest.update(county_file.read_bytes())
    return digest.hexdigest()[:16]


class CodeFingerprinted:
    """Mixin for our graph components; it must come before Rasa's base classes."""

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        return nlu_code_hash(county_file_path(config.get("county_config")))
