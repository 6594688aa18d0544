"""The real API app with a fixed clock (FIXED_NOW, ISO 8601 with offset), for office-hours-dependent tests.

    PYTHONPATH=<project> uvicorn --factory --app-dir tests/actions fixed_clock_app:create
"""
import os
from datetime import datetime

from api.main import create_app


def create():
    fixed = datetime.fromisoformat(os.environ["FIXED_NOW"])
    return create_app(clock=lambda: fixed)
