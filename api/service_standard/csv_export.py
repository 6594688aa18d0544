"""CSV downloads of the service standard's figures, as the console's queue export writes them: UTF-8 with a byte
order mark for Korean spreadsheets, and cells a spreadsheet would run as a formula made inert."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from fastapi.responses import Response

BOM = "\ufeff"


def _cell(value) -> str:
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return BOM + buffer.getvalue()


def csv_response(rows: Iterable[Sequence], filename: str) -> Response:
    return Response(
        to_csv(rows).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
