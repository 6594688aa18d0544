"""Fixtures for the API tests. Every database test runs on SQLite and on a real, throwaway PostgreSQL."""

from __future__ import annotations

import shutil
import uuid
import warnings

import pytest

warnings.filterwarnings("ignore", message="Using `httpx`")
from fastapi.testclient import TestClient  # noqa: E402

from api.db import upgrade_database  # noqa: E402
from api.main import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402
from api.staff.passwords import hash_password  # noqa: E402
from tests.support.api_helpers import BACKENDS, DEFAULT_NOW, PASSWORD, FakeClock, People, make_settings  # noqa: E402
from tests.support.postgres import TemporaryPostgres  # noqa: E402


def pytest_configure(config):
    # Starlette's TestClient nags about httpx2; httpx is what we ship.
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx`")
    config.addinivalue_line("markers", "live: starts a real uvicorn server")


# --- databases --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg():
    server = TemporaryPostgres().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_template(pg) -> str:
    # Built with the Alembic migrations, so every PostgreSQL test runs on the migrated schema.
    pg.create_database("api_template")
    upgrade_database(pg.url("api_template"))
    return "api_template"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade_database(f"sqlite:///{path}")
    return path


class DatabaseFactory:
    def __init__(self, request, tmp_path):
        self.request = request
        self.tmp_path = tmp_path
        self.created: list[str] = []

    def new(self, backend: str) -> str:
        if backend == "sqlite":
            template = self.request.getfixturevalue("sqlite_template")
            path = self.tmp_path / f"{uuid.uuid4().hex[:8]}.sqlite3"
            shutil.copy(template, path)
            return f"sqlite:///{path}"
        pg = self.request.getfixturevalue("pg")
        name = pg.create_database(template=self.request.getfixturevalue("pg_template"))
        self.created.append(name)
        return pg.url(name)

    def cleanup(self) -> None:
        if self.created:
            pg = self.request.getfixturevalue("pg")
            for name in self.created:
                pg.drop_database(name)


@pytest.fixture
def db_factory(request, tmp_path):
    factory = DatabaseFactory(request, tmp_path)
    yield factory
    factory.cleanup()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_url(backend, db_factory) -> str:
    return db_factory.new(backend)


# --- app and client ---------------------------------------------------------------------------


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(DEFAULT_NOW)


@pytest.fixture
def settings(db_url) -> Settings:
    return make_settings(db_url)


@pytest.fixture
def app(settings, clock):
    application = create_app(settings, clock=clock)
    yield application
    application.state.db.dispose()


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


# --- people -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def people(app, password_hash) -> People:
    return People(app, password_hash)
