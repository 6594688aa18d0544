"""The service standard's queries on both backends (PostgreSQL in `make test`): the dashboard's figures, the stage
times computed from the lifecycle's days, the rating link and its one rating, the mileage and the yearly report."""

from __future__ import annotations

import re

from sqlalchemy import select

from api.notifications.models import OutboxMessage
from api.service_standard import mileage, satisfaction
from tests.support.api_helpers import KST, create_complaint


def test_dashboard_figures_and_ratings_on_both_backends(app, client, people, clock):
    manager = people.headers("manager")
    receipt = create_complaint(client, kind="inquiry")["receipt_number"]  # Tue 2026-03-03
    create_complaint(client, channel="web", category="environment_waste", description="쓰레기가 쌓였습니다.")
    assert (
        client.post(
            f"/api/v1/complaints/{receipt}/assign", headers=manager, json={"assignee_id": people.ids["officer"]}
        ).status_code
        == 200
    )
    clock.advance(days=2)  # Thu: two working days in 담당자 배정
    closing = {"to": "closed", "result": "포트홀을 아스팔트로 보수했습니다."}
    for body in ({"to": "investigating"}, {"to": "reviewed"}, closing):
        assert client.post(f"/api/v1/complaints/{receipt}/status", headers=manager, json=body).status_code == 200
    with app.state.db.reader() as session:
        sms = session.scalars(select(OutboxMessage.body).where(OutboxMessage.template == "citizen_result")).one()
    token = re.search(r"/rate/([A-Za-z0-9_-]+)", sms).group(1)
    with app.state.db.writer() as session:
        satisfaction.rate(session, satisfaction.find(session, token), "4", "감사합니다", clock.now)
        satisfaction.rate_chat(session, "chat-1", "kakao", 2, None, clock.now)
        satisfaction.rate_chat(session, "chat-2", "web", 5, "좋아요", clock.now)
    charts = {
        c["key"]: c
        for c in client.get(
            "/api/v1/dashboard?start=2026-01-01&end=2026-12-31", headers=people.headers("admin")
        ).json()["charts"]
    }
    march = charts["category"]["labels"].index("2026-03")
    assert {name: values[march] for name, values in charts["category"]["series"].items()} == {
        "도로·교통·주차": 1,
        "환경·청소": 1,
    }
    stages = dict(zip(charts["stages"]["labels"], charts["stages"]["series"]["평균(근무일)"]))
    assert stages["담당자 배정"] == 2.0 and stages["확인·조사"] == 0.0 and stages["접수"] == 0.0
    assert charts["deadline"]["series"]["기한 내 완료율"][march] == 100.0
    assert charts["ratings"]["series"]["평균 점수"][march] == 4.0
    assert charts["ratings"]["series"]["챗봇 상담 평균"][march] == 3.5
    with app.state.db.reader() as session:
        report = satisfaction.yearly_report(session, 2026, KST)
        ranking = {m.staff_id: m for m in mileage.quarter_mileage(session, 2026, 1, KST)}
    assert [(r.department_id, r.count, r.mean) for r in report] == [("construction_roads", 1, 4.0)]
    # Closed Thu 03-05 against a deadline of Thu 03-12: five working days early.
    assert ranking[people.ids["officer"]].total == 10 + 2 * 5
