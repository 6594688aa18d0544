"""The county file (civic_rules.county_file): one loader, its checks, and the routing rule."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from civic_rules.contracts import ContractError, load_categories
from civic_rules.county_file import DEFAULT_COUNTY_FILE, CountyConfigError, county_file_path, load_county


@pytest.fixture(scope="module")
def county():
    return load_county()


def test_the_example_county_routes_every_category(county):
    assert county.name == "연천군" and str(county.timezone) == "Asia/Seoul"
    assert set(county.routing) == set(load_categories())
    for category in county.categories:
        routing = county.route(category)
        assert routing.department.id in county.departments and routing.township_office is None


def test_routing_names_the_township_office_only_where_the_category_has_one(county):
    welfare = county.route("welfare_childcare", "전곡")  # an alias of 전곡읍
    assert welfare.department.name == "주민복지과" and welfare.township_office_applies
    assert welfare.township_office.name == "전곡읍" and welfare.township_office.phone == "031-839-4531"
    assert county.route("welfare_childcare", "서울").township_office is None
    road = county.route("road_traffic", "전곡읍")
    assert road.department.id == "construction_roads" and road.township_office is None
    assert not road.township_office_applies
    with pytest.raises(KeyError):
        county.route("no_such_category")


def test_townships_places_and_display_sections(county):
    assert county.township(" 전곡 ").name == "전곡읍" and county.township("서울") is None
    assert "은대리" in county.township("전곡읍").villages
    assert any(m.name == "재인폭포" and m.township == "연천읍" for m in county.landmarks)
    assert county.info["main_phone"] == county.main_phone == "031-839-2114"
    assert county.faq_documents["passport"]["name"] == "여권"
    assert county.misconduct_procedure["steps"] and county.misconduct_department in county.departments


def test_county_file_path_follows_county_config(monkeypatch, tmp_path):
    monkeypatch.delenv("COUNTY_CONFIG", raising=False)
    assert county_file_path() == DEFAULT_COUNTY_FILE
    monkeypatch.setenv("COUNTY_CONFIG", "data/county/yeoncheon.yml")
    assert county_file_path() == DEFAULT_COUNTY_FILE  # relative to the project, wherever the process runs
    assert county_file_path(tmp_path / "x.yml") == tmp_path / "x.yml"


def _broken(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(DEFAULT_COUNTY_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "county.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["routing"].pop("water_sewer"), "categories without a route"),
        (lambda d: d["routing"]["water_sewer"].update(department="no_such_department"), "unknown department"),
        (lambda d: d["routing"].update(no_such_category={"department": "environment"}), "unknown category"),
        (lambda d: d.update(misconduct_department="nobody"), "misconduct_department"),
        (lambda d: d["landmarks"].append({"name": "서울역", "township": "서울"}), "unknown township"),
        (lambda d: d["county"]["office_hours"].update(weekdays="nine to six"), "bad office hours"),
    ],
)
def test_a_broken_county_file_fails_at_load(tmp_path, change, message):
    with pytest.raises(CountyConfigError, match=message):
        load_county(_broken(tmp_path, change))


def test_missing_files_name_the_setting(tmp_path):
    with pytest.raises(CountyConfigError, match="COUNTY_CONFIG"):
        load_county(tmp_path / "none.yml")
    with pytest.raises(ContractError, match="CATEGORIES_PATH"):
        load_county(None, tmp_path / "none.yml")
