"""칭찬 linked to the officer it names and counted per month; 민원마일리지 per officer and quarter, by the documented
formula: only answered closures count, on time more than late, speed per working day (capped, never for a
complaint the officer filed), praise capped."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update

from api.complaints.models import Complaint
from api.service_standard import mileage
from api.staff.models import Staff
from tests.console.conftest import SERVICE
from tests.support.api_helpers import KST, create_complaint


def test_points_per_complaint_follow_the_formula():
    received, due = date(2026, 3, 3), date(2026, 3, 12)  # 7 working days
    assert mileage.complaint_points(received, due, date(2026, 3, 12), self_filed=False) == (10, 0)
    assert mileage.complaint_points(received, due, date(2026, 3, 10), self_filed=False) == (14, 2)
    # 7 working days early, capped at 5 for the points.
    assert mileage.complaint_points(received, due, date(2026, 3, 3), self_filed=False) == (20, 7)
    assert mileage.complaint_points(received, due, date(2026, 3, 3), self_filed=True) == (10, 7)
    assert mileage.complaint_points(received, due, date(2026, 3, 13), self_filed=False) == (5, 0)
    assert not mileage.has_public_answer("처리 완료") and not mileage.has_public_answer(" 끝  났 습 니 다 ")
    assert mileage.has_public_answer("포트홀을 아스팔트로 메워 보수했습니다.")


def _name(app, people, who: str, name: str) -> None:
    with app.state.db.writer() as session:
        session.execute(update(Staff).where(Staff.id == people.ids[who]).values(display_name=name))


def _mileage(app, quarter: int) -> dict[int, mileage.Mileage]:
    with app.state.db.reader() as session:
        return {m.staff_id: m for m in mileage.quarter_mileage(session, 2026, quarter, KST)}


def _close(client, people, result: str) -> str:
    receipt = create_complaint(client, SERVICE, kind="inquiry")["receipt_number"]
    manager = people.headers("manager")
    assert (
        client.post(
            f"/api/v1/complaints/{receipt}/assign", headers=manager, json={"assignee_id": people.ids["officer"]}
        ).status_code
        == 200
    )
    for body in ({"to": "investigating"}, {"to": "reviewed"}, {"to": "closed", "result": result}):
        assert client.post(f"/api/v1/complaints/{receipt}/status", headers=manager, json=body).status_code == 200
    return receipt


def test_praise_names_the_officer_and_mileage_ranks_the_quarter(app, client_for, people, clock):
    _name(app, people, "officer", "김민수")
    _name(app, people, "officer2", "박영희")
    _name(app, people, "other_officer", "김민수")  # the same name in another department
    client = client_for(None)
    praise = client.post(
        "/api/v1/praises",
        headers=SERVICE,
        json={"target": "건설과 김민수 주무관", "message": "포트홀을 하루 만에 고쳐 주셨어요", "channel": "kakao"},
    ).json()
    assert praise["staff_id"] == people.ids["officer"] and praise["department_id"] == "construction_roads"
    # Two people called 김민수 and no department named: nobody is guessed.
    ambiguous = client.post(
        "/api/v1/praises", headers=SERVICE, json={"target": "김민수 주무관", "message": "친절했어요", "channel": "web"}
    ).json()
    assert ambiguous["staff_id"] is None
    _close(client, people, "포트홀을 아스팔트로 메워 보수했습니다.")  # closed the day it came: 7 working days early
    _close(client, people, "완료")  # no public answer worth the name: no points
    kim, park = people.ids["officer"], people.ids["officer2"]
    rows = _mileage(app, 1)
    assert (rows[kim].closed, rows[kim].unanswered, rows[kim].days_early, rows[kim].praise) == (1, 1, 7, 1)
    assert rows[kim].total == 10 + 2 * 5 + 5 and rows[park].total == 0
    # An officer sees their own line, the manager the department's ranking, not the other department's.
    own = client_for("officer").get("/console/mileage?year=2026&quarter=1").text
    assert "나의 민원마일리지" in own and "김민수" in own and "박영희" not in own and "<strong>25</strong>" in own
    ranking = client_for("manager").get("/console/mileage?year=2026&quarter=1").text
    assert ranking.index("김민수") < ranking.index("박영희") and "환경보호과" not in ranking
    assert "답변 없는 완료 1건 제외" in ranking and "건설과 · 김민수" in ranking
    # The next quarter starts from nothing.
    assert _mileage(app, 2)[kim].total == 0


def test_a_complaint_the_officer_filed_earns_no_speed(app, client_for, people):
    client = client_for(None)
    receipt = _close(client, people, "가로등 전구를 교체했습니다. 확인 바랍니다.")
    with app.state.db.writer() as session:
        session.execute(
            update(Complaint)
            .where(Complaint.receipt_number == receipt)
            .values(created_by=f"staff:{people.ids['officer']}")
        )
    rows = _mileage(app, 1)
    assert rows[people.ids["officer"]].total == 10 and rows[people.ids["officer"]].days_early == 7


def test_quarter_bounds_are_korean_time():
    start, end = mileage.quarter_bounds(2026, 4, KST)
    assert start == datetime(2026, 10, 1, tzinfo=KST) and end == datetime(2027, 1, 1, tzinfo=KST)
