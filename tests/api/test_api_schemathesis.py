"""Property-based fuzzing of every operation in the OpenAPI schema with Schemathesis: no 5xx, ever.

Runs on PostgreSQL (the stricter backend: NUL bytes, integer ranges) and SQLite, with a bounded number
of examples per operation, valid and invalid data, as the service and as an administrator.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from api.main import create_app
from tests.support.api_helpers import DEFAULT_NOW, SERVICE_TOKEN, FakeClock, People, create_complaint, make_settings

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "20"))
SERVICE_OPS = {
    ("POST", "/api/v1/complaints"),
    ("POST", "/api/v1/handoffs"),
    ("POST", "/api/v1/praises"),
    ("POST", "/api/v1/complaints/lookup"),
}
SKIP_OPS = {("POST", "/api/v1/auth/logout")}  # would revoke the token the fuzzer itself uses

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors(db_url, password_hash, mode):
    app = create_app(make_settings(db_url), clock=FakeClock(DEFAULT_NOW))
    with TestClient(app) as client:
        people = People(app, password_hash)
        admin = people.headers("admin")
        # Some real data so that lookups, details and transitions reach deeper code paths.
        for _ in range(3):
            create_complaint(client)
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        failures = []
        for result in schema.get_all_operations():
            operation = result.ok()
            key = (operation.method.upper(), operation.path)
            if key in SKIP_OPS:
                continue
            headers = {"Authorization": f"Bearer {SERVICE_TOKEN}"} if key in SERVICE_OPS else admin

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            def run(case):
                response = case.call(headers={**(case.headers or {}), **headers})
                if response.status_code >= 500:
                    failures.append((key, response.status_code, response.text[:300], repr(case.body)[:300]))
                elif response.status_code >= 400:
                    detail = response.json().get("detail")
                    assert isinstance(detail, str) and not detail.isascii(), (key, response.text)

            try:
                run()
            except Unsatisfiable:
                pass  # nothing in this operation can be made invalid (e.g. GET without parameters)
        assert failures == []
    app.state.db.dispose()
