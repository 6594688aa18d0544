"""The bare-number reader (bot/nlu/bare_number_reader.py): a message that is only a receipt number, a phone number or
a date is read by rule, whatever the classifier said; anything with words keeps the classifier's reading."""

import copy
import datetime as dt

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.bare_number_reader import BareNumberReader
from bot.nlu.pattern_entity_extractor import PatternEntityExtractor

TODAY = dt.date(2026, 11, 23)


def _r(name, confidence):
    return {"name": name, "confidence": confidence}


# What a classifier might say about digits: the reading this component exists to override.
CLASSIFIER_RANKING = [_r("check_status", 0.62), _r("complaint_road_traffic", 0.2), _r("greet", 0.1)]


def classified(text, ranking=CLASSIFIER_RANKING):
    """A message as the pipeline hands it over: the classifier's intent and ranking, the pattern entities."""
    message = Message(data={"text": text, "intent": dict(ranking[0]), "intent_ranking": copy.deepcopy(ranking)})
    PatternEntityExtractor().process([message])
    return message


def read(message):
    BareNumberReader(today=lambda: TODAY).process([message])
    return message


def entities(message):
    return [(e["entity"], e["value"]) for e in message.get("entities")]


@pytest.mark.parametrize(
    "text, value",
    [
        ("2026-000123", "2026-000123"),
        ("2026000123", "2026-000123"),
        ("2026 000123", "2026-000123"),
        ("2026.000123", "2026-000123"),
        ("2026-0001234", "2026-0001234"),
        ("20260001234", "2026-0001234"),
        ("  2026-000123.  ", "2026-000123"),
        ("2026-000123?", "2026-000123"),
        ("２０２６－０００１２３", "2026-000123"),
    ],
)
def test_only_a_receipt_number_is_a_status_question_about_it(text, value):
    message = read(classified(text, [_r("nlu_fallback", 0.4), _r("greet", 0.3), _r("check_status", 0.2)]))
    assert message.get("intent") == {"name": "check_status", "confidence": 1.0}
    assert entities(message) == [("receipt_number", value)]
    assert [r["name"] for r in message.get("intent_ranking")] == ["check_status", "nlu_fallback", "greet"]


@pytest.mark.parametrize(
    "text, value",
    [
        ("010-1234-5678", "010-1234-5678"),
        ("01012345678", "010-1234-5678"),
        ("010 1234 5678", "010-1234-5678"),
        ("010.1234.5678", "010-1234-5678"),
        (" 010-1234-5678. ", "010-1234-5678"),
        ("+82 10-1234-5678", "010-1234-5678"),
        ("011-123-4567", "011-123-4567"),
        ("031-839-2114", "031-839-2114"),
        ("0318392114", "031-839-2114"),
        ("(031) 839-2114", "031-839-2114"),
        ("02-123-4567", "02-123-4567"),
    ],
)
def test_only_a_phone_number_is_neither_a_status_question_nor_a_complaint(text, value):
    message = read(classified(text))
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 1.0}
    assert entities(message) == [("phone", value)]
    # The classifier's reading follows, once, below the rule's.
    assert message.get("intent_ranking") == [_r("nlu_fallback", 1.0), *CLASSIFIER_RANKING]


@pytest.mark.parametrize(
    "text, value",
    [
        ("2026-12-03", "2026-12-03"),
        ("2026.12.3.", "2026-12-03"),
        ("2026년 12월 3일", "2026-12-03"),
        ("11월 20일", "2026-11-20"),
        ("12월 3일", "2025-12-03"),  # the latest 3 December not after today
    ],
)
def test_only_a_date_is_neither_a_status_question_nor_a_complaint(text, value):
    message = read(classified(text))
    assert message.get("intent")["name"] == "nlu_fallback"
    assert entities(message) == [("date", value)]


@pytest.mark.parametrize(
    "text",
    [
        "제 번호는 010-1234-5678 입니다",
        "010-1234-5678로 연락 주세요",
        "010-1234-5678이요",
        "2026-000123 처리 어떻게 됐어요?",
        "접수번호 2026-000123",
        "2026-00012",  # a counter of 5 digits is no receipt number the API issues
        "2026-00001234",  # nor one of 8
        "12345",
        "30000",
        "30000원",
        "5678",  # the last four digits: the status form reads them from the text
        "1588-1234",  # a service number, not a personal one
        "010-0123-4567",  # not issued
        "어제",
        "3일 전",
        "2월 30일",
        "2026-12-03 오후",
        "12/3",
        "",
        "   ",
        "1" * 10000,
        "2026-000123 010-1234-5678",
    ],
)
def test_anything_else_keeps_the_classifiers_reading(text):
    message = classified(text)
    before = copy.deepcopy(message.as_dict())
    read(message)
    assert message.as_dict() == before


def test_a_bare_phone_number_is_read_even_where_the_classifier_was_sure_of_a_status_question():
    message = read(classified("010-3456-7890", [_r("check_status", 0.99), _r("nlu_fallback", 0.01)]))
    assert [r["name"] for r in message.get("intent_ranking")] == ["nlu_fallback", "check_status"]


def test_the_number_is_the_only_entity_and_spans_the_number_itself():
    message = Message(
        data={
            "text": "  2026-000123. ",
            "intent": _r("greet", 0.5),
            "intent_ranking": [_r("greet", 0.5)],
            # a stray CRF reading of digits as a place
            "entities": [{"entity": "location", "start": 2, "end": 6, "value": "2026", "extractor": "CRF"}],
        }
    )
    read(message)
    (entity,) = message.get("entities")
    assert entity["entity"] == "receipt_number" and entity["value"] == "2026-000123"
    assert (entity["start"], entity["end"], entity["text"]) == (2, 13, "2026-000123")
    assert entity["confidence_entity"] == 1.0  # as Rasa's extractors and PatternEntityExtractor write it


def test_a_message_without_a_ranking_gets_one():
    message = Message(data={"text": "2026-000123"})
    read(message)
    assert message.get("intent_ranking") == [_r("check_status", 1.0)]
