"""Live handoff in the widget, in office hours: the officer's reply (written through the API) shows within two
seconds, the citizen's lines reach the officer, the bot stays silent until the handoff is closed; a chat nobody
takes ends with a callback offer."""

from __future__ import annotations

import time

import httpx
from playwright.sync_api import Page, expect

from tests.support.widget import Widget, screenshot


def start_handoff(page: Page, admin) -> tuple[Widget, dict]:
    widget = Widget(page).open()
    reply = widget.say("상담원 연결해 주세요")
    assert "담당 직원에게 연결" in reply, reply
    expect(widget.banner).to_contain_text("담당 직원 연결을 기다리고 있습니다")
    conversation_id = page.evaluate(
        "JSON.parse(Object.entries(sessionStorage).find(([k]) => k.startsWith('ycw:'))[1]).conversationId"
    )
    r = admin.get("/handoffs", params={"status": "open", "limit": 200})
    [handoff] = [h for h in r.json()["items"] if h["conversation_id"] == conversation_id]
    assert handoff["channel"] == "web"
    return widget, handoff


def officer_messages(admin, handoff_id: int) -> list[dict]:
    r = admin.get(f"/handoffs/{handoff_id}/messages")
    assert r.status_code == 200, r.text
    return r.json()["messages"]


def test_an_officer_and_a_citizen_talk_live_until_the_officer_hands_back(page: Page, admin, stack):
    widget, handoff = start_handoff(page, admin)
    bot_lines = widget.log.locator(".ycw-bot").count()

    # The citizen's line goes to the officer, not to the paused bot.
    widget.input.fill("은대리 마을회관 앞 가로등 건으로 여쭤보고 싶어요")
    widget.input.press("Enter")
    expect(widget.log.locator(".ycw-user .ycw-state").last).to_have_text("")
    for _ in range(20):
        texts = [m["text"] for m in officer_messages(admin, handoff["id"]) if m["sender"] == "citizen"]
        if texts:
            break
        time.sleep(0.2)
    assert texts == ["은대리 마을회관 앞 가로등 건으로 여쭤보고 싶어요"]
    tracker = httpx.get(
        f"{stack['rasa']}/conversations/{handoff['conversation_id']}/tracker",
        params={"token": stack["rasa_token"]},
        timeout=10,
    ).json()
    assert tracker["paused"] is True
    assert not any(e.get("event") == "user" and "은대리" in (e.get("text") or "") for e in tracker["events"])

    # The officer's reply appears within two seconds of being written.
    reply = "안녕하세요, 건설과 담당자입니다. 오늘 중으로 현장을 확인하겠습니다."
    r = admin.post(f"/handoffs/{handoff['id']}/messages", json={"text": reply})
    assert r.status_code == 201, r.text
    started = time.monotonic()
    expect(widget.log.locator(".ycw-officer", has_text=reply)).to_be_visible(timeout=2000)
    assert time.monotonic() - started < 2.0
    expect(widget.banner).to_have_text("담당 직원과 연결되어 있습니다.")
    assert widget.log.locator(".ycw-bot").count() == bot_lines  # the bot said nothing meanwhile
    screenshot(page, "desktop-handoff")
    # An officer's reply is text: markup in it is shown as written and never runs.
    markup = '<img src=x onerror="window.pwned=1"><b>굵게</b>'
    assert admin.post(f"/handoffs/{handoff['id']}/messages", json={"text": markup}).status_code == 201
    expect(widget.log.locator(".ycw-officer", has_text=markup)).to_be_visible(timeout=3000)
    assert widget.log.locator(".ycw-officer img, .ycw-officer b").count() == 0
    assert page.evaluate("window.pwned") is None

    # Closing hands the conversation back: the widget says so and the bot answers again.
    assert admin.post(f"/handoffs/{handoff['id']}/close", json={"note": "현장 확인 예정"}).status_code == 200
    expect(widget.log).to_contain_text("담당 직원과의 상담이 끝났습니다", timeout=3000)
    expect(widget.banner).to_have_text("")
    time.sleep(0.5)  # the API resumes the Rasa conversation right after answering
    assert "별말씀을요" in widget.say("감사합니다")


def test_a_chat_nobody_takes_ends_with_a_callback_offer(page: Page, admin, office_clock):
    widget, handoff = start_handoff(page, admin)
    office_clock("2026-03-03T10:06:00+09:00")  # six minutes later, no officer has taken it
    expect(widget.log).to_contain_text("기다리시게 해서 죄송합니다", timeout=5000)
    expect(widget.banner).to_have_text("")
    form = page.get_by_role("form", name="전화 회신 요청")
    expect(form).to_be_visible()
    screenshot(page, "desktop-callback-offer")

    form.get_by_label("연락받으실 전화번호").fill("010-5555-4321")
    form.get_by_label("연락받기 편한 시간 (선택)").fill("오후 3시 이후")
    form.get_by_role("button", name="회신 요청하기").click()
    expect(form.get_by_role("status")).to_contain_text("개인정보 수집·이용에 동의해 주세요")
    form.get_by_label("개인정보 수집·이용에 동의합니다.").check()
    form.get_by_role("button", name="회신 요청하기").click()
    expect(widget.log).to_contain_text("남겨 주신 전화번호(010-****-4321)로")

    detail = admin.get(f"/handoffs/{handoff['id']}").json()
    assert detail["callback_phone"] == "010-****-4321" and detail["status"] == "open"
    # Back with the chatbot.
    time.sleep(0.5)
    assert "별말씀을요" in widget.say("감사합니다")
