"""Command-line tools: first administrator, demo seed (guarded), retention."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from api.staff.models import Staff
from tests.support.processes import PROJECT_ROOT

pytestmark = pytest.mark.slow  # each test starts Python processes


def run(module, settings, *args, **env):
    full_env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "APP_ENV": "development",
        "PYTHONPATH": str(PROJECT_ROOT),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=PROJECT_ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def staff(app):
    with app.state.db.reader() as s:
        return s.scalars(select(Staff).order_by(Staff.id)).all()


def test_create_admin_then_login(client, app, settings):
    result = run("api.staff.create_admin", settings, "--username", "chief", ADMIN_PASSWORD="very-secret-pass")
    assert result.returncode == 0, result.stderr
    assert "very-secret-pass" not in result.stdout + result.stderr
    r = client.post("/api/v1/auth/login", json={"username": "chief", "password": "very-secret-pass"})
    assert r.status_code == 200 and r.json()["staff"]["role"] == "admin"
    again = run("api.staff.create_admin", settings, "--username", "chief", ADMIN_PASSWORD="very-secret-pass")
    assert again.returncode == 1
    short = run("api.staff.create_admin", settings, "--username", "x", ADMIN_PASSWORD="short")
    assert short.returncode == 2


def test_seed_demo_is_guarded(client, app, settings):
    refused = run("api.staff.seed_demo", settings, APP_ENV="production")
    assert refused.returncode == 2 and staff(app) == []
    seeded = run("api.staff.seed_demo", settings)
    assert seeded.returncode == 0, seeded.stderr
    rows = staff(app)
    assert len(rows) == 1 + 2 * len(app.state.county.departments)
    r = client.post(
        "/api/v1/auth/login", json={"username": "construction_roads.officer", "password": "demo-yeoncheon-2026"}
    )
    assert r.status_code == 200 and r.json()["staff"]["department_id"] == "construction_roads"
    assert run("api.staff.seed_demo", settings).returncode == 0 and len(staff(app)) == len(rows)


def test_retention_cli(client, settings):
    result = run("api.privacy.retention", settings)
    assert result.returncode == 0 and "anonymised 0 complaints" in result.stdout
