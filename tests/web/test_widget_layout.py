"""The widget on a phone-sized screen and in large text, its colour contrast, and its screen-reader wiring;
saves the screenshots (var/screenshots/widget/)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.widget import Widget, screenshot

# WCAG 2 contrast of every visible text in the widget against the background it sits on.
CONTRAST = """
() => {
  const lum = (c) => {
    const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const rgb = (s) => {
    const m = s.match(/[\\d.]+/g).map(Number);
    return {c: m.slice(0, 3), a: m.length > 3 ? m[3] : 1};
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const bg = rgb(getComputedStyle(el).backgroundColor);
      if (bg.a > 0.5) return bg.c;
    }
    return [255, 255, 255];
  };
  const out = [];
  document.querySelectorAll('.ycw-root *').forEach((el) => {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (!own || !el.getClientRects().length || style.visibility === 'hidden' || el.closest('.ycw-sr')) return;
    const fg = lum(rgb(style.color).c), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && +style.fontWeight >= 700);
    out.push({text: el.textContent.trim().slice(0, 30), ratio: Math.round(ratio * 100) / 100, needed: large ? 3 : 4.5});
  });
  return out;
}
"""


def low_contrast(page) -> list[dict]:
    return [item for item in page.evaluate(CONTRAST) if item["ratio"] < item["needed"]]


def test_phone_screen_large_text_contrast_and_screen_reader_wiring(browser, stack):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="ko-KR",
        timezone_id="Asia/Seoul",
    )
    page = context.new_page()
    try:
        page.goto(stack["api"] + "/")
        screenshot(page, "phone-homepage")
        widget = Widget(page).open()
        # The open chat fills the phone's screen and nothing scrolls sideways.
        box = widget.panel.bounding_box()
        assert box["x"] >= 0 and box["width"] <= 390 and box["height"] >= 800, box
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        reply = widget.say("집 앞 가로등이 며칠째 꺼져 있어요")
        assert "건설과" in reply or "도로" in reply, reply
        assert widget.buttons(), "the bot's choices are shown as buttons"
        for button in widget.log.locator(".ycw-buttons button:not([disabled])").all():
            assert button.bounding_box()["height"] >= 44  # touch targets
        screenshot(page, "phone")
        assert low_contrast(page) == []

        page.get_by_role("button", name="큰 글씨").click()
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.ycw-text')).fontSize)")
        assert size >= 20
        screenshot(page, "phone-large-text")
        assert low_contrast(page) == []
        # The choice survives a reload (kept on this device).
        page.reload()
        expect(page.get_by_role("button", name="큰 글씨")).to_have_attribute("aria-pressed", "true")

        # Screen readers: new messages land in a polite live region; controls have names.
        log = page.get_by_role("log", name="상담 대화")
        expect(log).to_have_attribute("aria-live", "polite")
        expect(page.get_by_role("textbox", name="메시지 입력")).to_be_visible()
        expect(page.get_by_role("button", name="상담창 닫기")).to_be_visible()
        expect(log.locator(".ycw-user .ycw-sr").first).to_have_text("나: ")
        expect(log.locator(".ycw-bot .ycw-sr").first).to_have_text("챗봇: ")
    finally:
        context.close()


def test_desktop_large_text_screenshot(page):
    widget = Widget(page).open()
    page.get_by_role("button", name="큰 글씨").click()
    widget.say("집 앞 가로등이 며칠째 꺼져 있어요")
    screenshot(page, "desktop-large-text")
    assert low_contrast(page) == []
    page.get_by_role("button", name="큰 글씨").click()
    screenshot(page, "desktop")
    assert low_contrast(page) == []
