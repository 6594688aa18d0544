"""Real concurrency against a live uvicorn server: idempotent creation and unique receipt numbers."""

from __future__ import annotations

import os
import re
import threading

import httpx
import pytest

from tests.support.api_helpers import SERVICE, SERVICE_TOKEN, complaint_body
from tests.support.api_server import ApiServer

pytestmark = [pytest.mark.live, pytest.mark.slow]


@pytest.fixture
def live(db_url, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "API_SERVICE_TOKEN": SERVICE_TOKEN,
        "APP_ENV": "test",
        "AUTO_MIGRATE": "true",
        "LOOKUP_RATE_LIMIT": "100000/minute",
    }
    with ApiServer(env, tmp_path) as server:
        yield server


def _hammer(base_url, n, fn):
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def run(i):
        try:
            with httpx.Client(base_url=base_url, timeout=60) as c:
                barrier.wait()
                results[i] = fn(c, i)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


def test_concurrent_retries_with_one_key_create_one_complaint(live):
    body = complaint_body()
    headers = {**SERVICE, "Idempotency-Key": "retry-storm-1"}
    responses = _hammer(live.url, 16, lambda c, i: c.post("/api/v1/complaints", json=body, headers=headers))
    assert {r.status_code for r in responses} == {201}, [r.text for r in responses if r.status_code != 201]
    assert len({r.json()["receipt_number"] for r in responses}) == 1
    assert len({r.text for r in responses}) == 1  # the very same response every time
    listed = httpx.post(live.url + "/api/v1/complaints/lookup", json={"phone": "010-1234-5678"}, headers=SERVICE)
    assert len(listed.json()["complaints"]) == 1
    # Same key, different body → 409 in Korean.
    r = httpx.post(live.url + "/api/v1/complaints", json=complaint_body(description="다른 내용"), headers=headers)
    assert r.status_code == 409 and "Idempotency-Key" in r.json()["detail"]


def test_concurrent_creations_get_unique_consecutive_numbers(live):
    n = 24
    responses = _hammer(
        live.url,
        n,
        lambda c, i: c.post(
            "/api/v1/complaints", json=complaint_body(), headers={**SERVICE, "Idempotency-Key": f"k-{i}"}
        ),
    )
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses if r.status_code != 201]
    numbers = sorted(r.json()["receipt_number"] for r in responses)
    assert all(re.fullmatch(r"\d{4}-\d{6}", x) for x in numbers)
    seqs = [int(x.split("-")[1]) for x in numbers]
    assert seqs == list(range(1, n + 1))
    assert "Traceback" not in live.output()
