import datetime as dt

import pytest

from bot.nlu import pattern_entities, spacy_korean

TODAY = dt.date(2026, 11, 23)


def found(text):
    return {(f.entity, f.value) for f in pattern_entities.extract(text, today=TODAY)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("제 번호는 010-1234-5678 입니다", ("phone", "010-1234-5678")),
        ("01012345678로 연락주세요", ("phone", "010-1234-5678")),
        ("사무실 031 839 2114", ("phone", "031-839-2114")),
        ("접수번호 2026-000123 확인해주세요", ("receipt_number", "2026-000123")),
        ("2026000123 어떻게 됐나요", ("receipt_number", "2026-000123")),
        ("어제부터 물이 안 나와요", ("date", "2026-11-22")),
        ("3일 전에 신고했어요", ("date", "2026-11-20")),
        ("2026년 3월 5일에 넣었어요", ("date", "2026-03-05")),
        ("12월 30일에", ("date", "2025-12-30")),
        ("은전로 45 앞 도로", ("location", "은전로 45")),
    ],
)
def test_pattern_entities(text, expected):
    assert expected in found(text)


def test_no_false_phone_or_receipt_in_plain_numbers():
    assert found("가로등 3개가 10일째 꺼져 있어요 123") == set()


@pytest.mark.parametrize("text", ["두 사람 명의로 4 필지를 샀는데", "법으로 3 년 동안"])
def test_particles_are_not_road_names(text):
    assert not [f for f in pattern_entities.extract(text, today=TODAY) if f.entity == "location"]


def test_invalid_dates_are_ignored():
    assert ("date", None) not in found("13월 45일")
    assert not [f for f in pattern_entities.extract("2026년 2월 30일", today=TODAY) if f.entity == "date"]


def test_numbers_are_the_ones_the_actions_and_the_api_accept():
    """Receipt numbers of 6 or 7 digits, as the API issues them; no phone number the actions would reject."""
    assert ("receipt_number", "2026-0001234") in found("접수번호 2026-0001234 확인해주세요")
    assert not [f for f in pattern_entities.extract("035-123-4567, 010-123-4567", today=TODAY) if f.entity == "phone"]


@pytest.fixture(scope="module")
def nlp():
    return spacy_korean.build_pipeline()


def places(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    return [(ent.text, place.canonical, place.township) for ent, place in spacy_korean.locations(doc)]


def test_spacy_pipeline_finds_county_places(nlp):
    assert places(nlp, "전곡읍 은대리 앞 가로등이 사흘째 꺼져 있어요") == [("전곡읍 은대리", "전곡읍 은대리", "전곡읍")]
    assert places(nlp, "은대리에서요") == [("은대리", "전곡읍 은대리", "전곡읍")]
    assert places(nlp, "한탄강관광지 화장실") == [("한탄강관광지", "한탄강 관광지", "전곡읍")]
    assert places(nlp, "연천역앞   \n\n청산면") == [("연천역", "연천역", "연천읍"), ("청산면", "청산면", "청산면")]


def test_spacy_pipeline_ignores_unknown_places(nlp):
    assert places(nlp, "서울 강남역 앞 도로") == []
    # A village name inside another word is not the village (적거리 in 목적거리).
    assert places(nlp, "목적거리가 너무 멀어요") == []
    assert places(nlp, "전곡읍은대리 마을") != []


def test_spacy_doc_keeps_whitespace_and_lemmas(nlp):
    text = "  가로등이\t꺼졌어요  밤에\n"
    doc = nlp(text)
    assert doc.text == text
    assert "꺼지다" in [t.lemma_ for t in doc]
