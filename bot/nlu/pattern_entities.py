"""Rule-based entities with fixed shapes: phone numbers, receipt numbers, dates and road addresses.

Phone numbers, receipt numbers and dates are found by civic_rules.patterns, so that every number the bot
recognises is one the actions and the API accept; road addresses are the bot's own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import List, Optional
from zoneinfo import ZoneInfo

from civic_rules import patterns

SEOUL = ZoneInfo("Asia/Seoul")


@dataclass(frozen=True)
class Found:
    entity: str
    start: int
    end: int
    value: str


# A road name never ends in the particles 의로/으로 ("명의로 4", "법으로 3"), which are the usual false hits.
_ROAD_ADDRESS = re.compile(r"[가-힣A-Za-z0-9]+(?<![의으])(?:로|길)\s?\d+(?:번길\s?\d+)?(?:-\d+)?(?![\d가-힣])")


def extract(text: str, today: Optional[dt.date] = None) -> List[Found]:
    """Every entity in the text; where two overlap, the earlier kind in this order wins: receipt number,
    phone, date, road address."""
    today = today or dt.datetime.now(SEOUL).date()
    found: List[Found] = []
    taken: List[range] = []

    def add(entity: str, start: int, end: int, value: str) -> None:
        if any(start < r.stop and r.start < end for r in taken):
            return
        taken.append(range(start, end))
        found.append(Found(entity, start, end, value))

    for start, end, value in patterns.find_receipts(text):
        add("receipt_number", start, end, value)
    for start, end, value in patterns.find_phones(text):
        add("phone", start, end, value)
    for start, end, value in patterns.find_dates(text, today):
        add("date", start, end, value)
    for m in _ROAD_ADDRESS.finditer(text):
        add("location", m.start(), m.end(), m.group())
    return sorted(found, key=lambda f: f.start)
