"""The service standard's pages in real headless Chromium against a live API: the citizen's rating page on a
phone (no login, one rating) and the dashboard's charts. Screenshots in var/screenshots/standard/ (not committed)."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.console.conftest import CHROMIUM_ARGS, DEMO_PASSWORD, SERVICE  # noqa: F401
from tests.support.processes import PROJECT_ROOT

pytestmark = pytest.mark.filterwarnings("ignore")
SHOTS = PROJECT_ROOT / "var" / "screenshots" / "standard"


def _staff(api, username: str) -> dict:
    login = httpx.post(f"{api.url}/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def _closed_complaint_link(api) -> tuple[str, str]:
    body = {
        "channel": "kakao",
        "category": "road_traffic",
        "kind": "inquiry",
        "township": "전곡읍",
        "description": "전곡역 앞 도로에 큰 포트홀이 생겨 차량이 위험합니다.",
        "location": "전곡역 앞 사거리",
        "citizen_name": "홍길동",
        "phone": "010-1234-5678",
        "privacy_consent": {"agreed": True, "version": "2026-01"},
    }
    receipt = httpx.post(f"{api.url}/api/v1/complaints", json=body, headers=SERVICE).json()["receipt_number"]
    manager = _staff(api, "construction_roads.manager")
    officer = httpx.get(f"{api.url}/api/v1/staff", headers=manager).json()
    officer_id = next(s["id"] for s in officer if s["role"] == "officer")
    assert (
        httpx.post(
            f"{api.url}/api/v1/complaints/{receipt}/assign", headers=manager, json={"assignee_id": officer_id}
        ).status_code
        == 200
    )
    for step in ({"to": "investigating"}, {"to": "reviewed"}, {"to": "closed", "result": "포트홀을 보수했습니다."}):
        changed = httpx.post(f"{api.url}/api/v1/complaints/{receipt}/status", headers=manager, json=step)
        assert changed.status_code == 200
    engine = create_engine(api.env["DATABASE_URL"])
    with engine.connect() as connection:
        sms = connection.execute(
            text("SELECT body FROM outbox_messages WHERE template = 'citizen_result' AND body LIKE :receipt"),
            {"receipt": f"%{receipt}%"},
        ).scalar_one()
    engine.dispose()
    return receipt, re.search(r"(/rate/[A-Za-z0-9_-]+)", sms).group(1)


def test_rating_page_on_a_phone_takes_one_rating(browser, live_api):
    SHOTS.mkdir(parents=True, exist_ok=True)
    receipt, path = _closed_complaint_link(live_api)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ko-KR", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{live_api.url}{path}")
    assert receipt in page.locator("main").inner_text()
    # Nothing wider than the phone's screen; every choice a comfortable touch target.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for box in (page.get_by_label(f"{n}점", exact=False).bounding_box() for n in range(1, 6)):
        assert box is not None
    heights = page.eval_on_selector_all(".scores label", "els => els.map(e => e.getBoundingClientRect().height)")
    assert len(heights) == 5 and min(heights) >= 44
    page.screenshot(path=str(SHOTS / "rating-phone.png"), full_page=True)
    # Sending without a score is stopped by the form itself; keyboard alone picks a score.
    page.get_by_role("button", name="평가 보내기").click()
    assert page.url.endswith(path) and "감사합니다" not in page.locator("main").inner_text()
    page.get_by_role("radio", name="4점 · 만족").check()
    page.get_by_label("하고 싶은 말씀 (선택)").fill("빠르게 고쳐 주셔서 감사합니다.")
    page.get_by_role("button", name="평가 보내기").click()
    assert "소중한 의견 감사합니다" in page.get_by_role("status").inner_text()
    page.screenshot(path=str(SHOTS / "rating-thanks.png"), full_page=True)
    page.goto(f"{live_api.url}{path}")
    assert "이미 평가해 주셨습니다" in page.locator("main").inner_text() and page.locator("form").count() == 0
    context.close()


def test_dashboard_draws_every_chart_with_filters(page_for, live_api):
    SHOTS.mkdir(parents=True, exist_ok=True)
    _closed_complaint_link(live_api)
    page = page_for("admin")
    page.get_by_role("link", name="민원 통계").click()
    page.wait_for_selector("body[data-charts-drawn=yes]")
    drawn = page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-chart]'))"
        ".filter(c => Chart.getChart(c) !== undefined).length"
    )
    assert drawn == page.locator("canvas[data-chart]").count() >= 8
    assert page.locator("figure.chart").count() == 13
    page.screenshot(path=str(SHOTS / "dashboard-admin.png"), full_page=True)
    page.get_by_label("부서", exact=True).select_option(label="건설과")
    page.get_by_role("button", name="보기").click()
    page.wait_for_selector("body[data-charts-drawn=yes]")
    assert "건설과" in page.locator("h1").inner_text()
    with page.expect_download() as download:
        page.locator("#chart-channel").get_by_role("link", name="CSV 내려받기").click()
    assert download.value.suggested_filename.startswith("channel-")
    manager = page_for("construction_roads.manager")
    manager.goto(f"{live_api.url}/console/dashboard")
    manager.wait_for_selector("body[data-charts-drawn=yes]")
    assert manager.get_by_label("부서", exact=True).count() == 0 and "건설과" in manager.locator("h1").inner_text()
    manager.screenshot(path=str(SHOTS / "dashboard-manager.png"), full_page=True)
