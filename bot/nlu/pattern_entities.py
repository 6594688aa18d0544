"""Rule-based entities with fixed shapes: phone numbers, receipt numbers, dates and road addresses."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import List, Optional
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")


@dataclass(frozen=True)
class Found:
    entity: str
    start: int
    end: int
    value: str


# Mobile 010/011/016-019 and landlines (02, 031-064, 070, 15xx/16xx/18xx service numbers excluded).
_PHONE = re.compile(
    r"(?<!\d)(01[016789]|02|0[3-6][1-5]|070)[-.\s]?(\d{3,4})[-.\s]?(\d{4})(?!\d)"
)
# Receipt numbers as the API issues them: 2026-000123; also typed without the dash.
_RECEIPT = re.compile(r"(?<![\d-])(20\d{2})[-\s]?(\d{6})(?![\d-])")
# A road name never ends in the particles 의로/으로 ("명의로 4", "법으로 3"), which are the usual false hits.
_ROAD_ADDRESS = re.compile(r"[가-힣A-Za-z0-9]+(?<![의으])(?:로|길)\s?\d+(?:번길\s?\d+)?(?:-\d+)?(?![\d가-힣])")
_FULL_DATE = re.compile(r"(?<!\d)(20\d{2})\s*[년./-]\s*(\d{1,2})\s*[월./-]\s*(\d{1,2})\s*일?")
_MONTH_DAY = re.compile(r"(?<![\d./-])(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_DAYS_AGO = re.compile(r"(\d{1,2})\s*일\s*전")
_RELATIVE_WORDS = {
    "그저께": -2, "그제": -2, "어제": -1, "어저께": -1, "오늘": 0, "내일": 1, "모레": 2,
    "사흘 전": -3, "나흘 전": -4, "일주일 전": -7, "지난주": -7,
}
_RELATIVE = re.compile("|".join(sorted(map(re.escape, _RELATIVE_WORDS), key=len, reverse=True)))


def normalize_phone(text: str) -> Optional[str]:
    """'01012345678' -> '010-1234-5678'; None when it is not a Korean phone number."""
    m = _PHONE.fullmatch(text.strip())
    return "-".join(m.groups()) if m else None


def normalize_receipt(text: str) -> Optional[str]:
    m = _RECEIPT.search(text.strip())
    return f"{m.group(1)}-{m.group(2)}" if m else None


def contains_receipt_number(text: str) -> bool:
    return _RECEIPT.search(text) is not None


def _safe_date(y: int, m: int, d: int) -> Optional[dt.date]:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def extract(text: str, today: Optional[dt.date] = None) -> List[Found]:
    today = today or dt.datetime.now(SEOUL).date()
    found: List[Found] = []
    taken: List[range] = []

    def add(entity: str, start: int, end: int, value: Optional[str]) -> None:
        if value is None or any(start < r.stop and r.start < end for r in taken):
            return
        taken.append(range(start, end))
        found.append(Found(entity, start, end, value))

    for m in _RECEIPT.finditer(text):
        add("receipt_number", m.start(), m.end(), f"{m.group(1)}-{m.group(2)}")
    for m in _PHONE.finditer(text):
        add("phone", m.start(), m.end(), "-".join(m.groups()))
    for m in _FULL_DATE.finditer(text):
        date = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        add("date", m.start(), m.end(), date.isoformat() if date else None)
    for m in _MONTH_DAY.finditer(text):
        date = _safe_date(today.year, int(m.group(1)), int(m.group(2)))
        if date and date > today:  # "12월 30일" said in January means last year
            date = _safe_date(today.year - 1, date.month, date.day)
        add("date", m.start(), m.end(), date.isoformat() if date else None)
    for m in _DAYS_AGO.finditer(text):
        add("date", m.start(), m.end(), (today - dt.timedelta(days=int(m.group(1)))).isoformat())
    for m in _RELATIVE.finditer(text):
        add("date", m.start(), m.end(), (today + dt.timedelta(days=_RELATIVE_WORDS[m.group()])).isoformat())
    for m in _ROAD_ADDRESS.finditer(text):
        add("location", m.start(), m.end(), m.group())
    return sorted(found, key=lambda f: f.start)
