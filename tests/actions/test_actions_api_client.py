"""actions/api_client.py against the real API started by the session fixture."""

from __future__ import annotations

import socket
import threading
import time
import uuid

import pytest

from actions.api_client import ApiClient, ApiError, ApiUnavailable, Conflict, InvalidInput, NotFound, get_client
from tests.support.bot_api import complaint_payload
from tests.support.trackers import unique_phone


def test_client_reads_environment(api_server):
    client = get_client()
    assert client.base_url == api_server["url"]
    assert client.token == api_server["token"]
    assert get_client() is client


def test_calendar_and_routing():
    client = get_client()
    now = client.calendar_now()
    assert isinstance(now["in_office_hours"], bool) and "office_hours" in now
    route = client.routing("welfare_childcare", "전곡")
    assert route["department"]["name"] == "주민복지과"
    assert route["township_office"]["name"] == "전곡읍"
    with pytest.raises(NotFound):
        client.routing("no_such_category")
    with pytest.raises(InvalidInput) as err:
        client.routing("road_traffic", "서울")
    assert "읍·면" in err.value.detail


def test_create_complaint_is_idempotent_with_the_same_key():
    client = get_client()
    phone = unique_phone()
    key = f"test:{uuid.uuid4().hex}"
    first = client.create_complaint(complaint_payload(phone), key)
    second = client.create_complaint(complaint_payload(phone), key)
    assert first["receipt_number"] == second["receipt_number"]
    assert len(client.lookup_by_phone(phone)["complaints"]) == 1
    # Same key, different body: a distinct error, never a second complaint.
    with pytest.raises(Conflict):
        client.create_complaint(complaint_payload(phone, description="다른 내용입니다."), key)
    # A new key is a new complaint.
    third = client.create_complaint(complaint_payload(phone), f"test:{uuid.uuid4().hex}")
    assert third["receipt_number"] != first["receipt_number"]
    assert len(client.lookup_by_phone(phone)["complaints"]) == 2


def test_lookup_errors_are_distinct():
    client = get_client()
    phone = unique_phone()
    created = client.create_complaint(complaint_payload(phone), f"test:{uuid.uuid4().hex}")
    found = client.lookup(created["receipt_number"], phone[-4:])
    assert found["complaints"][0]["receipt_number"] == created["receipt_number"]
    with pytest.raises(NotFound):
        client.lookup(created["receipt_number"], "010-9999-0000")
    with pytest.raises(NotFound):
        client.lookup("2026-999999", phone)
    with pytest.raises(InvalidInput):
        client.create_complaint(complaint_payload(phone, description=""), f"test:{uuid.uuid4().hex}")


def test_wrong_token_is_an_api_error_not_unavailability(api_server):
    client = ApiClient(base_url=api_server["url"], token="wrong-token")
    try:
        client.calendar_now()  # public endpoint: fine without a valid service token
        with pytest.raises(ApiError) as err:
            client.lookup_by_phone("010-1234-5678")
        assert not isinstance(err.value, ApiUnavailable)
        assert err.value.status_code == 401
    finally:
        client.close()


def test_closed_port_fails_fast_with_api_unavailable(closed_port_url):
    client = ApiClient(base_url=closed_port_url, token="x")
    try:
        started = time.monotonic()
        with pytest.raises(ApiUnavailable):
            client.create_complaint(complaint_payload("010-1234-5678"), "k1")
        assert time.monotonic() - started < 3.0
    finally:
        client.close()


def test_silent_server_times_out_within_budget():
    """A server that accepts the connection but never answers: a read timeout, not retried (the Kakao
    channel's ~4 s budget would be gone), reported as ApiUnavailable."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    client = ApiClient(base_url=f"http://127.0.0.1:{listener.getsockname()[1]}", token="x", timeout=1.0)
    try:
        started = time.monotonic()
        with pytest.raises(ApiUnavailable):
            client.create_complaint(complaint_payload("010-1234-5678"), "k1")
        assert time.monotonic() - started < 2.0
        assert len(accepted) == 1  # no retry after a timeout
    finally:
        client.close()
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()
