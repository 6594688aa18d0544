"""Hostile and malformed input: always a 4xx with a Korean message, never a 5xx; text stored verbatim."""

from __future__ import annotations

import json

import pytest

from tests.support.api_helpers import SERVICE, complaint_body, create_complaint

BAD_BODIES = {
    "empty_object": {},
    "empty_description": complaint_body(description=""),
    "whitespace_description": complaint_body(description="   \n\t "),
    "control_only": complaint_body(description="\x00\x01\x02"),
    "too_long": complaint_body(description="가" * 10_000),
    "wrong_type_description": complaint_body(description=12345),
    "wrong_type_bool": complaint_body(urgent_safety="yes please"),
    "list_instead_of_object": [complaint_body()],
    "null_body": None,
    "bad_channel": complaint_body(channel="fax"),
    "bad_kind": complaint_body(kind="complaint"),
    "bad_phone": complaint_body(phone="전화번호 없음"),
    "huge_phone": complaint_body(phone="1" * 5000),
    "sql_category": complaint_body(category="road_traffic'; DROP TABLE complaints;--"),
    "unknown_field": complaint_body(is_admin=True),
    "consent_missing": {k: v for k, v in complaint_body().items() if k != "privacy_consent"},
    "naive_consent_time": complaint_body(
        privacy_consent={"agreed": True, "version": "v1", "agreed_at": "2026-03-03T10:00:00"}
    ),
    "processing_days_overflow": complaint_body(kind="statutory", processing_days=10**30),
}


@pytest.mark.parametrize("name", list(BAD_BODIES))
def test_bad_complaint_bodies(client, name):
    r = client.post("/api/v1/complaints", json=BAD_BODIES[name], headers=SERVICE)
    assert 400 <= r.status_code < 500, (name, r.status_code, r.text)
    body = r.json()
    assert not body["detail"].isascii(), body  # Korean
    if r.status_code == 422 and "errors" in body:
        assert all("message" in e for e in body["errors"])
        assert "input" not in str(body["errors"])  # personal data is not echoed back


@pytest.mark.parametrize("raw", [b"{not json", b"", b"\xff\xfe", b'{"channel": "web",}', b"null", b"[]", b"1e999999"])
def test_malformed_json(client, raw):
    r = client.post("/api/v1/complaints", content=raw, headers={**SERVICE, "Content-Type": "application/json"})
    assert r.status_code == 422, (raw, r.text)
    assert not r.json()["detail"].isascii()


def test_wrong_content_type_and_oversized_body(client):
    r = client.post(
        "/api/v1/complaints",
        content=b"channel=web",
        headers={**SERVICE, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert 400 <= r.status_code < 500 and not r.json()["detail"].isascii()
    r = client.post(
        "/api/v1/complaints", content=b"x" * 1_100_000, headers={**SERVICE, "Content-Type": "application/json"}
    )
    assert r.status_code == 413 and "1MB" in r.json()["detail"]
    # A chunked body declares no length: it is counted while it is read.
    chunks = (b"x" * 100_000 for _ in range(11))
    r = client.post("/api/v1/complaints", content=chunks, headers={**SERVICE, "Content-Type": "application/json"})
    assert r.status_code == 413 and "1MB" in r.json()["detail"]


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script><b>굵게</b>",
        "'; DROP TABLE complaints; --",
        "도로가 파였어요 🚧🕳️👨‍👩‍👧 빨리 고쳐 주세요",
        "줄바꿈\n있는\t글",
        "Robert'); SELECT * FROM staff WHERE '1'='1",
    ],
)
def test_text_is_stored_verbatim(client, people, text):
    rn = create_complaint(client, description=text, location=text.splitlines()[0][:300])["receipt_number"]
    detail = client.get(f"/api/v1/complaints/{rn}", headers=people.headers("admin")).json()
    assert detail["description"] == text


def test_control_characters_are_stripped(client, people):
    # A lone surrogate can only arrive as a JSON escape; json.dumps writes it that way.
    raw = json.dumps(complaint_body(description="포트홀\x00\x07 신고\ud800", citizen_name="홍\x1b길동"))
    r = client.post("/api/v1/complaints", content=raw, headers={**SERVICE, "Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    rn = r.json()["receipt_number"]
    detail = client.get(f"/api/v1/complaints/{rn}?reason=확인", headers=people.headers("admin")).json()
    assert detail["description"] == "포트홀 신고" and detail["citizen_name"] == "홍길동"


@pytest.mark.parametrize(
    "receipt", ["2026-999999", "abc", "2026-0000 01", "<script>", "9" * 200, "2026-000001' OR '1'='1"]
)
def test_unknown_or_odd_receipt_numbers(client, people, receipt):
    r = client.get(f"/api/v1/complaints/{receipt}", headers=people.headers("admin"))
    assert r.status_code == 404 and not r.json()["detail"].isascii()
    r = client.post("/api/v1/complaints/lookup", json={"receipt_number": receipt, "phone": "5678"})
    assert r.status_code == (422 if len(receipt) > 40 else 404) and not r.json()["detail"].isascii()


def test_bad_query_and_headers(client, people):
    h = people.headers("admin")
    for params in ({"limit": 0}, {"limit": "many"}, {"offset": -1}, {"status": "done"}, {"overdue": "perhaps"}):
        r = client.get("/api/v1/complaints", params=params, headers=h)
        assert r.status_code == 422 and not r.json()["detail"].isascii(), params
    r = client.post(
        "/api/v1/complaints", json=complaint_body(), headers={**SERVICE, "Idempotency-Key": "key with spaces"}
    )
    assert r.status_code == 422 and "Idempotency-Key" in r.json()["detail"]
    assert client.get("/api/v1/handoffs/99999999999", headers=h).status_code == 422
    assert client.delete("/api/v1/complaints", headers=h).status_code == 405
    assert client.get("/api/v1/nothing-here").json()["detail"] == "요청하신 주소를 찾을 수 없습니다."


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/praises?department_id=%00",
        "/api/v1/complaints?department_id=a%0Ab",
        "/api/v1/complaints/2026-000001%00",
        "/api/v1/routing/road_traffic?township=%1b",
    ],
)
def test_control_characters_in_urls(client, people, url):
    r = client.get(url, headers=people.headers("admin"))
    assert r.status_code == 400 and not r.json()["detail"].isascii()
