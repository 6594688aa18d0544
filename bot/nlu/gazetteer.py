"""The county's place names (읍·면, 리, landmarks), read from the county configuration."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_COUNTY_CONFIG = PROJECT_ROOT / "data" / "county" / "yeoncheon.yml"


def county_config_path(explicit: Optional[str] = None) -> Path:
    path = Path(explicit or os.environ.get("COUNTY_CONFIG") or DEFAULT_COUNTY_CONFIG)
    return path if path.is_absolute() else PROJECT_ROOT / path


@dataclass(frozen=True)
class Place:
    """A gazetteer entry. `canonical` is what a complaint records; `township` is its 읍·면."""

    surface: str
    canonical: str
    kind: str  # township | village | landmark
    township: str


@functools.lru_cache(maxsize=8)
def load_places(config_path: Optional[str] = None) -> Dict[str, Place]:
    """Every surface form the county uses for a place, mapped to its entry."""
    with open(county_config_path(config_path), encoding="utf-8") as f:
        config = yaml.safe_load(f)
    places: Dict[str, Place] = {}
    for township in config.get("townships", []):
        name = township["name"]
        for surface in [name, *township.get("aliases", [])]:
            places[surface] = Place(surface, name, "township", name)
        for village in township.get("villages", []):
            places.setdefault(village, Place(village, f"{name} {village}", "village", name))
    for landmark in config.get("landmarks", []):
        name = landmark["name"]
        places.setdefault(name, Place(name, name, "landmark", landmark["township"]))
        # "한탄강 관광지" is also written "한탄강관광지".
        compact = name.replace(" ", "")
        places.setdefault(compact, Place(compact, name, "landmark", landmark["township"]))
    return places


def place_names(config_path: Optional[str] = None) -> List[str]:
    return sorted(load_places(config_path), key=len, reverse=True)
