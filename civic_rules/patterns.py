"""Fixed-shape values citizens type: phone numbers, receipt numbers, dates. One definition of each.

The bot finds them in chat lines, the actions check the slot values, the API validates what it stores; all
three use these functions, so a number the bot recognises is one the actions and the API accept.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterator, Optional, Tuple

Span = Tuple[int, int, str]  # start, end, canonical value

FULLWIDTH = str.maketrans("０１２３４５６７８９－", "0123456789-")

# --- phone numbers ---------------------------------------------------------------------------------
# The numbers a citizen can be called back at: mobile (010; 011 and 016-019 are still in use by people
# who kept them), the area codes of the country's regions (02 Seoul, 031-033, 041-044, 051-055, 061-064)
# and 070 internet phones. Not personal numbers: 15xx/16xx/18xx service numbers, 080 toll-free,
# 060 premium-rate, 050x relay numbers; the prefixes 034-035, 045, 056-057, 065 are not assigned.
# Digits after the prefix: 010 numbers have 8 (010-1234-5678); the old mobile prefixes 7 or 8.
MOBILE_PREFIXES = {"010": (8,), "011": (7, 8), "016": (7, 8), "017": (7, 8), "018": (7, 8), "019": (7, 8)}
AREA_CODES = (
    "02",
    "031",
    "032",
    "033",
    "041",
    "042",
    "043",
    "044",
    "051",
    "052",
    "053",
    "054",
    "055",
    "061",
    "062",
    "063",
    "064",
    "070",
)
_PREFIXES = "|".join(sorted((*MOBILE_PREFIXES, *AREA_CODES), key=len, reverse=True))
# A phone number inside a sentence: prefix, 3-4 digits, 4 digits, with an optional '-', '.' or space between.
_PHONE_IN_TEXT = re.compile(rf"(?<!\d)(?:{_PREFIXES})[-.\s]?\d{{3,4}}[-.\s]?\d{{4}}(?!\d)")
_PHONE_CHARS = re.compile(r"^[0-9\s\-.()+]+$")
PHONE_FORMAT_EXAMPLE = "010-1234-5678"


def phone_digits(value: Any) -> str:
    """Only the digits ('010-1234-5678' -> '01012345678'), with +82 / 82 written as the leading 0."""
    text = str(value or "").translate(FULLWIDTH).strip()
    digits = re.sub(r"\D", "", text)
    # No Korean number starts with 8; the length check keeps a last-four like '8234' as it is.
    if digits.startswith("82") and (text.startswith("+") or len(digits) >= 10):
        digits = "0" + digits[2:]
    return digits


def normalize_phone(value: Any) -> Optional[str]:
    """A Korean mobile or landline number in canonical hyphenated form, or None.

    '01012345678', '010 1234 5678', '+82 10-1234-5678' -> '010-1234-5678'; '0318392221' -> '031-839-2221';
    '021234567' -> '02-123-4567'. Text around the number, 4-digit fragments and service numbers (1588-…)
    are rejected.
    """
    if not isinstance(value, str):
        return None
    text = value.translate(FULLWIDTH).strip()
    if not text or len(text) > 30 or not _PHONE_CHARS.match(text):
        return None
    if text.startswith("+") and not re.sub(r"\D", "", text).startswith("82"):  # another country's number
        return None
    digits = phone_digits(text)
    if digits.startswith("0100"):  # "010-0xxx" numbers are not issued
        return None
    for prefix, lengths in MOBILE_PREFIXES.items():
        if digits.startswith(prefix):
            rest = digits[len(prefix) :]
            if len(rest) not in lengths:
                return None
            return f"{prefix}-{rest[:-4]}-{rest[-4:]}"
    for code in sorted(AREA_CODES, key=len, reverse=True):
        if digits.startswith(code):
            rest = digits[len(code) :]
            if len(rest) not in (7, 8) or rest[0] == "0":
                return None
            return f"{code}-{rest[:-4]}-{rest[-4:]}"
    return None


def phone_last4(value: Any) -> Optional[str]:
    """The last four digits alone ('5678'), as the status lookup accepts them; None otherwise."""
    if not isinstance(value, str):
        return None
    text = value.translate(FULLWIDTH).strip()
    return text if re.fullmatch(r"\d{4}", text) else None


def find_phones(text: str) -> Iterator[Span]:
    """Every valid phone number in a sentence, canonical."""
    for m in _PHONE_IN_TEXT.finditer(text):
        value = normalize_phone(m.group())
        if value:
            yield m.start(), m.end(), value


# --- receipt numbers -------------------------------------------------------------------------------
# YYYY-NNNNNN: the year and a counter for that year, 6 digits, 7 once a year passes 999,999 complaints.
RECEIPT_PATTERN = r"^20\d{2}-\d{6,7}$"
RECEIPT_FORMAT_EXAMPLE = "2026-000123"
_RECEIPT = re.compile(RECEIPT_PATTERN)
_RECEIPT_SEPARATORS = re.compile(r"[\s\-–—.]")
# Inside a sentence: not glued to other digits or dashes (a phone number, a date range).
_RECEIPT_IN_TEXT = re.compile(r"(?<![\d-])(20\d{2})[\s\-–—.]?(\d{6,7})(?![\d-])")


def format_receipt(year: int, counter: int) -> str:
    return f"{year}-{counter:06d}"


def normalize_receipt(value: Any) -> Optional[str]:
    """The receipt number `value` is, canonical 'YYYY-NNNNNN(N)'; None when it is anything else.

    '2026-000123', '2026000123', '2026 000123', '２０２６-０００１２３' -> '2026-000123'.
    """
    if not isinstance(value, str) or len(value) > 40:
        return None
    compact = _RECEIPT_SEPARATORS.sub("", value.translate(FULLWIDTH))
    if not (compact.isascii() and compact.isdigit()):
        return None
    candidate = f"{compact[:4]}-{compact[4:]}"
    return candidate if _RECEIPT.match(candidate) else None


def find_receipts(text: str) -> Iterator[Span]:
    """Every receipt number written inside a sentence ('접수번호 2026-000123 이요'), canonical."""
    for m in _RECEIPT_IN_TEXT.finditer(text.translate(FULLWIDTH)):
        yield m.start(), m.end(), f"{m.group(1)}-{m.group(2)}"


def receipt_in_text(text: Any) -> Optional[str]:
    """The receipt number a short message is or contains; None when there is none."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    return normalize_receipt(text) or next((value for _, _, value in find_receipts(text)), None)


def contains_receipt_number(text: str) -> bool:
    return next(find_receipts(text), None) is not None


# --- dates -----------------------------------------------------------------------------------------

_FULL_DATE = re.compile(r"(?<!\d)(20\d{2})\s*[년./-]\s*(\d{1,2})\s*[월./-]\s*(\d{1,2})\s*일?")
_MONTH_DAY = re.compile(r"(?<![\d./-])(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_DAYS_AGO = re.compile(r"(\d{1,2})\s*일\s*전")
_RELATIVE_WORDS = {
    "그저께": -2,
    "그제": -2,
    "어제": -1,
    "어저께": -1,
    "오늘": 0,
    "내일": 1,
    "모레": 2,
    "사흘 전": -3,
    "나흘 전": -4,
    "일주일 전": -7,
    "지난주": -7,
}
_RELATIVE = re.compile("|".join(sorted(map(re.escape, _RELATIVE_WORDS), key=len, reverse=True)))


def _safe_date(y: int, m: int, d: int) -> Optional[dt.date]:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _full_date(m: re.Match) -> Optional[dt.date]:
    return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _month_day(m: re.Match, today: dt.date) -> Optional[dt.date]:
    date = _safe_date(today.year, int(m.group(1)), int(m.group(2)))
    if date and date > today:  # "12월 30일" said in January means last year
        date = _safe_date(today.year - 1, date.month, date.day)
    return date


def find_dates(text: str, today: dt.date) -> Iterator[Span]:
    """Dates in a sentence as ISO dates, most explicit form first: '2026년 3월 5일', '3월 5일' (the latest such
    day not after today), '3일 전', '어제'. Impossible dates ('2월 30일') are skipped."""
    for m in _FULL_DATE.finditer(text):
        date = _full_date(m)
        if date:
            yield m.start(), m.end(), date.isoformat()
    for m in _MONTH_DAY.finditer(text):
        date = _month_day(m, today)
        if date:
            yield m.start(), m.end(), date.isoformat()
    for m in _DAYS_AGO.finditer(text):
        yield m.start(), m.end(), (today - dt.timedelta(days=int(m.group(1)))).isoformat()
    for m in _RELATIVE.finditer(text):
        yield m.start(), m.end(), (today + dt.timedelta(days=_RELATIVE_WORDS[m.group()])).isoformat()


def explicit_date(value: Any, today: dt.date) -> Optional[str]:
    """The ISO date `value` is when it is one explicit date and nothing else: '2026-12-03', '2026년 12월 3일',
    '12월 3일' (read as find_dates reads it). None for relative words ('어제', '3일 전'), which are words, and
    for impossible dates."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    text = value.translate(FULLWIDTH).strip()
    m = _FULL_DATE.fullmatch(text)
    if m:
        date = _full_date(m)
    else:
        m = _MONTH_DAY.fullmatch(text)
        date = _month_day(m, today) if m else None
    return date.isoformat() if date else None
