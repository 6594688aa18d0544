"""The county configuration as the actions see it: departments, routing, 읍·면 offices, FAQ documents.

The actions read the county file through civic_rules.county_file, the loader the API and the NLU use too
(COUNTY_CONFIG, else the example county); they never import the API.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Dict, Optional

from civic_rules.county_file import County, Department, Township, load_county


@dataclass(frozen=True)
class Route:
    """What the citizen is told about where a complaint goes."""

    category: str
    category_name: str
    department: str
    department_phone: str
    township_office: Optional[str] = None
    township_phone: Optional[str] = None


@functools.lru_cache(maxsize=1)
def load() -> County:
    return load_county()


def category_names() -> Dict[str, str]:
    return {c.id: c.name for c in load().categories.values()}


def route(category: str, township: Optional[str] = None) -> Route:
    """The routing of a category (KeyError when unknown); the 읍·면 office where the category has one."""
    r = load().route(category, township)
    office = r.township_office
    return Route(
        category=category,
        category_name=r.category.name,
        department=r.department.name,
        department_phone=r.department.phone,
        township_office=f"{office.name} 행정복지센터" if office else None,
        township_phone=office.phone if office else None,
    )


# --- helpers for the complaint form and the answers ----------------------------------------------


def county_info() -> Dict[str, Any]:
    """The `county:` section as written (names, address, phone, office-hour wording)."""
    return load().info


def townships() -> list[Township]:
    return list(load().townships.values())


def township_names() -> list[str]:
    return list(load().townships)


def resolve_township(text: Optional[str]) -> Optional[str]:
    """'전곡' / '전곡읍' / '전곡읍이요' -> '전곡읍'; a 리 or landmark of the county -> its 읍·면; else None."""
    if not text or not isinstance(text, str):
        return None
    township = load().township(text)
    return township.name if township else township_in_text(text.strip())


def township_in_text(text: Optional[str]) -> Optional[str]:
    """The 읍·면 a free-text place belongs to, from township names, aliases, 리 and landmarks; None if unclear."""
    if not text or not isinstance(text, str):
        return None
    found = set()
    for t in townships():
        # Aliases are short ('전곡'): only count them as a word prefix, e.g. '전곡 시장', '전곡에'.
        if any(n in text for n in (t.name, *t.villages)):
            found.add(t.name)
            continue
        for alias in t.aliases:
            if any(word.startswith(alias) and not word.startswith(alias + "리") for word in text.split()):
                found.add(t.name)
    for landmark in load().landmarks:
        if landmark.name in text:
            found.add(landmark.township)
    return found.pop() if len(found) == 1 else None


def departments() -> list[Department]:
    return list(load().departments.values())


def department_in_text(text: Optional[str]) -> Optional[Department]:
    if not text:
        return None
    return next((d for d in departments() if d.name in text), None)


def category_ids() -> list:
    return list(category_names())


def category_in_text(text: Optional[str]) -> Optional[str]:
    """A category the citizen named or chose: its id ('road_traffic'), its name ('도로·교통·주차'), a part of the
    name ('도로', '주차', '상하수도'), or a number from the list shown (1-14)."""
    if not text or not isinstance(text, str):
        return None
    value = text.strip().strip(".")
    ids = category_ids()
    if value in ids:
        return value
    if value.isdigit() and 1 <= int(value) <= len(ids):
        return ids[int(value) - 1]
    names = category_names()
    for cid, name in names.items():
        if value == name:
            return cid
    hits = {cid for cid, name in names.items() for part in name.split("·") if len(part) >= 2 and part in value}
    return hits.pop() if len(hits) == 1 else None


def faq_documents() -> Dict[str, Any]:
    return load().faq_documents
