"""A citizen files a complaint in the homepage widget, reloads the page, checks the status; the same by keyboard
alone; the limits and the dropped connection."""

from __future__ import annotations

import random
import re

from playwright.sync_api import Page, expect

from tests.support.widget import RECEIPT, Widget, complaints_with_phone, next_step, screenshot


def unique_phone() -> str:
    return f"010-{random.randint(2000, 9999)}-{random.randint(1000, 9999)}"


def file_streetlight_complaint(widget: Widget, phone: str, by_keyboard: bool = False) -> tuple[str, list[str]]:
    """Answer every question of the form until the receipt; (receipt number, the steps asked)."""
    reply = widget.say("집 앞 가로등이 며칠째 꺼져 있어요")
    asked = []
    for _ in range(12):
        match = RECEIPT.search(reply)
        if match:
            return match.group(1), asked
        step, answer = next_step(reply)
        asked.append(step)
        answer = answer or phone
        if answer in widget.buttons():
            reply = press_button(widget, answer) if by_keyboard else widget.choose(answer)
        else:
            reply = widget.say(answer)
    raise AssertionError(f"no receipt after 12 turns:\n{widget.bot_texts()}")


def press_button(widget: Widget, title: str) -> str:
    """Reach a choice with Shift+Tab from the message box and press Enter, as a keyboard user does."""
    before = widget.count()
    page = widget.page
    widget.input.focus()
    for _ in range(12):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.textContent") == title:
            break
    else:
        raise AssertionError(f"button {title!r} not reachable by Shift+Tab")
    page.keyboard.press("Enter")
    return widget.answer_after(before)


def test_a_citizen_files_a_complaint_reloads_and_checks_its_status(page: Page, admin):
    widget = Widget(page).open()
    expect(widget.log).to_contain_text("연천군 민원 상담 챗봇입니다")
    phone = unique_phone()
    receipt, asked = file_streetlight_complaint(widget, phone)
    assert asked[0] == "confirm" and asked.index("consent") < asked.index("name"), asked
    expect(widget.log).to_contain_text(f"접수번호: {receipt}")
    expect(widget.log.locator(".ycw-msg time").first).to_have_text(re.compile(r"오[전후] \d{1,2}:\d{2}"))

    # The complaint is in the API, once, from the web channel, with the construction department.
    [listed] = [c for c in complaints_with_phone(admin, phone) if c["receipt_number"] == receipt]
    landed = admin.get(f"/complaints/{receipt}", params={"reason": "위젯 시험"}).json()
    assert landed["channel"] == "web" and landed["category"] == "road_traffic", landed
    assert landed["phone"] == phone and "가로등" in landed["description"]
    assert len([c for c in complaints_with_phone(admin, phone) if c["receipt_number"] == receipt]) == 1 and listed
    screenshot(page, "desktop-receipt")

    # A reload keeps the conversation (same tab) and the panel open.
    shown = widget.count()
    page.reload()
    widget = Widget(page)
    expect(widget.panel).to_be_visible()
    expect(widget.log.locator(".ycw-msg")).to_have_count(shown)
    expect(widget.log).to_contain_text(f"접수번호: {receipt}")

    # The status, asked in the same widget: the number, then the phone if the bot asks for it.
    reply = widget.say(f"접수번호 {receipt} 처리 현황 알려주세요")
    for _ in range(4):
        if "접수" in reply and receipt in reply and "처리" in reply and "접수번호를" not in reply:
            break
        if "접수번호" in reply:
            reply = widget.say(receipt)
        elif "전화번호" in reply:
            reply = widget.say(phone)
        else:
            raise AssertionError(f"unexpected status dialogue:\n{widget.bot_texts()}")
    assert receipt in reply and ("접수" in reply), reply


def test_the_keyboard_alone_opens_files_and_closes(page: Page, admin):
    # From the top of the page, Tab reaches the launcher (it comes last in the page's order).
    page.locator("body").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-controls')") == "ycw-panel":
            break
    else:
        raise AssertionError("the launcher is not reachable by Tab")
    page.keyboard.press("Enter")
    widget = Widget(page)
    expect(widget.panel).to_be_visible()
    expect(widget.input).to_be_focused()

    phone = unique_phone()
    receipt, _ = file_streetlight_complaint(widget, phone, by_keyboard=True)
    assert [c for c in complaints_with_phone(admin, phone) if c["receipt_number"] == receipt]

    # Large text by keyboard, then Escape closes and gives the focus back to the launcher.
    page.get_by_role("button", name="큰 글씨").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="큰 글씨")).to_have_attribute("aria-pressed", "true")
    widget.input.focus()
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    expect(widget.launcher).to_be_focused()
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")


def test_too_long_a_message_is_refused_before_sending(page: Page):
    widget = Widget(page).open()
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/webhooks/web/webhook" in r.url else None)
    before = widget.count()
    widget.input.fill("가" * 2001)
    expect(page.locator(".ycw-count")).to_have_text("2,001/2,000")
    widget.input.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("2,000자 이하로 나누어 보내 주세요")
    expect(widget.input).to_have_attribute("aria-invalid", "true")
    assert widget.count() == before and sent == []
    # Shortened to the limit, it goes.
    widget.input.fill("가로등이 꺼졌어요 " + "가" * 1980)
    widget.input.press("Enter")
    expect(widget.log.locator(".ycw-user")).to_have_count(1)
    expect(page.locator("#ycw-error")).to_have_text("")


def test_a_lost_answer_is_announced_and_the_message_is_delivered_once(page: Page, admin, stack):
    """The connection drops after the bot got the final "yes": the widget says so, sends the same message id
    again, and the complaint is filed once, its receipt shown once."""
    widget = Widget(page).open()
    phone = unique_phone()
    reply = widget.say("집 앞 가로등이 며칠째 꺼져 있어요")
    for _ in range(12):
        step, answer = next_step(reply)
        if step == "summary":
            break
        answer = answer or phone
        reply = widget.choose(answer) if answer in widget.buttons() else widget.say(answer)
    else:
        raise AssertionError(f"no summary:\n{widget.bot_texts()}")

    bodies = []

    def lose_first_answer(route):
        bodies.append(route.request.post_data_json)
        response = route.fetch()  # the server gets the message and answers...
        if len(bodies) == 1:
            route.abort("connectionreset")  # ...but the answer never reaches the page
        else:
            route.fulfill(response=response)

    page.route("**/webhooks/web/webhook", lose_first_answer)
    before = widget.count()
    widget.log.locator(".ycw-buttons button:not([disabled])", has_text="네, 접수해 주세요").click()
    expect(widget.banner).to_contain_text("연결이 원활하지 않습니다")
    expect(widget.banner).to_have_attribute("role", "status")
    expect(widget.log).to_contain_text("접수번호", timeout=30_000)
    expect(widget.banner).to_contain_text("다시 연결되었습니다")
    screenshot(page, "desktop-reconnected")

    assert len(bodies) == 2 and bodies[0]["message_id"] == bodies[1]["message_id"]
    assert bodies[0]["retry"] is False and bodies[1]["retry"] is True
    receipt = RECEIPT.search(widget.log.inner_text()).group(1)
    assert widget.log.inner_text().count(f"접수번호: {receipt}") == 1
    assert widget.log.locator(".ycw-user", has_text="네, 접수해 주세요").count() == 1
    assert len(complaints_with_phone(admin, phone)) == 1
    assert widget.count() > before


def test_the_bot_unreachable_is_said_politely_and_the_message_waits(page: Page, stack):
    widget = Widget(page).open()
    page.route("**/webhooks/web/webhook", lambda route: route.abort("connectionrefused"))
    widget.input.fill("안녕하세요")
    widget.input.press("Enter")
    expect(widget.banner).to_contain_text("연결이 원활하지 않습니다. 다시 연결하는 중이니 잠시만 기다려 주세요")
    expect(widget.log.locator(".ycw-user .ycw-state")).to_have_text("보내는 중")
    page.unroute("**/webhooks/web/webhook")
    expect(widget.log.locator(".ycw-bot")).to_have_count(2, timeout=20_000)  # the welcome and the answer
    expect(widget.log.locator(".ycw-user .ycw-state")).to_have_text("")
