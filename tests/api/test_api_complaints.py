"""Complaint creation, routing, receipt numbers, citizen lookup and read-time deadlines."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from api.complaints.models import Complaint
from tests.support.api_helpers import KST, SERVICE, complaint_body, create_complaint, make_settings


def test_create_routes_by_category_and_computes_deadline(client):
    created = create_complaint(client, category="road_traffic", kind="suggestion")
    assert created["receipt_number"] == "2026-000001"
    assert created["department"] == {"id": "construction_roads", "name": "건설과", "phone": "031-839-2221"}
    assert created["status"] == "received" and created["status_label"] == "접수"
    assert created["processing_days"] == 14
    # Tue 2026-03-03 + 14 working days (no holidays in March) = Mon 2026-03-23.
    assert created["due_date"] == "2026-03-23"
    assert created["sms_notifications"] is True


def test_township_office_named_where_configured(client):
    created = create_complaint(client, category="welfare_childcare", township="전곡")
    assert created["department"]["id"] == "welfare"
    assert created["township_office"]["name"] == "전곡읍"


def test_misconduct_goes_to_misconduct_department_with_8_days(client):
    created = create_complaint(client, category="road_traffic", kind="misconduct")
    assert created["department"]["id"] == "planning_audit"
    assert created["processing_days"] == 8


def test_statutory_needs_processing_days(client):
    r = client.post("/api/v1/complaints", json=complaint_body(kind="statutory"), headers=SERVICE)
    assert r.status_code == 422 and "처리기간" in r.json()["detail"]
    created = create_complaint(client, kind="statutory", processing_days=3)
    assert created["processing_days"] == 3 and created["sms_notifications"] is False


def test_unknown_category_and_township_are_refused_in_korean(client):
    r = client.post("/api/v1/complaints", json=complaint_body(category="space_travel"), headers=SERVICE)
    assert r.status_code == 422 and "민원 분야" in r.json()["detail"]
    r = client.post("/api/v1/complaints", json=complaint_body(township="강남구"), headers=SERVICE)
    assert r.status_code == 422 and "읍·면" in r.json()["detail"]


def test_consent_required(client):
    body = complaint_body(privacy_consent={"agreed": False, "version": "2026-01"})
    r = client.post("/api/v1/complaints", json=body, headers=SERVICE)
    assert r.status_code == 422 and "동의" in r.json()["detail"]


def test_receipt_numbers_are_sequential_per_year(client, clock, app):
    first = create_complaint(client)["receipt_number"]
    second = create_complaint(client)["receipt_number"]
    assert (first, second) == ("2026-000001", "2026-000002")
    clock.set(datetime(2027, 1, 4, 10, 0, tzinfo=KST))
    assert create_complaint(client)["receipt_number"] == "2027-000001"
    clock.set(datetime(2026, 12, 31, 23, 0, tzinfo=KST))  # late in the KST year still counts for 2026
    assert create_complaint(client)["receipt_number"] == "2026-000003"


def test_stored_fields_and_history(client, app):
    body = complaint_body(elderly_or_disabled=True, urgent_safety=True, address="경기도 연천군 전곡읍 은전로 1")
    r = client.post("/api/v1/complaints", json=body, headers=SERVICE)
    with app.state.db.reader() as s:
        c = s.scalar(select(Complaint).where(Complaint.receipt_number == r.json()["receipt_number"]))
        assert c.phone == "010-1234-5678" and c.phone_digits == "01012345678"
        assert c.elderly_or_disabled and c.urgent_safety and c.consent_version == "2026-01"
        assert c.consent_at is not None and c.created_by == "service"
        assert [(e.from_status, e.to_status, e.actor) for e in c.events] == [(None, "received", "service")]


# --- lookup -----------------------------------------------------------------------------------


def test_lookup_with_full_phone_or_last_four(client):
    rn = create_complaint(client)["receipt_number"]
    for phone in ("010-1234-5678", "01012345678", "5678", "+82 10-1234-5678"):
        r = client.post("/api/v1/complaints/lookup", json={"receipt_number": rn, "phone": phone})
        assert r.status_code == 200, (phone, r.text)
        item = r.json()["complaints"][0]
        assert item["status_label"] == "접수" and item["department"]["name"] == "건설과"
        assert item["due_date"] == "2026-03-12" and item["latest_public_note"]
    # Receipt number typed without the hyphen works too.
    r = client.post("/api/v1/complaints/lookup", json={"receipt_number": rn.replace("-", ""), "phone": "5678"})
    assert r.status_code == 200


def test_lookup_has_no_existence_oracle(client):
    rn = create_complaint(client)["receipt_number"]
    wrong_phone = client.post("/api/v1/complaints/lookup", json={"receipt_number": rn, "phone": "9999"})
    no_such = client.post("/api/v1/complaints/lookup", json={"receipt_number": "2026-999999", "phone": "5678"})
    garbage = client.post("/api/v1/complaints/lookup", json={"receipt_number": "<script>", "phone": "5678"})
    assert wrong_phone.status_code == no_such.status_code == garbage.status_code == 404
    assert wrong_phone.json() == no_such.json() == garbage.json()


def test_lookup_is_rate_limited_per_ip(db_url, clock):
    from fastapi.testclient import TestClient

    from api.main import create_app

    app = create_app(make_settings(db_url, lookup_rate_limit="3/minute"), clock=clock)
    with TestClient(app) as client:
        codes = [
            client.post(
                "/api/v1/complaints/lookup", json={"receipt_number": "2026-000001", "phone": "1234"}
            ).status_code
            for _ in range(4)
        ]
        assert codes == [404, 404, 404, 429]
        r = client.post("/api/v1/complaints/lookup", json={"receipt_number": "2026-000001", "phone": "1234"})
        assert r.status_code == 429 and "잠시 후" in r.json()["detail"] and "Retry-After" in r.headers
        # The bot's service credential is not limited per IP: it relays many citizens.
        r = client.post(
            "/api/v1/complaints/lookup", json={"receipt_number": "2026-000001", "phone": "1234"}, headers=SERVICE
        )
        assert r.status_code == 404
    app.state.db.dispose()


def test_phone_only_lookup_is_for_the_service(client):
    create_complaint(client)
    create_complaint(client, category="water_sewer")
    create_complaint(client, phone="010-2222-3333")
    r = client.post("/api/v1/complaints/lookup", json={"phone": "010-1234-5678"}, headers=SERVICE)
    assert r.status_code == 200
    assert [c["department"]["id"] for c in r.json()["complaints"]] == ["water_sewer", "construction_roads"]
    anon = client.post("/api/v1/complaints/lookup", json={"phone": "010-1234-5678"})
    assert anon.status_code == 403 and "접수번호" in anon.json()["detail"]
    last4 = client.post("/api/v1/complaints/lookup", json={"phone": "5678"}, headers=SERVICE)
    assert last4.status_code == 422


def test_overdue_and_due_soon_computed_at_read_time(client, clock, people):
    rn = create_complaint(client)["receipt_number"]  # due 2026-03-12

    def lookup():
        body = {"receipt_number": rn, "phone": "5678"}
        return client.post("/api/v1/complaints/lookup", json=body).json()["complaints"][0]

    def listing(**q):
        return client.get("/api/v1/complaints", params=q, headers=people.headers("manager")).json()

    assert lookup()["overdue"] is False
    assert listing(due_soon=True)["total"] == 0
    clock.set(datetime(2026, 3, 10, 10, 0, tzinfo=KST))
    assert listing(due_soon=True)["total"] == 1 and listing()["items"][0]["due_soon"] is True
    clock.set(datetime(2026, 3, 13, 10, 0, tzinfo=KST))
    assert lookup()["overdue"] is True
    assert listing(overdue=True)["total"] == 1 and listing(overdue=False)["total"] == 0
