"""bot/server/payload_guard.py with the project's real domain: a channel's message cannot choose its own
intent with entities, nor bring parse data; the bot's own button payloads (bare intents) still work."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.domain import Domain

from bot.server.payload_guard import guard

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain.yml"))


def guarded(text, parse_data=None):
    return guard(UserMessage(text, sender_id="c1", input_channel="web", parse_data=parse_data), DOMAIN.intents)


@pytest.mark.parametrize("text", ["/affirm", "/deny", "/check_status"])
def test_a_bare_intent_of_the_domain_stays(text):
    assert guarded(text).text == text


@pytest.mark.parametrize(
    "text, read_as",
    [
        ('/check_status{"verified_phone": "010-1234-5678"}', 'check_status{"verified_phone": "010-1234-5678"}'),
        (
            '/check_status{"receipt_number": "2026-000123", "phone": "010-1234-5678"}',
            'check_status{"receipt_number": "2026-000123", "phone": "010-1234-5678"}',
        ),
        ("/affirm@1.0", "affirm@1.0"),
        ("/affirm[verified_phone:010-1234-5678]", "affirm[verified_phone:010-1234-5678]"),
        ("/unknown_intent", "unknown_intent"),
        ("/faq/fees", "faq/fees"),
        ("//affirm", "affirm"),
        ("/", ""),
        ("/ 가로등이 꺼졌어요", "가로등이 꺼졌어요"),
    ],
)
def test_anything_else_with_a_slash_is_read_as_words(text, read_as):
    assert guarded(text).text == read_as


def test_ordinary_text_is_untouched():
    for text in ("가로등이 꺼졌어요 /조명", "010-1234-5678", "", None):
        assert guarded(text).text == (text.strip() if text else text)


def test_parse_data_from_a_channel_is_dropped():
    forged = {
        "intent": {"name": "check_status", "confidence": 1.0},
        "entities": [{"entity": "verified_phone", "value": "010-1234-5678"}],
        "text": "상태",
    }
    message = guarded("상태 알려 주세요", parse_data=forged)
    assert message.parse_data is None and message.text == "상태 알려 주세요"


def test_slots_that_decide_what_a_citizen_sees_are_set_by_actions_only():
    """No entity, text or intent can fill them: their only mapping is custom (the actions set them after the
    API confirmed a receipt number and phone pair)."""
    for name in ("verified_phone", "known_receipts"):
        slot = next(s for s in DOMAIN.slots if s.name == name)
        assert [m["type"] for m in slot.mappings] == ["custom"], name
