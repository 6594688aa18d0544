"""Receipt numbers citizens can read aloud: YYYY-NNNNNN, unique and never reused.

Their format and how a typed number is read are civic_rules.patterns (the bot recognises the same numbers).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from api.errors import ApiError
from civic_rules.patterns import format_receipt, normalize_receipt

__all__ = ["next_receipt_number", "normalize_receipt", "receipt_or_404"]

# One statement for both backends: the upsert takes the row lock (PostgreSQL) or runs under the
# writer's BEGIN IMMEDIATE (SQLite), so concurrent creators are serialised on the counter row.
_NEXT = text(
    "INSERT INTO receipt_counters (year, last_value) VALUES (:year, 1) "
    "ON CONFLICT (year) DO UPDATE SET last_value = receipt_counters.last_value + 1 "
    "RETURNING last_value"
)


def receipt_or_404(receipt_number: str) -> str:
    """The stored form of a typed receipt number; text that cannot be one names no complaint."""
    normalized = normalize_receipt(receipt_number)
    if normalized is None:
        raise ApiError(404, "해당 접수번호의 민원을 찾을 수 없습니다. 접수번호는 2026-000123 형식입니다.", "not_found")
    return normalized


def next_receipt_number(session: Session, year: int) -> str:
    value = session.execute(_NEXT, {"year": year}).scalar_one()
    return format_receipt(year, value)
