"""Access log on personal-data reads, masking in lists and logs, retention job."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from api.complaints.models import Complaint, ComplaintEvent
from api.handoffs.models import Handoff
from api.privacy.masking import PersonalDataFilter, mask_address, mask_name, mask_phone
from api.privacy.models import AccessLog
from api.privacy.retention import run_retention
from tests.support.api_helpers import SERVICE, create_complaint


def access_logs(app):
    with app.state.db.reader() as s:
        return s.scalars(select(AccessLog).order_by(AccessLog.id)).all()


def test_masking_helpers():
    assert mask_name("홍길동") == "홍*동" and mask_name("남궁민수") == "남**수" and mask_name("김철") == "김*"
    assert mask_phone("010-1234-5678") == "010-****-5678" and mask_phone("02-123-4567") == "02-****-4567"
    assert mask_address("경기도 연천군 전곡읍 은전로 101") == "경기도 연천군 ***"


def test_list_is_masked_and_not_logged(client, app, people):
    create_complaint(client, address="경기도 연천군 전곡읍 은전로 1")
    item = client.get("/api/v1/complaints", headers=people.headers("manager")).json()["items"][0]
    assert item["citizen_name"] == "홍*동" and item["phone"] == "010-****-5678"
    assert access_logs(app) == []


def test_detail_reveals_only_with_reason_and_logs_it(client, app, people):
    rn = create_complaint(client, address="경기도 연천군 전곡읍 은전로 1")["receipt_number"]
    masked = client.get(f"/api/v1/complaints/{rn}", headers=people.headers("manager")).json()
    assert masked["personal_data_revealed"] is False and masked["phone"] == "010-****-5678"
    assert masked["address"] == "경기도 연천군 ***"
    assert access_logs(app) == []
    r = client.get(
        f"/api/v1/complaints/{rn}", params={"reason": "현장 확인 일정 협의 전화"}, headers=people.headers("manager")
    )
    revealed = r.json()
    assert (
        revealed["personal_data_revealed"]
        and revealed["citizen_name"] == "홍길동"
        and revealed["phone"] == "010-1234-5678"
    )
    # Header form of the reason works too (ASCII only in HTTP headers).
    client.get(f"/api/v1/complaints/{rn}", headers={**people.headers("officer"), "X-Access-Reason": "callback"})
    logs = access_logs(app)
    assert [(log.staff_id, log.resource_id, log.fields, log.reason) for log in logs] == [
        (people.ids["manager"], rn, "citizen_name,phone,address,transcript", "현장 확인 일정 협의 전화"),
        (people.ids["officer"], rn, "citizen_name,phone,address,transcript", "callback"),
    ]
    assert all(log.accessed_at and log.client_ip for log in logs)
    listed = client.get("/api/v1/access-logs", params={"resource_id": rn}, headers=people.headers("admin")).json()
    assert listed["total"] == 2
    r = client.get(f"/api/v1/complaints/{rn}", params={"reason": "x"}, headers=people.headers("manager"))
    assert r.status_code == 422 and "사유" in r.json()["detail"]


def test_handoff_personal_data_read_is_logged(client, app, people):
    body = {
        "conversation_id": "c-1",
        "channel": "kakao",
        "reason": "request_human",
        "transcript": [
            {"sender": "user", "text": "제 번호는 010-9999-8888입니다", "timestamp": "2026-03-03T10:00:00+09:00"}
        ],
        "callback": {"name": "김철수", "phone": "010-9999-8888", "topic": "가로등 고장"},
    }
    hid = client.post("/api/v1/handoffs", json=body, headers=SERVICE).json()["id"]
    listed = client.get("/api/v1/handoffs", headers=people.headers("officer")).json()["items"][0]
    assert listed["callback_name"] == "김*수" and listed["callback_phone"] == "010-****-8888"
    plain = client.get(f"/api/v1/handoffs/{hid}", headers=people.headers("officer")).json()
    assert plain["transcript"] is None and plain["callback"]["phone"] == "010-****-8888"
    assert access_logs(app) == []
    full = client.get(
        f"/api/v1/handoffs/{hid}", params={"reason": "회신 전화"}, headers=people.headers("officer")
    ).json()
    assert full["transcript"][0]["text"].startswith("제 번호") and full["callback"]["phone"] == "010-9999-8888"
    log = access_logs(app)
    assert len(log) == 1 and log[0].resource_type == "handoff" and log[0].reason == "회신 전화"


def test_log_filter_masks_phone_numbers():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "call %s now", ("010-1234-5678",), None)
    PersonalDataFilter().filter(record)
    assert record.getMessage() == "call 010-****-5678 now"


def test_retention_anonymises_old_closed_complaints_only(client, app, people, clock):
    old_closed = create_complaint(client, description="연락처 010-1234-5678로 전화 주세요")["receipt_number"]
    still_open = create_complaint(client)["receipt_number"]
    client.post(
        f"/api/v1/complaints/{old_closed}/transfer",
        json={"agency": "경기도청", "reason": "도 소관. 민원인(010-1234-5678)께 전화로 안내함"},
        headers=people.headers("manager"),
    )
    handoff_id = client.post(
        "/api/v1/handoffs",
        json={"conversation_id": "c-2", "channel": "web", "reason": "fallback", "callback": {"phone": "010-1111-2222"}},
        headers=SERVICE,
    ).json()["id"]
    closed = client.post(
        f"/api/v1/handoffs/{handoff_id}/close", json={"note": "010-1111-2222로 회신함"}, headers=people.headers("admin")
    )
    assert closed.status_code == 200, closed.text
    days = app.state.settings.personal_data_retention_days
    with app.state.db.writer() as s:
        assert run_retention(s, clock() + timedelta(days=days - 1), days).complaints == 0
    with app.state.db.writer() as s:
        report = run_retention(s, clock() + timedelta(days=days + 1), days)
    assert (report.complaints, report.handoffs) == (1, 1)
    with app.state.db.reader() as s:
        gone = s.scalar(select(Complaint).where(Complaint.receipt_number == old_closed))
        kept = s.scalar(select(Complaint).where(Complaint.receipt_number == still_open))
        handoff = s.scalar(select(Handoff))
    assert gone.citizen_name is None and gone.phone is None and gone.phone_digits is None and gone.anonymised_at
    assert "1234-5678" not in gone.description and gone.category == "road_traffic" and gone.status == "transferred"
    assert kept.citizen_name == "홍길동" and kept.phone
    assert handoff.callback is None and handoff.transcript is None
    # What officers wrote keeps its words, not the phone numbers copied into it.
    with app.state.db.reader() as s:
        events = s.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id == gone.id)).all()
    officer_texts = [gone.transfer_reason, handoff.close_note, *(e.note for e in events if e.note)]
    assert "도 소관" in gone.transfer_reason and "회신함" in handoff.close_note
    assert all("****" in t and "1234-5678" not in t and "1111-2222" not in t for t in officer_texts), officer_texts
    # The citizen lookup no longer matches an anonymised complaint; staff still see the statistics fields.
    r = client.post("/api/v1/complaints/lookup", json={"receipt_number": old_closed, "phone": "5678"})
    assert r.status_code == 404
    people.add("admin_after", "admin", None)  # the job also purged expired sessions, including the fixtures'
    r = client.get(f"/api/v1/complaints/{old_closed}", params={"reason": "통계"}, headers=people.headers("admin_after"))
    assert r.status_code == 200, r.text
    detail = r.json()
    assert detail["anonymised"] and detail["citizen_name"] is None and detail["personal_data_revealed"] is False
