"""Learning from corrections: a category an officer corrected on a chatbot complaint is kept once as a labelled
example without personal data; the administrator accepts or rejects it; the export is Rasa NLU YAML of the
accepted ones only, with nothing personal in it."""

from __future__ import annotations

import yaml

from api.service_standard.corrections import scrub
from tests.console.conftest import SERVICE, csrf_of, without_csrf
from tests.support.api_helpers import create_complaint


def test_scrub_removes_numbers_addresses_and_names():
    text = (
        "홍길동입니다. 연천읍 차탄리 12-3 앞 도로가 꺼졌어요. 010-9876-5432 또는 031 839 2114로 연락 주세요. "
        "지난번 2026-000123 민원도 김철수 씨가 받으셨어요. mail: hong@example.com 계좌 123-456-789012"
    )
    clean = scrub(text, names=("홍길동",), addresses=("연천읍 차탄리 12-3",))
    for personal in ("홍길동", "차탄리 12-3", "9876", "5432", "839", "2026-000123", "김철수", "hong@", "789012"):
        assert personal not in clean, personal
    assert clean.startswith("(이름)입니다. (주소) 앞 도로가 꺼졌어요. (전화번호)")
    # Ordinary words that merely sit before 님 or 입니다 stay.
    kept = "담당 주무관님께 감사드립니다. 쓰레기 문제입니다. 경비 아저씨가 치워 주셨어요"
    assert scrub(kept) == kept


def _transfer(client, receipt: str, category: str):
    response = client.post(
        f"/console/complaints/{receipt}/transfer",
        data={"category": category, "reason": "분야가 다릅니다.", "csrf_token": csrf_of(client)},
    )
    assert response.status_code == 303, response.text


def test_corrections_are_kept_reviewed_and_exported_without_personal_data(client_for, people):
    citizen = client_for(None)
    bot = create_complaint(
        citizen,
        SERVICE,
        citizen_name="홍길동",
        phone="010-2222-3333",
        description="홍길동입니다. 전곡역 앞 골목에 쓰레기가 쌓였어요. 010-2222-3333으로 연락 주세요",
    )
    other = create_complaint(citizen, SERVICE, description="전곡읍 공원에 생활쓰레기가 버려져 있습니다")
    manager = client_for("manager")
    _transfer(manager, bot["receipt_number"], "environment_waste")
    _transfer(manager, other["receipt_number"], "environment_waste")
    # A complaint an officer typed in (not the chatbot's category) teaches the chatbot nothing.
    typed = create_complaint(citizen, people.headers("officer"), description="보도블록 사이에 쓰레기가 많습니다")
    _transfer(manager, typed["receipt_number"], "environment_waste")

    assert client_for("manager").get("/console/corrections").status_code == 403
    admin = client_for("admin")
    page = without_csrf(admin.get("/console/corrections").text)
    assert admin.get("/console/corrections").text.count("<textarea") == 2  # kept once, however often it is opened
    assert "전곡역 앞 골목에 쓰레기가 쌓였어요" in page and "보도블록" not in page
    assert "홍길동" not in page and "2222" not in page and "3333" not in page
    assert "도로·교통·주차" in page and "환경·청소" in page
    ids = [int(chunk.split('"', 1)[0]) for chunk in page.split('action="/console/corrections/')[1:]]
    first, second = sorted(ids)
    accepted = admin.post(
        f"/console/corrections/{first}",
        data={
            "decision": "accept",
            "text": "전곡역 앞 골목에 쓰레기가 쌓였어요. 010-4444-5555",
            "csrf_token": csrf_of(admin),
        },
    )
    assert accepted.status_code == 303
    assert (
        admin.post(
            f"/console/corrections/{second}", data={"decision": "reject", "csrf_token": csrf_of(admin)}
        ).status_code
        == 303
    )
    assert admin.post(f"/console/corrections/{second}", data={"decision": "accept"}).status_code == 403  # no CSRF

    exported = admin.get("/console/corrections/export.yml")
    assert exported.status_code == 200 and "corrections_nlu.yml" in exported.headers["content-disposition"]
    data = yaml.safe_load(exported.text)
    assert data["version"] == "3.1"
    assert data["nlu"] == [
        {"intent": "complaint_environment_waste", "examples": "- 전곡역 앞 골목에 쓰레기가 쌓였어요. (전화번호)\n"}
    ]
    assert "4444" not in exported.text and "공원" not in exported.text  # the rejected one stays out
    assert client_for("officer").get("/console/corrections/export.yml").status_code == 403
