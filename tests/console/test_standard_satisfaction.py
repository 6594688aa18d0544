"""Satisfaction: the closing SMS carries a per-complaint rating link; the page needs no login and takes one rating
per complaint; the yearly report per department for managers and administrators, printable and as CSV."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from api.notifications.models import OutboxMessage
from tests.console.conftest import SERVICE, without_csrf
from tests.support.api_helpers import create_complaint

LINK = re.compile(r"http://127\.0\.0\.1:8000(/rate/[A-Za-z0-9_-]+)")


def close_complaint(client, people, manager="manager", officer="officer", **overrides) -> tuple[str, str | None]:
    """File, work through and close a complaint; the receipt and the rating link's path from the SMS."""
    receipt = create_complaint(client, SERVICE, kind="inquiry", **overrides)["receipt_number"]
    manager = people.headers(manager)
    assert (
        client.post(
            f"/api/v1/complaints/{receipt}/assign", headers=manager, json={"assignee_id": people.ids[officer]}
        ).status_code
        == 200
    )
    for body in ({"to": "investigating"}, {"to": "reviewed"}, {"to": "closed", "result": "포트홀을 보수했습니다."}):
        assert client.post(f"/api/v1/complaints/{receipt}/status", headers=manager, json=body).status_code == 200
    return receipt, _link(client.app, receipt)


def _link(app, receipt: str) -> str | None:
    with app.state.db.reader() as session:
        texts = session.scalars(
            select(OutboxMessage.body).where(
                OutboxMessage.template == "citizen_result", OutboxMessage.body.contains(receipt)
            )
        ).all()
    found = [m.group(1) for m in map(LINK.search, texts) if m]
    assert len(found) <= 1
    return found[0] if found else None


def test_closing_sms_carries_a_link_that_takes_one_rating(client_for, people):
    citizen = client_for(None)
    receipt, path = close_complaint(citizen, people)
    assert path is not None
    page = citizen.get(path)
    assert page.status_code == 200 and receipt in page.text and 'name="score"' in page.text
    assert page.headers["cache-control"] == "no-store" and page.headers["referrer-policy"] == "no-referrer"
    missing = citizen.post(path, data={"comment": "점수 없이"})
    assert missing.status_code == 422 and "1점부터 5점" in missing.text and "점수 없이" in missing.text
    assert citizen.post(path, data={"score": "9"}).status_code == 422
    comment = "<script>alert(1)</script> 빨리 고쳐 주셔서 감사합니다 👍"
    done = citizen.post(path, data={"score": "4", "comment": comment})
    assert done.status_code == 200 and "감사합니다" in done.text
    again = citizen.post(path, data={"score": "1"})
    assert again.status_code == 409 and "이미 평가" in again.text
    assert "이미 평가" in citizen.get(path).text and 'name="score"' not in citizen.get(path).text
    report = client_for("admin").get("/console/satisfaction?year=2026").text
    assert "건설과" in report and "응답 1건 · 평균 4.0점" in report
    assert "&lt;script&gt;" in report and "<script>alert" not in report


def test_wrong_or_forged_links_find_nothing(client_for, people):
    citizen = client_for(None)
    for path in ("/rate/AAAAAAAAAAAAAAAAAAAAAA", "/rate/x", "/rate/" + "A" * 300, "/rate/%27%20OR%201%3D1--"):
        response = citizen.get(path)
        assert response.status_code == 404 and "평가 주소가 올바르지 않습니다" in response.text
        assert citizen.post(path, data={"score": "5"}).status_code == 404


def test_a_rejected_complaint_gets_no_rating_link(client_for, people):
    citizen = client_for(None)
    receipt = create_complaint(citizen, SERVICE, kind="inquiry")["receipt_number"]
    rejected = citizen.post(
        f"/api/v1/complaints/{receipt}/status",
        headers=people.headers("manager"),
        json={
            "to": "rejected",
            "reason": "같은 내용의 민원이 처리 중입니다.",
            "remedy": "기존 민원을 조회해 주십시오.",
        },
    )
    assert rejected.status_code == 200
    with citizen.app.state.db.reader() as session:
        result = session.scalars(select(OutboxMessage.body).where(OutboxMessage.template == "citizen_result")).one()
    assert receipt in result and "/rate/" not in result


def test_yearly_report_per_department_for_managers_and_administrators(client_for, people):
    citizen = client_for(None)
    for score in ("5", "3"):
        _, path = close_complaint(citizen, people)
        comment = "홍길동입니다. 010-1234-5678로 연락 주세요"
        assert citizen.post(path, data={"score": score, "comment": comment}).status_code == 200
    _, path = close_complaint(
        citizen,
        people,
        "other_manager",
        "other_officer",
        category="environment_waste",
        description="쓰레기가 수거되지 않았습니다.",
    )
    assert citizen.post(path, data={"score": "1", "comment": "늦었습니다"}).status_code == 200
    admin = client_for("admin")
    rows = list(csv.reader(io.StringIO(admin.get("/console/satisfaction.csv?year=2026").content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["부서", "응답 수", "평균"]
    by_dept = {row[0]: row for row in rows[1:]}
    assert by_dept["건설과"][1:3] == ["2", "4.0"] and by_dept["환경보호과"][1:3] == ["1", "1.0"]
    march = rows[0].index("3월 평균")
    assert by_dept["건설과"][march] == "4.0" and by_dept["건설과"][march - 1] == ""
    own = without_csrf(client_for("manager").get("/console/satisfaction").text)
    assert "건설과" in own and "환경보호과" not in own
    # The comments a manager reads carry neither the citizen's name nor a phone number.
    assert "(이름)입니다. (전화번호)로 연락 주세요" in own and "홍길동" not in own and "5678" not in own
    assert client_for("officer").get("/console/satisfaction").status_code == 403
    assert "평가가 없습니다" in admin.get("/console/satisfaction?year=2025").text


def test_a_year_that_is_no_year_shows_this_one(client_for):
    # '²' counts as a digit for str.isdigit() but not for int(); 5,000 nines exceed int()'s digit limit.
    manager = client_for("manager")
    for year in ("²", "9" * 5000, "١٩٩٩", "abc", "1999"):
        for page in ("/console/satisfaction", "/console/mileage"):
            r = manager.get(page, params={"year": year})
            assert r.status_code == 200, (page, year[:10], r.text[:200])
            assert "2026" in r.text
