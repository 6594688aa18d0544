"""The county configuration as the actions see it: departments, routing table, 읍·면 offices.

Actions read the same YAML file the API reads (COUNTY_CONFIG); they never import the API.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Optional

import yaml

# One rule for where the county file is (COUNTY_CONFIG, else the example county), shared with the NLU.
from bot.nlu.gazetteer import PROJECT_ROOT, county_config_path


@dataclass(frozen=True)
class Route:
    category: str
    category_name: str
    department: str
    department_phone: str
    township_office: Optional[str] = None
    township_phone: Optional[str] = None


@functools.lru_cache(maxsize=4)
def load(path: Optional[str] = None) -> Dict[str, Any]:
    with open(county_config_path(path), encoding="utf-8") as f:
        return yaml.safe_load(f)


@functools.lru_cache(maxsize=1)
def category_names() -> Dict[str, str]:
    shared = Path(os.environ.get("SHARED_DIR") or PROJECT_ROOT.parent / "shared")
    with open(shared / "categories.yml", encoding="utf-8") as f:
        return {c["id"]: c["name"] for c in yaml.safe_load(f)["categories"]}


def route(category: str, township: Optional[str] = None) -> Route:
    config = load()
    rule = config["routing"][category]
    department = next(d for d in config["departments"] if d["id"] == rule["department"])
    office = None
    if rule.get("township_office") and township:
        office = next((t for t in config["townships"] if t["name"] == township), None)
    return Route(
        category=category,
        category_name=category_names().get(category, category),
        department=department["name"],
        department_phone=department["phone"],
        township_office=f"{office['name']} 행정복지센터" if office else None,
        township_phone=office["phone"] if office else None,
    )


# --- helpers for the complaint form and the answers ----------------------------------------------


def county_info() -> Dict[str, Any]:
    return load()["county"]


def townships() -> list:
    return load()["townships"]


def township_names() -> list:
    return [t["name"] for t in townships()]


def resolve_township(text: Optional[str]) -> Optional[str]:
    """'전곡' / '전곡읍' / '전곡읍이요' -> '전곡읍'; a 리 or landmark of the county -> its 읍·면; else None."""
    if not text or not isinstance(text, str):
        return None
    value = text.strip()
    for t in townships():
        if value == t["name"] or value in (t.get("aliases") or []):
            return t["name"]
    return township_in_text(value)


def township_in_text(text: Optional[str]) -> Optional[str]:
    """The 읍·면 a free-text place belongs to, from township names, aliases, 리 and landmarks; None if unclear."""
    if not text or not isinstance(text, str):
        return None
    found = set()
    for t in townships():
        names = [t["name"], *(t.get("villages") or [])]
        # Aliases are short ('전곡'): only count them as a word prefix, e.g. '전곡 시장', '전곡에'.
        if any(n in text for n in names):
            found.add(t["name"])
            continue
        for alias in t.get("aliases") or []:
            if any(word.startswith(alias) and not word.startswith(alias + "리") for word in text.split()):
                found.add(t["name"])
    for landmark in load().get("landmarks") or []:
        if landmark["name"] in text:
            found.add(landmark["township"])
    return found.pop() if len(found) == 1 else None


def township_phone(name: str) -> Optional[str]:
    return next((t["phone"] for t in townships() if t["name"] == name), None)


def departments() -> list:
    return load()["departments"]


def department_in_text(text: Optional[str]) -> Optional[Dict[str, Any]]:
    if not text:
        return None
    return next((d for d in departments() if d["name"] in text), None)


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
    return (load().get("faq") or {}).get("documents") or {}
