"""The county's place names (읍·면, 리, landmarks), from the county file (civic_rules.county_file)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Dict, List, Optional

from civic_rules.county_file import load_county


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
    county = load_county(config_path)
    places: Dict[str, Place] = {}
    for township in county.townships.values():
        name = township.name
        for surface in [name, *township.aliases]:
            places[surface] = Place(surface, name, "township", name)
        for village in township.villages:
            places.setdefault(village, Place(village, f"{name} {village}", "village", name))
    for landmark in county.landmarks:
        name = landmark.name
        places.setdefault(name, Place(name, name, "landmark", landmark.township))
        # "한탄강 관광지" is also written "한탄강관광지".
        compact = name.replace(" ", "")
        places.setdefault(compact, Place(compact, name, "landmark", landmark.township))
    return places


def place_names(config_path: Optional[str] = None) -> List[str]:
    return sorted(load_places(config_path), key=len, reverse=True)
