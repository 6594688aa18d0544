"""A complaint filed through the REST channel with the trained model, the action server and the real API."""

from __future__ import annotations

import re

import httpx

RECEIPT = re.compile(r"접수번호: (\d{4}-\d{6,7})")

# What the citizen answers to each question of complaint_form, recognised by its wording.
ANSWERS = [
    ("summary", re.compile(r"이대로 접수할까요"), "네"),
    ("confirm", re.compile(r"분야 민원으로 .*접수를 진행할까요"), "네"),
    ("consent", re.compile(r"동의"), "동의합니다"),
    ("name", re.compile(r"성함"), "홍길동"),
    ("phone", re.compile(r"전화번호"), "010-3456-7890"),
    ("township", re.compile(r"읍·면"), "전곡읍"),
    ("location", re.compile(r"장소"), "은대리 마을회관 앞"),
    ("description", re.compile(r"자세히 말씀해"), "밤에 길이 너무 어두워서 다니기 무섭습니다."),
]


def complaints_of(admin, phone_tail: str):
    r = admin.get("/complaints", params={"limit": 200})
    assert r.status_code == 200, r.text
    return [c for c in r.json()["items"] if (c.get("phone") or "").endswith(phone_tail)]


def test_a_streetlight_complaint_is_filed_once_with_the_construction_department(
    conversation, admin, rasa_server, rasa_headers
):
    before = {c["receipt_number"] for c in complaints_of(admin, "7890")}
    reply = conversation.say("집 앞 가로등이 며칠째 꺼져 있어서 밤에 너무 어두워요")
    assert "도로·교통" in reply or "건설과" in reply, conversation.transcript()

    asked = []
    for _ in range(10):
        match = RECEIPT.search(reply)
        if match:
            break
        step = next(((name, answer) for name, pattern, answer in ANSWERS if pattern.search(reply)), None)
        assert step, f"unexpected question:\n{conversation.transcript()}"
        asked.append(step[0])
        reply = conversation.say(step[1])
    else:
        raise AssertionError(f"no receipt after 10 turns:\n{conversation.transcript()}")

    # The order of complaint_form: category confirmed first, personal data only after consent.
    assert asked[0] == "confirm", asked
    assert asked.index("consent") < asked.index("name") < asked.index("phone") < asked.index("summary"), asked
    assert "description" not in asked, asked  # the first message was the description

    receipt = match.group(1)
    new = [c for c in complaints_of(admin, "7890") if c["receipt_number"] not in before]
    assert [c["receipt_number"] for c in new] == [receipt], conversation.transcript()
    landed = admin.get(f"/complaints/{receipt}", params={"reason": "대화 테스트"}).json()
    assert landed["category"] == "road_traffic" and landed["department_id"] == "construction_roads"
    assert landed["citizen_name"] == "홍길동" and landed["phone"] == "010-3456-7890"
    assert landed["township"] == "전곡읍" and "가로등" in landed["description"]

    # The conversation came with it, from the citizen's first line to the "네" that confirmed the summary.
    said = [t["text"] for t in landed["transcript"] if t["sender"] == "user"]
    assert said[0] == "집 앞 가로등이 며칠째 꺼져 있어서 밤에 너무 어두워요" and said[-1] == "네", said
    assert "010-3456-7890" in said and any(t["sender"] == "bot" for t in landed["transcript"])
    # The NLU's prediction of the first line, where the model was trained with the complaint_prediction slot.
    domain = httpx.get(f"{rasa_server}/domain", headers={**rasa_headers, "Accept": "application/json"}, timeout=30)
    assert domain.status_code == 200, domain.text
    if "complaint_prediction" in domain.json().get("slots", {}):
        prediction = landed["prediction"]
        assert prediction["category"] == landed["category"] and 0 < prediction["confidence"] <= 1, prediction
        assert all(r["category"] != prediction["category"] for r in prediction["runner_ups"]), prediction
    else:
        assert landed["prediction"] is None

    # The conversation goes on normally after the receipt.
    assert "별말씀을요" in conversation.say("감사합니다")


def test_a_correction_at_the_summary_changes_what_is_filed(conversation, admin):
    reply = conversation.say("쓰레기 수거차가 일주일째 안 와요 냄새가 너무 나요")
    answers = {
        "confirm": "네",
        "consent": "동의합니다",
        "name": "김순자",
        "phone": "010-2222-7777",
        "township": "연천읍",
        "location": "연천역 앞",
        "description": "쓰레기 수거가 안 됩니다",
    }
    corrected = False
    for _ in range(14):
        if RECEIPT.search(reply):
            break
        step = next((name for name, pattern, _ in ANSWERS if pattern.search(reply)), None)
        assert step, f"unexpected question:\n{conversation.transcript()}"
        if step == "summary" and not corrected:
            assert "연천역 앞" in reply, conversation.transcript()
            corrected = True
            answers["location"] = "상리 마을회관 앞"
            reply = conversation.say("아 주소를 잘못 말했어요")
            assert "장소" in reply, conversation.transcript()
            continue
        reply = conversation.say("네" if step == "summary" else answers[step])
    receipt = RECEIPT.search(reply)
    assert corrected and receipt, conversation.transcript()
    landed = admin.get(f"/complaints/{receipt.group(1)}", params={"reason": "대화 테스트"}).json()
    assert landed["location"] == "상리 마을회관 앞", landed
    assert landed["category"] == "environment_waste"
