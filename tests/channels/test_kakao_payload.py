"""The SkillPayload parser: the documented samples and malformed variations."""

import copy
import json
from pathlib import Path

import pytest

from bot.channels.kakao_payload import MAX_BODY_BYTES, PayloadError, SkillRequest, parse_body, parse_payload

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "contracts" / "kakao"


def sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def test_sample_without_callback():
    assert parse_body((SAMPLES / "skill-request.json").read_bytes()) == SkillRequest(
        user_id="a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012",
        utterance="전곡읍 은대리 앞 가로등이 사흘째 꺼져 있어요",
        callback_url=None,
    )


def test_sample_with_callback():
    parsed = parse_payload(sample("skill-request-callback.json"))
    assert parsed.callback_url == "http://127.0.0.1:9/callback/one-time-token"
    assert parsed.utterance == "민원 처리 현황 알려주세요"


def test_utterance_is_trimmed_and_emoji_kept():
    payload = sample("skill-request.json")
    payload["userRequest"]["utterance"] = "  가로등이 꺼졌어요 😢🙏 \n"
    assert parse_payload(payload).utterance == "가로등이 꺼졌어요 😢🙏"


def _without(path):
    payload = sample("skill-request.json")
    node = payload
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return payload


@pytest.mark.parametrize(
    "payload, code",
    [
        (None, "not_an_object"),
        ([], "not_an_object"),
        ("text", "not_an_object"),
        (_without(["userRequest"]), "missing_userRequest"),
        (_without(["userRequest", "user"]), "missing_user"),
        (_without(["userRequest", "user", "id"]), "bad_user_id"),
        (_without(["userRequest", "utterance"]), "bad_utterance"),
    ],
)
def test_missing_fields(payload, code):
    with pytest.raises(PayloadError) as caught:
        parse_payload(payload)
    assert caught.value.code == code
    assert caught.value.message.startswith("요청 형식이 올바르지 않습니다.")


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("id", "", "bad_user_id"),
        ("id", "   ", "bad_user_id"),
        ("id", 12345, "bad_user_id"),
        ("id", "x" * 201, "bad_user_id"),
    ],
)
def test_bad_user_ids(field, value, code):
    payload = sample("skill-request.json")
    payload["userRequest"]["user"][field] = value
    with pytest.raises(PayloadError) as caught:
        parse_payload(payload)
    assert caught.value.code == code


@pytest.mark.parametrize("url", ["ftp://example/x", "javascript:alert(1)", "not a url", 42, "http://"])
def test_bad_callback_urls(url):
    payload = sample("skill-request-callback.json")
    payload["userRequest"]["callbackUrl"] = url
    with pytest.raises(PayloadError) as caught:
        parse_payload(payload)
    assert caught.value.code == "bad_callback_url"


def test_empty_callback_url_means_none():
    payload = copy.deepcopy(sample("skill-request-callback.json"))
    payload["userRequest"]["callbackUrl"] = ""
    assert parse_payload(payload).callback_url is None


@pytest.mark.parametrize(
    "body, code",
    [
        (b"", "not_an_object"),
        (b"{not json", "invalid_json"),
        (b"\xff\xfe", "invalid_json"),
        (b"{" + b" " * MAX_BODY_BYTES + b"}", "too_large"),
    ],
)
def test_raw_bodies(body, code):
    with pytest.raises(PayloadError) as caught:
        parse_body(body)
    assert caught.value.code == code


def test_ten_thousand_characters_parse():
    payload = sample("skill-request.json")
    payload["userRequest"]["utterance"] = "가" * 10000
    assert len(parse_body(json.dumps(payload).encode()).utterance) == 10000
