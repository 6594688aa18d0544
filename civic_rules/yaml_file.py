"""Reading the project's YAML files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# The C loader is ~10x faster; fall back to the pure-Python one where libyaml is missing.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader) or {}
