"""Engine, sessions and migrations. SQLite by default, PostgreSQL via DATABASE_URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import DateTime, Engine, Executable, Row, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

API_DIR = Path(__file__).resolve().parent
ALEMBIC_INI = API_DIR / "alembic.ini"


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both backends (SQLite would hand back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    pass


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def normalize_url(url: str) -> str:
    # Accept plain postgresql:// URLs and use psycopg 3, the only driver we install.
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def build_engine(url: str, echo: bool = False) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=20, max_overflow=40
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, echo=echo, pool_size=20, max_overflow=40, pool_pre_ping=True)


def build_statement_engine(url: str, echo: bool = False) -> Engine | None:
    """Engine for single-statement reads (the citizen lookup) in autocommit mode: no BEGIN/ROLLBACK round
    trips and no per-checkout ping; a statement that meets a dropped connection is retried once instead
    (Database.read_all). None for in-memory SQLite, whose data lives in one connection of the main engine."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            return None
        # pysqlite with isolation_level=None (set on connect) runs a lone SELECT in its own implicit read
        # transaction; no "begin" listener here, so nothing else is sent.
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=10,
            max_overflow=10,
            pool_reset_on_return=None,
        )
        _configure_sqlite(engine, begin=False)
        return engine
    return create_engine(
        url,
        echo=echo,
        isolation_level="AUTOCOMMIT",
        pool_size=5,
        max_overflow=10,
        pool_reset_on_return=None,
        pool_recycle=3600,
    )


def _configure_sqlite(engine: Engine, begin: bool = True) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take over transaction control from pysqlite so we can choose BEGIN IMMEDIATE for writers.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    if not begin:
        return

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Writers take the lock up front: a deferred transaction that reads then writes can fail
        # with SQLITE_BUSY_SNAPSHOT under concurrency, which the busy timeout does not retry.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """Holds the engine and two session factories: readers and writers."""

    def __init__(self, url: str, echo: bool = False):
        self.url = normalize_url(url)
        self.engine = build_engine(self.url, echo=echo)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else self.engine
        self.read_session = sessionmaker(bind=self.engine, expire_on_commit=False)
        self.write_session = sessionmaker(bind=write_engine, expire_on_commit=False)
        self.statement_engine = build_statement_engine(self.url, echo=echo) or self.engine

    def read_all(self, statement: Executable, params: dict | None = None) -> list[Row]:
        """Run one read-only statement outside any ORM session and return its rows (Core rows, not
        entities). A single statement sees one consistent snapshot on both backends. Meant for hot paths."""
        for attempt in (1, 2):
            try:
                with self.statement_engine.connect() as conn:
                    return list(conn.execute(statement, params or {}))
            except DBAPIError as exc:
                # The server dropped a pooled connection (restart, failover, idle timeout): SQLAlchemy has
                # invalidated the pool; one retry on a fresh connection is safe for a read.
                if attempt == 2 or not exc.connection_invalidated:
                    raise
        raise AssertionError("unreachable")

    @contextmanager
    def writer(self) -> Iterator[Session]:
        session = self.write_session()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reader(self) -> Iterator[Session]:
        session = self.read_session()
        try:
            yield session
        finally:
            # close() ends the transaction and detaches objects without expiring them, so results stay usable.
            session.close()

    def dispose(self) -> None:
        if self.statement_engine is not self.engine:
            self.statement_engine.dispose()
        self.engine.dispose()


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(API_DIR / "migrations"))
    # Passed via attributes, not the ini, so '%' in passwords needs no escaping.
    cfg.attributes["database_url"] = normalize_url(url)
    return cfg


@contextmanager
def _migration_lock(url: str) -> Iterator[None]:
    """Serialise migrations of one SQLite file across processes (PostgreSQL uses an advisory lock in env.py)."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        yield
        return
    import fcntl

    lock_path = Path(parsed.database + ".migrate-lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade_database(url: str, revision: str = "head") -> None:
    from alembic import command

    with _migration_lock(url):
        command.upgrade(alembic_config(url), revision)


def downgrade_database(url: str, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)
