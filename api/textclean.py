"""Input hygiene shared by all schemas: strip control characters, keep everything else as plain text.

HTML, SQL fragments and emoji are stored verbatim as text; nothing is ever interpreted.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator, StringConstraints

from civic_rules.patterns import PHONE_FORMAT_EXAMPLE, normalize_phone

_NEWLINES = re.compile(r"\r\n?")


def _keep(ch: str, multiline: bool) -> bool:
    if multiline and ch in "\n\t":
        return True
    # Cc = control chars (NUL breaks PostgreSQL), Cs = lone surrogates (cannot be encoded).
    return unicodedata.category(ch) not in ("Cc", "Cs")


def clean_text(value: Any, multiline: bool = False) -> Any:
    if not isinstance(value, str):
        return value  # let the str validator reject wrong types
    if multiline:
        value = _NEWLINES.sub("\n", value)
    return "".join(ch for ch in value if _keep(ch, multiline)).strip()


def clean_json(value: Any, depth: int = 0) -> Any:
    """Recursively clean strings inside free-form JSON (keys and values)."""
    if depth > 20:
        raise ValueError("데이터의 중첩 단계가 너무 깊습니다.")
    if isinstance(value, str):
        return clean_text(value, multiline=True)
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_json(v, depth + 1) for v in value]
    if isinstance(value, float) and value != value:  # NaN cannot be stored as JSON
        return None
    return value


def _single(value: Any) -> Any:
    return clean_text(value, multiline=False)


def _multi(value: Any) -> Any:
    return clean_text(value, multiline=True)


def Line(max_length: int, min_length: int = 1):  # noqa: N802 - reads like a type
    """A single line of text, control characters removed, trimmed."""
    return Annotated[str, BeforeValidator(_single), StringConstraints(min_length=min_length, max_length=max_length)]


def Paragraph(max_length: int, min_length: int = 1):  # noqa: N802
    """Multi-line text (newlines and tabs kept)."""
    return Annotated[str, BeforeValidator(_multi), StringConstraints(min_length=min_length, max_length=max_length)]


def _phone(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    phone = normalize_phone(clean_text(value))
    if phone is None:
        raise ValueError(f"전화번호 형식이 올바르지 않습니다. 예: {PHONE_FORMAT_EXAMPLE}")
    return phone


PhoneNumber = Annotated[str, BeforeValidator(_phone)]
