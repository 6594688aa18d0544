"""Pure input checks (actions/validation.py) and Korean formatting (actions/texts.py). No API needed.

Phone and receipt numbers are civic_rules.patterns, tested in tests/civic_rules."""

from __future__ import annotations

import pytest

from actions import county, texts
from actions.validation import clean_description, clean_line, normalize_name, was_truncated


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("홍길동", "홍길동"),
        ("  홍길동 ", "홍길동"),
        ("홍길동입니다", "홍길동"),
        ("제 이름은 김민수예요", "김민수"),
        ("저는 남궁민수입니다.", "남궁민수"),
        ("이순", "이순"),
        ("John Smith", "John Smith"),
        ("Mary-Jane O'Neil", "Mary-Jane O'Neil"),
        ("독고 영재", "독고 영재"),
    ],
)
def test_name_valid(raw, expected):
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "홍",
        "ㅎㄱㄷ",
        "홍길동1",
        "<script>alert(1)</script>",
        "<b>홍길동</b>",
        "홍길동😀",
        "a" * 21,
        "'; DROP TABLE--",
        "010-1234-5678",
        None,
        "홍길동!!",
        "-홍길동",
    ],
)
def test_name_invalid(raw):
    assert normalize_name(raw) is None


def test_description_strips_html_and_collapses_whitespace():
    raw = "<p>도로에   <b>포트홀</b>이&nbsp;있어요</p><script>alert('x')</script><br>빨리\t\t고쳐 주세요<!-- c -->"
    # Inline tags vanish without splitting words; block tags become line breaks.
    assert clean_description(raw) == "도로에 포트홀이 있어요\n\n빨리 고쳐 주세요"


def test_description_keeps_emoji_sql_and_comparisons():
    assert clean_description("도로가 위험해요 😡🚧 👨‍👩‍👧") == "도로가 위험해요 😡🚧 👨‍👩‍👧"
    sql = "'; DROP TABLE complaints; -- 1=1 OR 'a'='a'"
    assert clean_description(sql) == sql
    assert clean_description("속도 3 < 5 그리고 a>b") == "속도 3 < 5 그리고 a>b"


def test_description_entities_decoded_but_no_tags_smuggled():
    assert clean_description("&lt;script&gt;alert(1)&lt;/script&gt; 내용") == "alert(1) 내용"
    assert clean_description("A &amp; B") == "A & B"


def test_description_control_characters_and_limit():
    assert clean_description("가\x00나\x07다\u200b라\r\n\r\n\r\n\r\n마") == "가나다라\n\n마"
    long = "가" * 10_000
    assert len(clean_description(long)) == 5000
    assert was_truncated(long) and not was_truncated("가" * 5000)
    # An emoji cut at the limit never leaves half a character.
    assert clean_description("가" * 4999 + "😀😀").endswith("😀")
    assert clean_description(None) == "" and clean_description(123) == ""


def test_clean_line_is_single_line():
    assert clean_line("전곡역\n앞  <i>사거리</i>") == "전곡역 앞 사거리"
    assert len(clean_line("가" * 400)) == 300


def test_korean_dates():
    assert texts.korean_date("2026-12-03") == "2026년 12월 3일(목)"
    assert texts.korean_date("2026-03-12") == "2026년 3월 12일(목)"
    assert texts.korean_date("2026-03-02T23:30:00Z") == "2026년 3월 2일(월)"
    assert texts.korean_datetime("2026-03-02T23:30:00Z") == "2026년 3월 3일(화) 오전 8시 30분"
    assert texts.korean_datetime("2026-03-04T09:00:00+09:00") == "2026년 3월 4일(수) 오전 9시"
    assert texts.korean_datetime("2026-03-04T13:00:00+09:00") == "2026년 3월 4일(수) 오후 1시"


def test_consent_text_states_purpose_items_retention_and_right_to_refuse():
    text = texts.consent_request()
    for needle in ("목적", "이름", "연락처", "보유 기간", "3년", "거부하실 권리"):
        assert needle in text


def test_county_helpers():
    assert county.resolve_township("전곡") == "전곡읍"
    assert county.resolve_township("중면") == "중면"
    assert county.township_in_text("은대리 마을회관 앞") == "전곡읍"
    assert county.township_in_text("재인폭포 주차장") == "연천읍"
    assert county.township_in_text("서울역") is None
    assert county.category_in_text("3") == "water_sewer"
    assert county.category_in_text("상하수도") == "water_sewer"
    assert county.category_in_text("도로·교통·주차") == "road_traffic"
    assert county.category_in_text("아무거나") is None
