"""The county file (data/county/*.yml): read and checked once, and the routing rule that follows from it.

The API, the actions and the NLU gazetteer all read the county through `load_county`; a county file that
routes a category to no department, or names a 읍·면 that does not exist, fails at start-up, not in a chat.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any, Optional
from zoneinfo import ZoneInfo

from civic_rules.contracts import PROJECT_ROOT, Category, ContractError, load_categories
from civic_rules.yaml_file import read_yaml

DEFAULT_COUNTY_FILE = PROJECT_ROOT / "data" / "county" / "yeoncheon.yml"


class CountyConfigError(ContractError):
    pass


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    phone: str
    duties: str = ""


@dataclass(frozen=True)
class Township:
    """A 읍·면 and its administrative welfare centre (행정복지센터)."""

    name: str
    phone: str
    address: str
    aliases: tuple[str, ...] = ()
    villages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Landmark:
    name: str
    township: str


@dataclass(frozen=True)
class Route:
    """One line of the routing table. `township_office`: the citizen's 읍·면 office is the nearest desk too."""

    category: str
    department_id: str
    township_office: bool = False


@dataclass(frozen=True)
class Routing:
    """Where a complaint goes: its department, and the 읍·면 office to name when the category has one and the
    township is known."""

    category: Category
    department: Department
    township_office: Optional[Township]
    township_office_applies: bool


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
    landmarks: tuple[Landmark, ...]
    misconduct_department: str
    # The `county:` section as written (address, homepage, office-hour wording ...), for answers that quote it.
    info: dict[str, Any] = field(default_factory=dict)
    misconduct_procedure: dict[str, Any] = field(default_factory=dict)
    faq_documents: dict[str, Any] = field(default_factory=dict)
    _township_alias: dict[str, str] = field(default_factory=dict)

    def department(self, department_id: str) -> Department:
        return self.departments[department_id]

    def township(self, name: Optional[str]) -> Optional[Township]:
        """A 읍·면 by its name or an alias ('전곡' -> 전곡읍); None when it is not one of the county's."""
        if not name:
            return None
        canonical = self._township_alias.get(name.strip())
        return self.townships.get(canonical) if canonical else None

    def route(self, category: str, township: Optional[str] = None) -> Routing:
        """The routing of a complaint category (KeyError when the category is unknown)."""
        rule = self.routing[category]
        office = self.township(township) if rule.township_office else None
        return Routing(self.categories[category], self.department(rule.department_id), office, rule.township_office)


def county_file_path(explicit: Optional[os.PathLike] = None) -> Path:
    """The county file: an explicit path, else COUNTY_CONFIG, else the example county; relative to the project."""
    path = Path(explicit or os.environ.get("COUNTY_CONFIG") or DEFAULT_COUNTY_FILE)
    return path if path.is_absolute() else PROJECT_ROOT / path


def _parse_hours(value: str) -> tuple[time, time]:
    try:
        start, end = (part.strip() for part in value.split("-"))
        return time.fromisoformat(start), time.fromisoformat(end)
    except ValueError as exc:
        raise CountyConfigError(f"bad office hours {value!r}") from exc


def _routing(
    data: dict, departments: dict[str, Department], categories: dict[str, Category], path: Path
) -> dict[str, Route]:
    routing: dict[str, Route] = {}
    for category_id, entry in (data.get("routing") or {}).items():
        if category_id not in categories:
            raise CountyConfigError(f"routing in {path} names unknown category {category_id!r}")
        dept = entry.get("department")
        if dept not in departments:
            raise CountyConfigError(f"routing for {category_id} names unknown department {dept!r}")
        routing[category_id] = Route(category_id, dept, bool(entry.get("township_office", False)))
    missing = sorted(set(categories) - set(routing))
    if missing:
        raise CountyConfigError(f"categories without a route in {path}: {', '.join(missing)}")
    return routing


def load_county(path: Optional[os.PathLike] = None, categories_path: Optional[os.PathLike] = None) -> County:
    """Read and check the county file (default: county_file_path()) against the category contract."""
    path = county_file_path(path)
    if not path.exists():
        raise CountyConfigError(f"county config not found: {path} (set COUNTY_CONFIG)")
    data = read_yaml(path)
    info = data.get("county") or {}
    departments = {
        d["id"]: Department(id=d["id"], name=d["name"], phone=str(d.get("phone", "")), duties=d.get("duties", ""))
        for d in data.get("departments") or []
    }
    categories = load_categories(categories_path)
    routing = _routing(data, departments, categories, path)
    misconduct = data.get("misconduct_department")
    if misconduct not in departments:
        raise CountyConfigError(f"misconduct_department {misconduct!r} is not a department")
    townships: dict[str, Township] = {}
    alias: dict[str, str] = {}
    for t in data.get("townships") or []:
        township = Township(
            name=t["name"],
            phone=str(t.get("phone", "")),
            address=t.get("address", ""),
            aliases=tuple(t.get("aliases") or ()),
            villages=tuple(t.get("villages") or ()),
        )
        townships[township.name] = township
        for key in (township.name, *township.aliases):
            alias[key] = township.name
    landmarks = tuple(Landmark(m["name"], m["township"]) for m in data.get("landmarks") or [])
    for landmark in landmarks:
        if landmark.township not in townships:
            raise CountyConfigError(f"landmark {landmark.name} lies in unknown township {landmark.township!r}")
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
        landmarks=landmarks,
        misconduct_department=misconduct,
        info=info,
        misconduct_procedure=data.get("misconduct_procedure") or {},
        faq_documents=(data.get("faq") or {}).get("documents") or {},
        _township_alias=alias,
    )
