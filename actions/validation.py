"""Pure input checks for what citizens type into the chat: phone numbers, names, free text, receipt numbers.

No Rasa, no I/O: every function takes a value and returns a normalised value or None (invalid).
The API validates again; these checks exist so the bot can ask again politely instead of failing at submit.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any, Optional

MAX_DESCRIPTION = 5000
MAX_LOCATION = 300

# --- phone numbers ---------------------------------------------------------------------------------

_MOBILE_PREFIXES = ("010", "011", "016", "017", "018", "019")
# Area codes: 02 (Seoul), 031-033, 041-044, 051-055, 061-064; 070 internet phones.
_AREA_CODES = ("02", "031", "032", "033", "041", "042", "043", "044", "051", "052", "053", "054", "055",
               "061", "062", "063", "064", "070")
# Digits after the prefix for a well-formed number.
_MOBILE_REST = {"010": (8,), "011": (7, 8), "016": (7, 8), "017": (7, 8), "018": (7, 8), "019": (7, 8)}
_PHONE_CHARS = re.compile(r"^[0-9\s\-.()+]+$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９－", "0123456789-")


def normalize_phone(value: Any) -> Optional[str]:
    """A Korean mobile or landline number in canonical hyphenated form, or None.

    '01012345678', '010 1234 5678', '+82 10-1234-5678' -> '010-1234-5678'; '0318392221' -> '031-839-2221';
    '021234567' -> '02-123-4567'. Text around the number, 4-digit fragments and service numbers (1588-…)
    are rejected.
    """
    if not isinstance(value, str):
        return None
    text = value.translate(_FULLWIDTH).strip()
    if not text or len(text) > 30 or not _PHONE_CHARS.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        if not digits.startswith("82"):
            return None
        digits = "0" + digits[2:]
    elif digits.startswith("82") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if digits.startswith("0100"):  # "010-0xxx" numbers are not issued
        return None
    for prefix, lengths in _MOBILE_REST.items():
        if digits.startswith(prefix):
            rest = digits[len(prefix):]
            if len(rest) not in lengths:
                return None
            return f"{prefix}-{rest[:-4]}-{rest[-4:]}"
    for code in sorted(_AREA_CODES, key=len, reverse=True):
        if digits.startswith(code):
            rest = digits[len(code):]
            if len(rest) not in (7, 8) or rest[0] == "0":
                return None
            return f"{code}-{rest[:-4]}-{rest[-4:]}"
    return None


def is_mobile(phone: str) -> bool:
    return isinstance(phone, str) and phone.startswith(_MOBILE_PREFIXES)


def phone_last4(value: Any) -> Optional[str]:
    """The last four digits alone ('5678'), as the status lookup accepts them; None otherwise."""
    if not isinstance(value, str):
        return None
    text = value.translate(_FULLWIDTH).strip()
    return text if re.fullmatch(r"\d{4}", text) else None


def mask_phone(phone: str) -> str:
    """'010-1234-5678' -> '010-****-5678' for messages read back to the citizen."""
    parts = (phone or "").split("-")
    if len(parts) == 3:
        return f"{parts[0]}-{'*' * len(parts[1])}-{parts[2]}"
    return "*" * max(0, len(phone) - 4) + phone[-4:]


# --- names -----------------------------------------------------------------------------------------

_NAME_CHARS = re.compile(r"^[가-힣A-Za-z][가-힣A-Za-z .·'\-]*[가-힣A-Za-z]$")
_NAME_PREFIX = re.compile(r"^(?:제\s*이름은|이름은|저는|전|나는|난)\s*")
_NAME_SUFFIX = re.compile(r"\s*(?:입니다|이에요|예요|이요|요|라고\s*합니다|이라고\s*합니다)\.?$")


def normalize_name(value: Any) -> Optional[str]:
    """A person's name: 2-20 characters of Hangul syllables or Latin letters (inner spaces, '.', '·',
    apostrophe and hyphen allowed), or None. Polite wrappers ('홍길동입니다', '제 이름은 홍길동이요') are removed.
    Digits, markup, emoji and lone Hangul jamo are rejected.
    """
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFC", value).strip()
    if len(text) > 60:
        return None
    text = _NAME_PREFIX.sub("", text)
    stripped = _NAME_SUFFIX.sub("", text)
    # "홍길동요" -> strip only when a plausible name remains
    if stripped != text and len(stripped.replace(" ", "")) >= 2:
        text = stripped
    text = re.sub(r"\s+", " ", text).strip()
    if not 2 <= len(text) <= 20 or not _NAME_CHARS.match(text):
        return None
    return text


# --- free text -------------------------------------------------------------------------------------

_BLOCK_TAGS = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr)\b[^>]*>", re.IGNORECASE)
_DROP_ELEMENTS = re.compile(r"<\s*(script|style)\b[^>]*>.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\n{3,}")


def _drop_control(text: str) -> str:
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs", "Cf")
                   or ch == "\u200d")  # keep the zero-width joiner: emoji sequences need it


def clean_text(value: Any, limit: int = MAX_DESCRIPTION, multiline: bool = True) -> str:
    """Plain text from what a citizen typed or pasted: HTML tags removed (their text kept, script/style
    dropped, entities decoded), control characters removed, whitespace collapsed, trimmed, cut to `limit`
    characters. Emoji and SQL-looking text are ordinary text and kept verbatim. Returns '' for non-strings.
    """
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:
        text = _COMMENT.sub(" ", text)
        text = _DROP_ELEMENTS.sub(" ", text)
        text = _BLOCK_TAGS.sub("\n", text)
        text = _TAG.sub("", text)  # inline tags: "<b>포트홀</b>이" must stay "포트홀이"
    if "&" in text:
        text = html.unescape(text)
        text = _TAG.sub("", text)  # "&lt;b&gt;" decoded into a tag is still not wanted
    text = _drop_control(text).replace("\t", " ")
    text = _SPACES.sub(" ", text)
    if multiline:
        text = "\n".join(line.strip() for line in text.split("\n"))
        text = _NEWLINES.sub("\n\n", text)
    else:
        text = re.sub(r"\s+", " ", text)
    text = text.strip()
    if len(text) > limit:
        text = text[:limit]
        if unicodedata.category(text[-1]) == "Cs":  # never leave half a surrogate pair
            text = text[:-1]
        text = text.rstrip()
    return text


def clean_description(value: Any) -> str:
    return clean_text(value, MAX_DESCRIPTION, multiline=True)


def clean_line(value: Any, limit: int = MAX_LOCATION) -> str:
    return clean_text(value, limit, multiline=False)


def was_truncated(value: Any, limit: int = MAX_DESCRIPTION) -> bool:
    """True when clean_text cut the text at `limit` (so the bot can tell the citizen)."""
    return isinstance(value, str) and len(clean_text(value, limit=10 ** 9)) > limit


# --- receipt numbers -------------------------------------------------------------------------------

_RECEIPT_SEPARATORS = re.compile(r"[\s\-–—.]")


def normalize_receipt(value: Any) -> Optional[str]:
    """'2026-000123', '2026000123', '2026 000123', '2026-0001234' -> canonical 'YYYY-NNNNNN(N)'; None otherwise.

    Also finds the number inside a short sentence ('접수번호 2026-000123 이요').
    """
    if not isinstance(value, str) or len(value) > 200:
        return None
    text = value.translate(_FULLWIDTH).strip()
    compact = _RECEIPT_SEPARATORS.sub("", text)
    if not (compact.isascii() and compact.isdigit()):
        match = re.search(r"(?<![\d])(20\d{2})[\s\-–—.]?(\d{6,7})(?!\d)", text)
        if not match:
            return None
        compact = match.group(1) + match.group(2)
    if not 10 <= len(compact) <= 11:
        return None
    year = int(compact[:4])
    if not 2000 <= year <= 2099:
        return None
    return f"{compact[:4]}-{compact[4:]}"
