"""Phone numbers, receipt numbers and dates (civic_rules.patterns): one rule for the NLU, the actions and the API."""

from __future__ import annotations

import datetime as dt

import pytest

from civic_rules.patterns import (
    find_dates,
    find_phones,
    find_receipts,
    format_receipt,
    normalize_phone,
    normalize_receipt,
    phone_digits,
    phone_last4,
    receipt_in_text,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("010-1234-5678", "010-1234-5678"),
        ("01012345678", "010-1234-5678"),
        ("010 1234 5678", "010-1234-5678"),
        ("010.1234.5678", "010-1234-5678"),
        ("+82 10-1234-5678", "010-1234-5678"),
        ("+82 2 123 4567", "02-123-4567"),
        ("821012345678", "010-1234-5678"),
        ("０１０－１２３４－５６７８", "010-1234-5678"),
        ("011-123-4567", "011-123-4567"),
        ("019-1234-5678", "019-1234-5678"),
        ("031-839-2221", "031-839-2221"),
        ("0318392221", "031-839-2221"),
        ("044-123-4567", "044-123-4567"),
        ("064-712-3456", "064-712-3456"),
        ("02-312-4567", "02-312-4567"),
        ("0212345678", "02-1234-5678"),
        ("070-1234-5678", "070-1234-5678"),
    ],
)
def test_phone_valid(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "5678",
        "010-123-4567",
        "010-12345-67890",
        "1588-1234",
        "123-456-7890",
        "010-1234-567a",
        "전화번호는 010-1234-5678",
        "<b>01012345678</b>",
        "010-0123-4567",
        "031-039-2221",
        "02-012-3456",
        "0" * 40,
        None,
        1012345678,
        "'; DROP TABLE complaints; --",
        "+1 212 555 0100",
        # Prefixes that are not a personal line: unassigned area codes, relay, toll-free and premium numbers.
        "035-123-4567",
        "045-123-4567",
        "065-123-4567",
        "0505-123-4567",
        "080-123-4567",
        "060-123-4567",
    ],
)
def test_phone_invalid(raw):
    assert normalize_phone(raw) is None


def test_phone_digits_and_last_four():
    assert phone_digits("010-1234-5678") == "01012345678"
    assert phone_digits("+82 10-1234-5678") == "01012345678"
    assert phone_digits("8234") == "8234"  # a last-four that starts with 82 is not a country code
    assert phone_last4("5678") == "5678"
    assert phone_last4(" 5678 ") == "5678"
    assert phone_last4("56789") is None
    assert phone_last4(None) is None


def test_phones_in_a_sentence():
    text = "제 번호는 010-1234-5678이고 사무실은 031 839 2114, 예전 번호 035-123-4567, 010-123-4567"
    assert [value for _, _, value in find_phones(text)] == ["010-1234-5678", "031-839-2114"]
    start, end, _ = next(find_phones(text))
    assert text[start:end] == "010-1234-5678"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2026-000123", "2026-000123"),
        ("2026000123", "2026-000123"),
        ("2026 000123", "2026-000123"),
        ("２０２６-０００１２３", "2026-000123"),
        ("2026-0001234", "2026-0001234"),
        ("20260001234", "2026-0001234"),
    ],
)
def test_receipt_valid(raw, expected):
    assert normalize_receipt(raw) == expected
    assert receipt_in_text(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "2026-123", "1999-000123", "01012345678", "abcd-000123", "2026-00012345", None, "접수번호 몰라요", "9" * 200],
)
def test_receipt_invalid(raw):
    assert normalize_receipt(raw) is None
    assert receipt_in_text(raw) is None


def test_receipt_in_a_sentence():
    assert normalize_receipt("접수번호 2026-000123 이요") is None  # the API takes the number alone
    assert normalize_receipt("2026-000001' OR '1'='1") is None
    assert receipt_in_text("접수번호 2026-000123 이요") == "2026-000123"
    assert receipt_in_text("2026-0001234 어떻게 됐나요") == "2026-0001234"
    # Glued to a phone number or a longer run of digits it is not a receipt number.
    assert list(find_receipts("010-2026-123456")) == []
    assert list(find_receipts("202612345678")) == []


def test_issued_numbers_read_back():
    """Every number the API issues, 6 digits or (past 999,999 in a year) 7, is one citizens can type back."""
    for counter in (1, 123, 999_999, 1_000_000, 9_999_999):
        issued = format_receipt(2026, counter)
        assert normalize_receipt(issued) == issued
        assert receipt_in_text(f"접수번호는 {issued}입니다") == issued
    assert format_receipt(2026, 123) == "2026-000123"


TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026년 3월 5일에 넣었어요", "2026-03-05"),
        ("2026.3.5", "2026-03-05"),
        ("12월 30일에", "2025-12-30"),  # a day later than today in this year means last year
        ("11월 2일", "2026-11-02"),
        ("3일 전에 신고했어요", "2026-11-20"),
        ("어제부터 물이 안 나와요", "2026-11-22"),
        ("그저께", "2026-11-21"),
        ("일주일 전", "2026-11-16"),
    ],
)
def test_dates(text, expected):
    assert expected in [value for _, _, value in find_dates(text, TODAY)]


@pytest.mark.parametrize("text", ["13월 45일", "2026년 2월 30일", "가로등 3개가 꺼져 있어요"])
def test_impossible_or_no_dates(text):
    assert list(find_dates(text, TODAY)) == []
