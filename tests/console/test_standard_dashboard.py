"""The dashboard's figures: counts by category, department, 읍·면 and channel; the share closed by the deadline;
stage times against the standard; overdue now; routing corrections; the same numbers in the page, the CSV and
/api/v1/dashboard; filters by period and department; managers see only their department."""

from __future__ import annotations

import csv
import io

from tests.console.conftest import SERVICE, csrf_of
from tests.console.test_standard_satisfaction import close_complaint
from tests.support.api_helpers import create_complaint


def _charts(client, headers, query="start=2026-01-01&end=2026-12-31"):
    response = client.get(f"/api/v1/dashboard?{query}", headers=headers)
    assert response.status_code == 200, response.text
    return {chart["key"]: chart for chart in response.json()["charts"]}


def test_figures_from_the_api_the_page_and_the_csv_agree(client_for, people, clock):
    client = client_for(None)
    receipt, path = close_complaint(client, people)  # road complaint, kakao, 전곡읍, closed the same day
    assert client.post(path, data={"score": "5"}).status_code == 200
    create_complaint(client, SERVICE, channel="web", township="연천읍")
    create_complaint(client, SERVICE, category="environment_waste", description="쓰레기 무단투기가 계속됩니다.")
    # An officer corrects a road complaint that was really about waste (transfer with the corrected category).
    wrong = create_complaint(client, SERVICE, description="전곡역 앞에 쓰레기가 쌓여 있어요")["receipt_number"]
    manager = client_for("manager")
    moved = manager.post(
        f"/console/complaints/{wrong}/transfer",
        data={"category": "environment_waste", "reason": "쓰레기 민원입니다.", "csrf_token": csrf_of(manager)},
    )
    assert moved.status_code == 303
    charts = _charts(client, people.headers("admin"))
    category = charts["category"]
    assert category["labels"] == [f"2026-{m:02d}" for m in range(1, 13)]
    # The corrected complaint counts under its corrected category.
    assert category["series"] == {"도로·교통·주차": [0, 0, 2] + [0] * 9, "환경·청소": [0, 0, 2] + [0] * 9}
    channel = {name: sum(v) for name, v in charts["channel"]["series"].items()}
    assert channel == {"카카오톡": 3, "홈페이지": 1}
    township = {name: sum(v) for name, v in charts["township"]["series"].items()}
    assert township == {"전곡읍": 3, "연천읍": 1}
    march = charts["deadline"]["labels"].index("2026-03")
    assert charts["deadline"]["series"]["기한 내 완료율"][march] == 100.0
    assert charts["ratings"]["series"]["평균 점수"][march] == 5.0
    routing = dict(zip(charts["routing"]["labels"], charts["routing"]["series"]["정정 비율"]))
    # One of the three complaints filed as roads was corrected to waste; none filed as waste was corrected.
    assert routing == {"도로·교통·주차": 33.3, "환경·청소": 0.0}
    stages = dict(zip(charts["stages"]["labels"], charts["stages"]["series"]["표준(근무일)"]))
    assert stages == {"접수": 1, "담당자 배정": 2, "확인·조사": 2, "조사결과 확인": 2, "시정·개선 조치": 3}
    # The CSV carries the same numbers as the API.
    admin = client_for("admin")
    rows = list(
        csv.reader(
            io.StringIO(
                admin.get("/console/dashboard/channel.csv?start=2026-01-01&end=2026-12-31").content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0] == ["항목", "카카오톡", "홈페이지"] and rows[3] == ["2026-03", "3", "1"]
    page = admin.get("/console/dashboard?start=2026-01-01&end=2026-12-31")
    assert page.status_code == 200 and 'data-chart="category"' in page.text and "처리기한 안에 완료한 비율" in page.text


def test_period_and_department_filters_and_who_may_see(client_for, people, clock):
    client = client_for(None)
    create_complaint(client, SERVICE)
    create_complaint(client, SERVICE, category="environment_waste", description="쓰레기 수거가 안 됩니다.")
    admin = people.headers("admin")
    one = _charts(client, admin, "start=2026-01-01&end=2026-12-31&department=environment")
    assert {n: sum(v) for n, v in one["department"]["series"].items()} == {"환경보호과": 1}
    # The manager asks for another department and gets their own.
    own = _charts(client, people.headers("manager"), "department=environment")
    assert {n: sum(v) for n, v in own["department"]["series"].items()} == {"건설과": 1}
    last_year = _charts(client, admin, "start=2025-01-01&end=2025-12-31")["category"]["series"]
    assert sum(sum(v) for v in last_year.values()) == 0
    assert client.get("/api/v1/dashboard", headers=people.headers("officer")).status_code == 403
    assert client.get("/api/v1/dashboard").status_code == 401
    bad = client.get("/api/v1/dashboard?start=2026-13-01", headers=admin)
    assert bad.status_code == 422 and "날짜" in bad.json()["detail"]
    assert client.get("/api/v1/dashboard?start=2026-05-01&end=2026-01-01", headers=admin).status_code == 422
    assert client.get("/api/v1/dashboard?department=nowhere", headers=admin).status_code == 422
    assert client_for("officer").get("/console/dashboard").status_code == 403
