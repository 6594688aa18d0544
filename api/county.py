"""County configuration: departments, routing table, townships, office hours (from COUNTY_CONFIG)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

# The C loader is ~10x faster; fall back to the pure-Python one where libyaml is missing.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> dict:
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader) or {}


class CountyConfigError(RuntimeError):
    pass


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    phone: str
    duties: str = ""


@dataclass(frozen=True)
class Township:
    name: str
    phone: str
    address: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    covers: str = ""


@dataclass(frozen=True)
class Route:
    category: str
    department_id: str
    township_office: bool = False


@dataclass
class County:
    code: str
    name: str
    office_name: str
    main_phone: str
    timezone: ZoneInfo
    opens: time
    closes: time
    departments: dict[str, Department]
    routing: dict[str, Route]
    categories: dict[str, Category]
    townships: dict[str, Township]
    misconduct_department: str
    _township_alias: dict[str, str] = field(default_factory=dict)

    def department(self, department_id: str) -> Department:
        return self.departments[department_id]

    def township(self, name: str | None) -> Township | None:
        if not name:
            return None
        canonical = self._township_alias.get(name.strip())
        return self.townships.get(canonical) if canonical else None


def _parse_hours(value: str) -> tuple[time, time]:
    try:
        start, end = (part.strip() for part in value.split("-"))
        return time.fromisoformat(start), time.fromisoformat(end)
    except ValueError as exc:  # pragma: no cover - config error path
        raise CountyConfigError(f"bad office hours {value!r}") from exc


def load_categories(path: Path) -> dict[str, Category]:
    if not Path(path).exists():
        raise CountyConfigError(f"categories file not found: {path} (set CATEGORIES_PATH)")
    data = _read_yaml(path)
    return {c["id"]: Category(id=c["id"], name=c.get("name", c["id"]), covers=c.get("covers", "")) for c in data["categories"]}


def load_county(path: Path, categories_path: Path) -> County:
    path = Path(path)
    if not path.exists():
        raise CountyConfigError(f"county config not found: {path} (set COUNTY_CONFIG)")
    data = _read_yaml(path)
    info = data.get("county") or {}
    departments = {
        d["id"]: Department(id=d["id"], name=d["name"], phone=str(d.get("phone", "")), duties=d.get("duties", ""))
        for d in data.get("departments") or []
    }
    categories = load_categories(categories_path)
    routing: dict[str, Route] = {}
    for category_id, entry in (data.get("routing") or {}).items():
        dept = entry.get("department")
        if dept not in departments:
            raise CountyConfigError(f"routing for {category_id} names unknown department {dept!r}")
        routing[category_id] = Route(category_id, dept, bool(entry.get("township_office", False)))
    missing = sorted(set(categories) - set(routing))
    if missing:
        raise CountyConfigError(f"categories without a route in {path}: {', '.join(missing)}")
    misconduct = data.get("misconduct_department")
    if misconduct not in departments:
        raise CountyConfigError(f"misconduct_department {misconduct!r} is not a department")
    townships: dict[str, Township] = {}
    alias: dict[str, str] = {}
    for t in data.get("townships") or []:
        township = Township(
            name=t["name"], phone=str(t.get("phone", "")), address=t.get("address", ""), aliases=tuple(t.get("aliases") or ())
        )
        townships[township.name] = township
        for key in (township.name, *township.aliases):
            alias[key] = township.name
    opens, closes = _parse_hours((info.get("office_hours") or {}).get("weekdays", "09:00-18:00"))
    return County(
        code=info.get("code", "county"),
        name=info.get("name", ""),
        office_name=info.get("office_name", info.get("name", "")),
        main_phone=str(info.get("main_phone", "")),
        timezone=ZoneInfo(info.get("timezone", "Asia/Seoul")),
        opens=opens,
        closes=closes,
        departments=departments,
        routing=routing,
        categories=categories,
        townships=townships,
        misconduct_department=misconduct,
        _township_alias=alias,
    )
