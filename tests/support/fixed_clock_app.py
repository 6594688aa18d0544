"""The real API app with a fixed clock (FIXED_NOW, ISO 8601 with offset), for office-hours-dependent tests.

    uvicorn --factory tests.support.fixed_clock_app:create   (from the project root)

The clock can be moved while the server runs (PUT /test-clock {"now": "<ISO 8601>"}), so one stack serves
conversations in and out of office hours. Test code only: the production app has no such route.
"""

import os
from datetime import datetime

from fastapi import Body

from api.main import create_app


def create():
    now = {"value": datetime.fromisoformat(os.environ["FIXED_NOW"])}
    app = create_app(clock=lambda: now["value"])

    @app.put("/test-clock", include_in_schema=False)
    def set_clock(value: str = Body(..., embed=True, alias="now")) -> dict:
        now["value"] = datetime.fromisoformat(value)
        return {"now": now["value"].isoformat()}

    return app
