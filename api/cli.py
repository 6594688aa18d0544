"""Shared setup for command-line entry points (workers, admin tools)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from api.county import County, load_county
from api.db import Database, upgrade_database
from api.privacy.masking import install_log_masking
from api.settings import Settings, get_settings


@contextmanager
def open_app_context(settings: Settings | None = None) -> Iterator[tuple[Database, County, Settings]]:
    settings = settings or get_settings()
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_log_masking()
    county = load_county(settings.county_config, settings.categories_path)
    if settings.auto_migrate:
        upgrade_database(settings.database_url)
    db = Database(settings.database_url, echo=settings.sql_echo)
    try:
        yield db, county, settings
    finally:
        db.dispose()
