"""The chatbot's transcript and category prediction sent with a complaint: stored, personal data (masked until
revealed with a reason, access-logged, deleted by the retention job), size-checked, and not part of the
Idempotency-Key comparison."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from api.complaints.models import Complaint
from api.privacy.models import AccessLog
from api.privacy.retention import run_retention
from tests.support.api_helpers import SERVICE, complaint_body, create_complaint

TRANSCRIPT = [
    {"sender": "user", "text": "전곡역 앞 도로에 포트홀이 있어요", "timestamp": "2026-03-03T09:58:01+09:00"},
    {
        "sender": "bot",
        "text": "말씀하신 내용은 '도로·교통' 분야 민원으로, 건설과에서 담당합니다.",
        "timestamp": "2026-03-03T09:58:02+09:00",
    },
    {"sender": "user", "text": "제 번호는 010-2345-6789입니다", "timestamp": "2026-03-03T09:59:10+09:00"},
]
PREDICTION = {
    "category": "road_traffic",
    "confidence": 0.83,
    "runner_ups": [
        {"category": "environment_waste", "confidence": 0.09},
        {"category": "water_sewer", "confidence": 0.04},
    ],
}


def detail(client, people, receipt, **params):
    r = client.get(f"/api/v1/complaints/{receipt}", params=params, headers=people.headers("manager"))
    assert r.status_code == 200, r.text
    return r.json()


def test_transcript_and_prediction_are_stored_and_the_transcript_masked_until_revealed(client, app, people):
    receipt = create_complaint(client, transcript=TRANSCRIPT, prediction=PREDICTION)["receipt_number"]
    masked = detail(client, people, receipt)
    assert masked["prediction"] == PREDICTION
    assert [t["sender"] for t in masked["transcript"]] == ["user", "bot", "user"]
    assert masked["transcript"][2]["text"] == "제 번호는 010-****-6789입니다"
    assert masked["transcript"][0]["text"] == TRANSCRIPT[0]["text"]
    with app.state.db.reader() as s:
        assert s.scalars(select(AccessLog)).all() == []

    revealed = detail(client, people, receipt, reason="회신 전화 번호 확인")
    assert revealed["transcript"][2]["text"] == "제 번호는 010-2345-6789입니다"
    with app.state.db.reader() as s:
        log = s.scalars(select(AccessLog)).one()
    assert log.resource_id == receipt and "transcript" in log.fields.split(",")


def test_a_complaint_without_them_still_files(client, people):
    receipt = create_complaint(client)["receipt_number"]
    landed = detail(client, people, receipt)
    assert landed["transcript"] is None and landed["prediction"] is None


def test_sizes_are_checked_with_a_clear_korean_422(client):
    turn = {"sender": "user", "text": "가", "timestamp": "2026-03-03T09:58:01+09:00"}
    cases = {
        "200개": [turn] * 201,
        "5000자": [{**turn, "text": "가" * 5001}],
    }
    for expected, transcript in cases.items():
        r = client.post("/api/v1/complaints", json=complaint_body(transcript=transcript), headers=SERVICE)
        assert r.status_code == 422, r.text
        assert expected in r.json()["detail"] and "transcript" in r.json()["detail"]
    most = client.post("/api/v1/complaints", json=complaint_body(transcript=[turn] * 200), headers=SERVICE)
    assert most.status_code == 201, most.text
    bad = [
        {"transcript": [{**turn, "sender": "officer"}]},
        {"transcript": [{**turn, "timestamp": "어제"}]},
        {"transcript": "대화"},
        {"prediction": {**PREDICTION, "confidence": 1.5}},
        {"prediction": {**PREDICTION, "category": "<script>"}},
        {"prediction": {**PREDICTION, "runner_ups": [{"category": "water_sewer", "confidence": 0.1}] * 11}},
    ]
    for overrides in bad:
        r = client.post("/api/v1/complaints", json=complaint_body(**overrides), headers=SERVICE)
        assert r.status_code == 422, (overrides, r.text)
        assert r.json()["detail"].startswith("입력값을 확인해 주십시오.")


def test_a_retry_with_a_longer_transcript_files_once(client, people):
    first = create_complaint(client, key="bot:abc:n1", transcript=TRANSCRIPT[:2], prediction=PREDICTION)
    # The bot re-sends a complaint the API did not answer a few turns later: the conversation is longer by then.
    again = create_complaint(client, key="bot:abc:n1", transcript=TRANSCRIPT, prediction=PREDICTION)
    assert again["receipt_number"] == first["receipt_number"]
    assert client.get("/api/v1/complaints", headers=people.headers("admin")).json()["total"] == 1
    # A changed complaint under the same key is still refused.
    r = client.post(
        "/api/v1/complaints",
        json=complaint_body(description="다른 민원입니다. 가로등이 꺼졌어요."),
        headers={**SERVICE, "Idempotency-Key": "bot:abc:n1"},
    )
    assert r.status_code == 409


def test_retention_deletes_the_transcript_with_the_other_personal_data(client, app, people, clock):
    closed = create_complaint(client, transcript=TRANSCRIPT, prediction=PREDICTION)["receipt_number"]
    still_open = create_complaint(client, transcript=TRANSCRIPT)["receipt_number"]
    r = client.post(
        f"/api/v1/complaints/{closed}/transfer",
        json={"agency": "경기도청", "reason": "도 소관"},
        headers=people.headers("manager"),
    )
    assert r.status_code == 200, r.text
    days = app.state.settings.personal_data_retention_days
    with app.state.db.writer() as s:
        assert run_retention(s, clock() + timedelta(days=days + 1), days).complaints == 1
    with app.state.db.reader() as s:
        gone = s.scalar(select(Complaint).where(Complaint.receipt_number == closed))
        kept = s.scalar(select(Complaint).where(Complaint.receipt_number == still_open))
        assert gone.transcript is None and gone.anonymised_at is not None
        assert gone.prediction == PREDICTION  # no personal data: kept for the routing statistics
        assert kept.transcript == TRANSCRIPT and kept.anonymised_at is None
