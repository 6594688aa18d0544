"""One conversation, many channels: complaints and handoffs keep the channel they came from (web widget,
KakaoTalk, the plain REST channel, and the officers' own intake), and the staff lists filter by it."""

from __future__ import annotations

from tests.support.api_helpers import SERVICE, create_complaint

HANDOFF = {
    "conversation_id": "c-1",
    "channel": "web",
    "reason": "request_human",
    "transcript": [{"sender": "user", "text": "상담원 연결해 주세요", "timestamp": "2026-03-03T10:00:00+09:00"}],
}


def test_complaints_keep_their_channel_and_the_list_filters_by_it(client, people):
    filed = {
        channel: create_complaint(client, channel=channel)["receipt_number"]
        for channel in ("web", "kakao", "rest", "phone")
    }

    def listing(**query):
        r = client.get("/api/v1/complaints", params=query, headers=people.headers("manager"))
        assert r.status_code == 200, r.text
        return r.json()

    for channel, receipt in filed.items():
        page = listing(channel=channel)
        assert page["total"] == 1 and [c["receipt_number"] for c in page["items"]] == [receipt]
        assert page["items"][0]["channel"] == channel
    assert listing()["total"] == 4
    bad = client.get("/api/v1/complaints", params={"channel": "fax"}, headers=people.headers("manager"))
    assert bad.status_code == 422


def test_handoffs_keep_their_channel_and_the_queue_filters_by_it(client, people):
    for number, channel in enumerate(("web", "kakao", "rest")):
        body = {**HANDOFF, "conversation_id": f"c-{number}", "channel": channel}
        assert client.post("/api/v1/handoffs", json=body, headers=SERVICE).status_code == 201

    def queue(**query):
        r = client.get("/api/v1/handoffs", params=query, headers=people.headers("officer"))
        assert r.status_code == 200, r.text
        return r.json()

    assert queue()["total"] == 3
    for channel in ("web", "kakao", "rest"):
        page = queue(channel=channel)
        assert page["total"] == 1 and page["items"][0]["channel"] == channel
