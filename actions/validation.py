"""Pure input checks for what citizens type into the chat: phone numbers, names, free text, receipt numbers.

No Rasa, no I/O: every function takes a value and returns a normalised value or None (invalid).
The API validates again; these checks exist so the bot can ask again politely instead of failing at submit.
Phone and receipt numbers follow civic_rules.patterns, the rules the API and the NLU use.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any, Optional

from civic_rules.masking import mask_phone
from civic_rules.patterns import normalize_phone, phone_last4, receipt_in_text

__all__ = [
    "clean_description",
    "clean_line",
    "clean_text",
    "mask_phone",
    "normalize_name",
    "normalize_phone",
    "phone_last4",
    "receipt_in_text",
    "was_truncated",
]

MAX_DESCRIPTION = 5000
MAX_LOCATION = 300

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
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs", "Cf") or ch == "\u200d"
    )  # keep the zero-width joiner: emoji sequences need it


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
    return isinstance(value, str) and len(clean_text(value, limit=10**9)) > limit
