"""The homepage widget as a citizen uses it in headless Chromium (tests/web; .venv-api, playwright): the widget's
controls, screenshots under var/screenshots/widget, and the answers to the complaint form's questions."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.processes import PROJECT_ROOT

SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots" / "widget"
RECEIPT = re.compile(r"접수번호: (\d{4}-\d{6,7})")


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


class Widget:
    """The citizen's side: what a person sees and does in the widget."""

    def __init__(self, page: Page):
        self.page = page
        self.launcher = page.get_by_role("button", name="챗봇 상담창 열기")
        self.panel = page.get_by_role("dialog", name=re.compile("민원 상담"))
        self.log = page.get_by_role("log", name="상담 대화")
        self.input = page.get_by_role("textbox", name="메시지 입력")
        self.banner = page.locator(".ycw-banner")

    def open(self) -> "Widget":
        if not self.panel.is_visible():
            self.launcher.click()
        expect(self.panel).to_be_visible()
        return self

    def bot_texts(self) -> list[str]:
        return self.log.locator(".ycw-bot .ycw-text, .ycw-officer .ycw-text, .ycw-system .ycw-text").all_inner_texts()

    def count(self) -> int:
        return self.log.locator(".ycw-msg").count()

    def say(self, text: str, timeout: float = 30_000) -> str:
        """Type and send with Enter; return the bot's answer (every message after this one)."""
        before = self.count()
        self.input.fill(text)
        self.input.press("Enter")
        return self.answer_after(before, timeout)

    def choose(self, title: str, timeout: float = 30_000) -> str:
        before = self.count()
        self.log.locator(".ycw-buttons button:not([disabled])", has_text=title).last.click()
        return self.answer_after(before, timeout)

    def answer_after(self, before: int, timeout: float = 30_000) -> str:
        # The citizen's own line, then at least one bot line, and the typing indicator gone.
        expect(self.log.locator(".ycw-msg")).not_to_have_count(before, timeout=timeout)
        expect(self.log.locator(".ycw-msg").nth(before)).to_have_class(re.compile("ycw-user"))
        expect(self.log.locator(f".ycw-msg:nth-child(n+{before + 2})")).not_to_have_count(0, timeout=timeout)
        expect(self.page.locator(".ycw-typing")).to_be_hidden(timeout=timeout)
        texts = self.log.locator(".ycw-msg").all()[before + 1 :]
        return "\n".join(t.inner_text() for t in texts)

    def buttons(self) -> list[str]:
        return self.log.locator(".ycw-buttons button:not([disabled])").all_inner_texts()


# What the citizen answers to each question of complaint_form, recognised by its wording (as in
# tests/conversation): a button where the bot offers one, typed text otherwise.
ANSWERS = [
    ("summary", re.compile(r"이대로 접수할까요"), "네, 접수해 주세요"),
    ("confirm", re.compile(r"분야 민원으로 .*접수를 진행할까요"), "네"),
    ("consent", re.compile(r"동의"), "동의합니다"),
    ("name", re.compile(r"성함"), "홍길동"),
    ("phone", re.compile(r"전화번호"), None),
    ("township", re.compile(r"읍·면"), "전곡읍"),
    ("location", re.compile(r"장소"), "은대리 마을회관 앞"),
    ("description", re.compile(r"자세히 말씀해"), "밤에 길이 너무 어두워서 다니기 무섭습니다."),
]


def next_step(reply: str) -> tuple[str, str | None]:
    for name, pattern, answer in ANSWERS:
        if pattern.search(reply):
            return name, answer
    raise AssertionError(f"unexpected question from the bot:\n{reply}")


def complaints_with_phone(admin, phone: str) -> list[dict]:
    r = admin.get("/complaints", params={"limit": 200})
    assert r.status_code == 200, r.text
    return [c for c in r.json()["items"] if (c.get("phone") or "").endswith(phone[-4:])]
