"""Receipt numbers citizens can read aloud: YYYY-NNNNNN, unique and never reused.

Their format and how a typed number is read are civic_rules.patterns (the bot recognises the same numbers).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from civic_rules.patterns import format_receipt, normalize_receipt

__all__ = ["next_receipt_number", "normalize_receipt"]

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
