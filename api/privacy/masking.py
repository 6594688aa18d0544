"""Masking of personal data for list views and application logs."""
from __future__ import annotations

import logging
import re

_PHONE_IN_TEXT = re.compile(r"(?<!\d)(0\d{1,2})[-. ]?(\d{3,4})[-. ]?(\d{4})(?!\d)")


def mask_name(name: str | None) -> str | None:
    if not name:
        return name
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return phone
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 8:
        return "*" * len(digits)
    head = digits[:2] if digits.startswith("02") else digits[:3]
    return f"{head}-****-{digits[-4:]}"


def mask_address(address: str | None) -> str | None:
    if not address:
        return address
    # Keep the broad area (first two words, e.g. 연천군 전곡읍); the rest identifies a household.
    parts = address.split()
    return " ".join(parts[:2] + ["***"]) if len(parts) > 2 else "***"


def mask_text(text: str) -> str:
    return _PHONE_IN_TEXT.sub(lambda m: f"{m.group(1)}-****-{m.group(3)}", text)


class PersonalDataFilter(logging.Filter):
    """Masks phone numbers in every log record, whatever logger produced it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is not ours to fix here
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install_log_masking() -> None:
    flt = PersonalDataFilter()
    for name in ("", "api", "uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        for handler in logger.handlers:
            if not any(isinstance(f, PersonalDataFilter) for f in handler.filters):
                handler.addFilter(flt)
        if not any(isinstance(f, PersonalDataFilter) for f in logger.filters):
            logger.addFilter(flt)
