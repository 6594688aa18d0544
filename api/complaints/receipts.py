"""Receipt numbers citizens can read aloud: YYYY-NNNNNN, unique and never reused."""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

RECEIPT_PATTERN = r"^\d{4}-\d{6,7}$"
_RECEIPT_RE = re.compile(RECEIPT_PATTERN)

# One statement for both backends: the upsert takes the row lock (PostgreSQL) or runs under the
# writer's BEGIN IMMEDIATE (SQLite), so concurrent creators are serialised on the counter row.
_NEXT = text(
    "INSERT INTO receipt_counters (year, last_value) VALUES (:year, 1) "
    "ON CONFLICT (year) DO UPDATE SET last_value = receipt_counters.last_value + 1 "
    "RETURNING last_value"
)


def next_receipt_number(session: Session, year: int) -> str:
    value = session.execute(_NEXT, {"year": year}).scalar_one()
    return format_receipt(year, value)


def format_receipt(year: int, value: int) -> str:
    return f"{year}-{value:06d}"


def normalize_receipt(value: str) -> str | None:
    """Accept '2026-000123', '2026000123' or with spaces; None if it cannot be a receipt number."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    digits = re.sub(r"[\s\-–—.]", "", value)
    if not digits.isascii() or not digits.isdigit() or not 10 <= len(digits) <= 11:
        return None
    candidate = f"{digits[:4]}-{digits[4:]}"
    return candidate if _RECEIPT_RE.match(candidate) else None
