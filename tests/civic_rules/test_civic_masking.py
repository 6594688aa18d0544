"""Masking of personal data (civic_rules.masking): the actions' read-backs and the API's views agree."""

from __future__ import annotations

import pytest

from civic_rules.masking import mask_address, mask_name, mask_phone, mask_text


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("010-1234-5678", "010-****-5678"),
        ("02-312-4567", "02-****-4567"),  # four stars whatever the middle's length
        ("02-1234-5678", "02-****-5678"),
        ("031-839-2221", "031-****-2221"),
        ("01012345678", "010-****-5678"),
        ("1234", "****"),
        ("", ""),
        (None, None),
    ],
)
def test_mask_phone(raw, expected):
    assert mask_phone(raw) == expected


def test_mask_phone_numbers_in_text():
    assert mask_text("연락처 010-1234-5678, 02 123 4567로 주세요") == "연락처 010-****-5678, 02-****-4567로 주세요"
    assert mask_text("접수번호 2026-000123") == "접수번호 2026-000123"


def test_mask_name_and_address():
    assert mask_name("홍길동") == "홍*동" and mask_name("김철") == "김*" and mask_name("남궁민수") == "남**수"
    assert mask_name("") == "" and mask_name(None) is None
    assert mask_address("경기도 연천군 전곡읍 은전로 101") == "경기도 연천군 ***"
    assert mask_address("전곡읍") == "***"
