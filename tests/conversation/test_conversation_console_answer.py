"""An officer's answer written in the staff console reaches the citizen who asks the bot for the status (REST
channel, the real API, action server and Rasa): the last step of the officer's day in issue 14."""

from __future__ import annotations

import re
from typing import Dict

import httpx

from tests.support.bot_api import DEMO_PASSWORD, SERVICE_TOKEN, complaint_payload
from tests.support.trackers import unique_phone

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ANSWER = "3월 5일 오전에 가로등 전구를 교체할 예정입니다. 불편을 드려 죄송합니다."


class ConsoleOfficer:
    """An officer using the console's forms as the browser posts them. Its cookies are Secure, which a cookie jar
    sends over https only, so they are carried by hand over the loopback."""

    def __init__(self, api_url: str):
        self.client = httpx.Client(base_url=api_url + "/console", timeout=20)
        self.cookies: Dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        response = self.client.request(method, path, headers=headers, **kwargs)
        for header in response.headers.get_list("set-cookie"):
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return response

    def post_form(self, page_path: str, action: str, **fields: str) -> httpx.Response:
        """Open the page, then submit one of its forms with the page's CSRF token."""
        page = self.request("GET", page_path)
        assert page.status_code == 200, page.text[:300]
        return self.request("POST", action, data={"csrf_token": CSRF.search(page.text).group(1), **fields})

    def close(self) -> None:
        self.client.close()


def test_the_citizen_reads_the_officers_answer_in_the_bot(api_server, conversation):
    phone = unique_phone()
    filed = httpx.post(
        f"{api_server['url']}/api/v1/complaints",
        json=complaint_payload(phone),
        headers={"Authorization": f"Bearer {SERVICE_TOKEN}"},
        timeout=20,
    )
    assert filed.status_code == 201, filed.text
    receipt = filed.json()["receipt_number"]

    officer = ConsoleOfficer(api_server["url"])
    try:
        logged_in = officer.post_form("/login", "/login", username="construction_roads.officer", password=DEMO_PASSWORD)
        assert logged_in.status_code == 303, logged_in.text[:300]
        page = f"/complaints/{receipt}"
        taken = officer.post_form(page, f"{page}/take")
        assert taken.status_code == 303, taken.text[:300]
        answered = officer.post_form(page, f"{page}/answer", answer=ANSWER)
        assert answered.status_code == 303, answered.text[:300]
        assert ANSWER in officer.request("GET", page).text
    finally:
        officer.close()

    # The citizen asks in their own words and answers what the bot asks for; whatever order it asks in.
    reply = conversation.say("민원 처리 상황 알고 싶어요")
    for _ in range(4):
        if ANSWER in reply:
            break
        if "접수번호" in reply:
            reply = conversation.say(receipt)
        elif "전화" in reply:
            reply = conversation.say(phone)
        else:
            break
    assert ANSWER in reply, conversation.transcript()
    assert receipt in conversation.transcript()
