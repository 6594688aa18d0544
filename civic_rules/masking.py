"""Masking of personal data wherever it is shown but not needed: replies read back to the citizen, staff
lists, application logs."""

from __future__ import annotations

import re
from typing import Optional

from civic_rules.patterns import phone_digits

# Anything shaped like a phone number, valid or not: a log line is masked generously.
_PHONE_LIKE = re.compile(r"(?<!\d)(0\d{1,2})[-. ]?(\d{3,4})[-. ]?(\d{4})(?!\d)")


def mask_phone(phone: Optional[str]) -> Optional[str]:
    """'010-1234-5678' -> '010-****-5678', '02-123-4567' -> '02-****-4567': always four stars, so the mask does
    not tell how long the middle part was. Fewer than 8 digits: all stars."""
    if not phone:
        return phone
    digits = phone_digits(phone)
    if len(digits) < 8:
        return "*" * len(digits)
    head = digits[:2] if digits.startswith("02") else digits[:3]
    return f"{head}-****-{digits[-4:]}"


def mask_text(text: str) -> str:
    """Every phone-shaped number in free text masked (log lines, transcripts)."""
    return _PHONE_LIKE.sub(lambda m: f"{m.group(1)}-****-{m.group(3)}", text)


def mask_name(name: Optional[str]) -> Optional[str]:
    """'홍길동' -> '홍*동', '김철' -> '김*'."""
    if not name:
        return name
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_address(address: Optional[str]) -> Optional[str]:
    if not address:
        return address
    # Keep the broad area (first two words, e.g. 연천군 전곡읍); the rest identifies a household.
    parts = address.split()
    return " ".join(parts[:2] + ["***"]) if len(parts) > 2 else "***"
