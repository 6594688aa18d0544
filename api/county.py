"""The county configuration as the API uses it (COUNTY_CONFIG, CATEGORIES_PATH).

One loader serves the API, the actions and the NLU: civic_rules.county_file reads and checks the file;
this module is where the API's code imports it from.
"""

from __future__ import annotations

from civic_rules.county_file import County, CountyConfigError, Department, Route, Routing, Township, load_county

__all__ = ["County", "CountyConfigError", "Department", "Route", "Routing", "Township", "load_county"]
