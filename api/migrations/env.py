"""Alembic environment: runs migrations against DATABASE_URL (or the URL the app passes in)."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import text

from api.db import build_engine, normalize_url

config = context.config
url = config.attributes.get("database_url")
if url is None:
    # Invoked from the alembic CLI: use the app's settings and the ini's logging.
    from api.settings import get_settings

    url = normalize_url(get_settings().database_url)
    if config.config_file_name:
        fileConfig(config.config_file_name)

from api.models import Base, include_object  # noqa: E402  (imports every model so autogenerate sees them)

target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                # Several app processes may start at once; only one migrates at a time.
                connection.execute(text("SELECT pg_advisory_lock(72837001)"))
                connection.commit()
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=True,
                include_object=include_object,
            )
            with context.begin_transaction():
                context.run_migrations()
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(72837001)"))
                connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
