"""Alembic migrations are the only way the schema is built; they match the models and run both ways."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from api.db import build_engine, downgrade_database, upgrade_database
from api.main import create_app
from api.models import Base, include_object
from tests.support.api_helpers import make_settings


def _empty_url(backend, tmp_path, request):
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    pg = request.getfixturevalue("pg")
    name = pg.create_database()
    request.addfinalizer(lambda: pg.drop_database(name))
    return pg.url(name)


def test_upgrade_matches_models_and_downgrade_cleans_up(backend, tmp_path, request):
    url = _empty_url(backend, tmp_path, request)
    upgrade_database(url)
    engine = build_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"include_object": include_object}), Base.metadata
            )
        assert diff == [], diff
        downgrade_database(url, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade_database(url)
        assert "complaints" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_app_startup_applies_migrations(backend, tmp_path, request):
    url = _empty_url(backend, tmp_path, request)
    app = create_app(make_settings(url, auto_migrate=True))
    with TestClient(app) as client:
        assert client.get("/api/v1/departments").status_code == 200
        r = client.post("/api/v1/complaints/lookup", json={"receipt_number": "2026-000001", "phone": "1234"})
        assert r.status_code == 404  # tables exist
    app.state.db.dispose()
