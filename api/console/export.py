"""CSV of the filtered queue for a Korean spreadsheet: UTF-8 with a byte order mark (so Excel does not read it
as CP949), personal data masked, and cells that a spreadsheet would run as a formula made inert."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from api.console.queue import QueueRow

BOM = "\ufeff"
HEADER = [
    "접수번호",
    "처리 상태",
    "분야",
    "담당 부서",
    "접수 경로",
    "읍·면",
    "민원인(가림)",
    "접수 일시",
    "처리기한",
    "기한 경과",
    "긴급",
    "우선 응대",
    "회신 대기",
    "특이민원",
    "담당자",
    "내용 요약",
]


def _cell(value) -> str:
    value = "" if value is None else str(value)
    # A leading =, +, - or @ would make the spreadsheet evaluate citizen text as a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(rows: Iterable[QueueRow], tz) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    yes = lambda flag: "예" if flag else ""  # noqa: E731
    for r in rows:
        writer.writerow(
            [
                _cell(v)
                for v in (
                    r.receipt_number,
                    r.status_label,
                    r.category_name,
                    r.department_name,
                    r.source_label or r.channel_label,
                    r.township,
                    r.citizen_name,
                    r.received_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                    r.due_date.isoformat(),
                    yes(r.overdue),
                    yes(r.urgent),
                    yes(r.elderly),
                    yes(r.callback_pending),
                    yes(r.flagged),
                    r.assignee,
                    r.excerpt,
                )
            ]
        )
    return BOM + buffer.getvalue()
