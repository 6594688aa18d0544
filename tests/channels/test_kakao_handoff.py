"""action_handoff for a KakaoTalk conversation in office hours (real API, clock fixed on a Tuesday morning):
an officer cannot write into KakaoTalk, so the chat is never paused; the bot takes a callback number, or
links the county's 상담톡 where the county file names one (kakao_counsel_url)."""

from __future__ import annotations

import uuid

import pytest
import yaml

from actions import county
from actions.handoff import ActionHandoff
from tests.support.bot_api import SERVICE_TOKEN
from tests.support.processes import PROJECT_ROOT
from tests.support.trackers import make_tracker, run_action, slots_of, texts_of

EXAMPLE_COUNTY = PROJECT_ROOT / "data" / "county" / "yeoncheon.yml"

PAUSE = {"event": "pause", "timestamp": None}


@pytest.fixture
def in_hours_api(api_server, monkeypatch):
    monkeypatch.setenv("API_URL", api_server)
    monkeypatch.setenv("API_SERVICE_TOKEN", SERVICE_TOKEN)


@pytest.fixture
def county_file(tmp_path, monkeypatch):
    """The example county with extra `county:` keys, as the actions' county file."""

    def write(**info):
        data = yaml.safe_load(EXAMPLE_COUNTY.read_text(encoding="utf-8"))
        path = tmp_path / "county.yml"
        data["county"].update(info)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        monkeypatch.setenv("COUNTY_CONFIG", str(path))
        county.load.cache_clear()

    yield write
    monkeypatch.delenv("COUNTY_CONFIG", raising=False)
    county.load.cache_clear()


def handoff_of(admin, handoff_id):
    r = admin.get(f"/handoffs/{handoff_id}", params={"reason": "카카오 채널 테스트"})
    assert r.status_code == 200, r.text
    return r.json()


def test_a_kakao_handoff_in_office_hours_takes_a_callback_number(in_hours_api, admin):
    sender = f"kakao-{uuid.uuid4().hex[:12]}"
    messages, result = run_action(
        ActionHandoff(),
        make_tracker(text="상담원 연결해 주세요", intent="request_human", channel="kakao", sender_id=sender),
    )
    assert result == [{"event": "slot", "timestamp": None, "name": "callback_requested", "value": True}]
    assert "카카오톡에서는 담당 직원이 직접 답장을 드릴 수 없어" in texts_of(messages)

    slots = {"callback_requested": True, "callback_phone": "010-2468-1357", "callback_name": "이순자"}
    messages, result = run_action(
        ActionHandoff(), make_tracker(slots=slots, text="이순자", channel="kakao", sender_id=sender)
    )
    assert PAUSE not in result
    assert "010-****-1357" in texts_of(messages) and "전화로 연락드리겠습니다" in texts_of(messages)
    handoff = handoff_of(admin, slots_of(result)["handoff_id"])
    assert handoff["channel"] == "kakao" and handoff["conversation_id"] == sender
    assert handoff["callback"]["phone"] == "010-2468-1357"


def test_a_kakao_handoff_links_the_countys_counsel_chat_where_configured(in_hours_api, admin, county_file):
    county_file(kakao_counsel_url="https://pf.kakao.com/_test/chat")
    messages, result = run_action(
        ActionHandoff(), make_tracker(text="상담원 연결해 주세요", intent="request_human", channel="kakao")
    )
    assert PAUSE not in result and slots_of(result)["callback_requested"] is False  # filed without asking
    assert "https://pf.kakao.com/_test/chat" in texts_of(messages)
    assert handoff_of(admin, slots_of(result)["handoff_id"])["channel"] == "kakao"


def test_the_counsel_link_is_only_for_kakao(in_hours_api, county_file):
    county_file(kakao_counsel_url="https://pf.kakao.com/_test/chat")
    messages, result = run_action(
        ActionHandoff(), make_tracker(text="상담원 연결해 주세요", intent="request_human", channel="web")
    )
    assert PAUSE in result and "pf.kakao.com" not in texts_of(messages)
