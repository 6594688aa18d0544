"""Masking of personal data for list views and application logs.

The masking rules are civic_rules.masking (the actions mask what they read back with the same rules); this
module adds the log filter and is where the API's code imports the rules from.
"""

from __future__ import annotations

import logging

from civic_rules.masking import mask_address, mask_name, mask_phone, mask_text

__all__ = ["PersonalDataFilter", "install_log_masking", "mask_address", "mask_name", "mask_phone", "mask_text"]


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
