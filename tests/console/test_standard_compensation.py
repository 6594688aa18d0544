"""The service standard's compensation: stage deadlines in working days, reminders for an overdue stage, the four
cases and their amounts, the decision (once, by the lead department, after the review) and the citizen's SMS."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from api.county import load_county
from api.notifications.models import OutboxMessage
from api.service_standard import service
from api.service_standard.compensation import CASES, Case, stage_deadlines
from api.settings import get_settings
from tests.console.conftest import SERVICE, csrf_of
from tests.support.api_helpers import create_complaint


def test_stage_deadlines_are_counted_in_working_days_over_chuseok():
    # Received Wed 2026-09-23; 추석 24-26 Sep, 개천절 (Sat 3 Oct, substitute Mon 5 Oct): 1+2+2+3 working days.
    assert stage_deadlines(date(2026, 9, 23)) == {
        "intake": date(2026, 9, 23),
        "assignment": date(2026, 9, 28),
        "investigation": date(2026, 9, 30),
        "review": date(2026, 10, 2),
        "remedy": date(2026, 10, 8),
        "notice": date(2026, 10, 8),
    }


def test_the_four_cases_and_their_amounts_are_the_standards():
    amounts = {case: rule.amount for case, rule in CASES.items()}
    assert amounts == {
        Case.RECORD_ERROR: 10_000,
        Case.REPEAT_VISIT_LOCAL: 5_000,
        Case.REPEAT_VISIT_OTHER: 10_000,
        Case.FACILITY_ACCESS: 10_000,
        Case.PROMISE_BROKEN: 10_000,
    }
    assert [c for c, rule in CASES.items() if rule.department_training] == [Case.PROMISE_BROKEN]


def test_the_county_file_tells_the_same_standard():
    settings = get_settings()
    county = load_county(settings.county_config, settings.categories_path)
    text = " ".join(county.misconduct_procedure["compensation"].split())
    assert "문화상품권" in text and "지역화폐" not in text
    assert "관내 5,000원·기타 지역 10,000원" in text and text.count("10,000원") == 4


@pytest.fixture
def audit(people):
    people.add("audit_officer", "officer", "planning_audit")
    people.add("audit_manager", "manager", "planning_audit")
    return people


def _report(client):
    report = create_complaint(
        client,
        SERVICE,
        kind="misconduct",
        category="general_admin",
        description="민원실 직원의 착오로 가족관계 서류가 잘못 기재되어 다시 방문했습니다.",
    )
    return report["receipt_number"]


def _advance(client, audit, receipt, *statuses):
    manager = audit.headers("audit_manager")
    assert (
        client.post(
            f"/api/v1/complaints/{receipt}/assign", headers=manager, json={"assignee_id": audit.ids["audit_officer"]}
        ).status_code
        == 200
    )
    for to in statuses:
        assert client.post(f"/api/v1/complaints/{receipt}/status", headers=manager, json={"to": to}).status_code == 200


def test_an_overdue_stage_reminds_its_owner_once(app, client_for, audit, clock):
    client = client_for(None)
    receipt = _report(client)  # Tue 2026-03-03: assignment due Wed 03-04
    county = app.state.county
    with app.state.db.writer() as session:
        assert service.enqueue_stage_reminders(session, county, clock.now + timedelta(days=1)) == 0
    with app.state.db.writer() as session:
        assert service.enqueue_stage_reminders(session, county, clock.now + timedelta(days=2)) == 1
        assert service.enqueue_stage_reminders(session, county, clock.now + timedelta(days=2)) == 1
    with app.state.db.reader() as session:
        notes = session.scalars(select(OutboxMessage).where(OutboxMessage.template == "stage_overdue")).all()
    assert len(notes) == 1 and notes[0].recipient == "planning_audit" and "'담당자 배정' 단계" in notes[0].body
    # Assigned on Thu 03-05: the investigation (the officer's) is due Fri 03-06, so Mon 03-09 is past it.
    _advance(client, audit, receipt)
    with app.state.db.writer() as session:
        service.enqueue_stage_reminders(session, county, clock.now + timedelta(days=6))
    with app.state.db.reader() as session:
        query = select(OutboxMessage.body).where(OutboxMessage.template == "stage_overdue")
        bodies = session.scalars(query.order_by(OutboxMessage.id)).all()
    assert len(bodies) == 2 and "분야별 담당자 확인·조사" in bodies[1] and "담당자 audit_officer" in bodies[1]
    page = client_for("audit_manager").get(f"/console/compensation/{receipt}")
    assert page.status_code == 200 and "기한 경과" not in page.text  # the page's clock is still Tue 03-03


def test_decision_amount_follows_the_case_and_the_citizen_is_told(app, client_for, audit):
    client = client_for(None)
    receipt = _report(client)
    decide = {"case": "repeat_visit_local", "method": "transfer"}
    # Before the investigation's results are under review there is nothing to decide.
    url = f"/api/v1/complaints/{receipt}/compensation"
    early = client.post(url, headers=audit.headers("audit_manager"), json=decide)
    assert early.status_code == 409
    _advance(client, audit, receipt, "investigating", "reviewed")
    # Another department's manager cannot see it; an officer of a field department cannot decide.
    assert (
        client.post(
            f"/api/v1/complaints/{receipt}/compensation", headers=audit.headers("manager"), json=decide
        ).status_code
        == 403
    )
    forged = client.post(
        f"/api/v1/complaints/{receipt}/compensation",
        headers=audit.headers("audit_officer"),
        json={**decide, "amount": 50_000},
    )
    assert forged.status_code == 422  # the amount is never the officer's to set
    made = client.post(url, headers=audit.headers("audit_officer"), json=decide)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["amount"] == 5_000 and body["reward"] == "문화상품권" and body["method_label"] == "계좌 이체"
    assert body["citizen_notified"] is True and body["department_training"] is False
    again = client.post(
        f"/api/v1/complaints/{receipt}/compensation",
        headers=audit.headers("admin"),
        json={"case": "record_error", "method": "goods"},
    )
    assert again.status_code == 409
    with app.state.db.reader() as session:
        sms = session.scalars(select(OutboxMessage).where(OutboxMessage.template == "citizen_compensation")).all()
    assert len(sms) == 1 and sms[0].recipient == "010-1234-5678"
    assert "문화상품권 5,000원" in sms[0].body and "계좌로 이체해" in sms[0].body
    status = client.get(f"/api/v1/complaints/{receipt}/compensation", headers=audit.headers("audit_officer")).json()
    assert status["decision"]["amount"] == 5_000
    assert [s["state"] for s in status["stages"]] == ["done", "done", "done", "current", "upcoming", "upcoming"]


def test_a_complaint_that_is_not_a_misconduct_report_gets_no_compensation(client_for, audit):
    client = client_for(None)
    receipt = create_complaint(client, SERVICE)["receipt_number"]
    response = client.post(
        f"/api/v1/complaints/{receipt}/compensation",
        headers=audit.headers("admin"),
        json={"case": "record_error", "method": "goods"},
    )
    assert response.status_code == 422 and "불친절·부당 처리 신고" in response.json()["detail"]


def test_console_decision_form_records_the_case_amount_and_method(app, client_for, audit):
    client = client_for(None)
    receipt = _report(client)
    _advance(client, audit, receipt, "investigating", "reviewed")
    officer = client_for("audit_officer")
    listing = officer.get("/console/compensation")
    assert receipt in listing.text and "문화상품권 5,000원" in listing.text
    page = officer.get(f"/console/compensation/{receipt}")
    assert "조사결과 확인 (2일 이내)" in page.text and "보상 결정 저장" in page.text
    refused = officer.post(
        f"/console/compensation/{receipt}", data={"case": "x", "method": "goods", "csrf_token": csrf_of(officer)}
    )
    assert refused.status_code == 422 and "보상 사유를 목록에서" in refused.text
    no_csrf = officer.post(f"/console/compensation/{receipt}", data={"case": "promise_broken", "method": "goods"})
    assert no_csrf.status_code == 403
    form = {"case": "promise_broken", "method": "goods", "note": "<b>확인</b>", "csrf_token": csrf_of(officer)}
    done = officer.post(f"/console/compensation/{receipt}", data=form)
    assert done.status_code == 303
    shown = officer.get(done.headers["location"]).text
    assert "문화상품권 10,000원" in shown and "상품권 전달" in shown and "해당 부서 친절 교육" in shown
    # A field department's officer sees neither the report nor a way to decide.
    assert client_for("officer").get(f"/console/compensation/{receipt}").status_code == 403
