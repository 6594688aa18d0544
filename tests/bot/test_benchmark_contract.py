"""The benchmark's contract readings of the real-world posts, and the scores taken from them."""

import json

import pytest

from benchmarks import benchmark_nlu as benchmark
from civic_rules.contracts import load_categories


def test_readings_give_two_contract_categories_per_post():
    ids = set(load_categories())
    with open(benchmark.CONTRACT_READINGS, encoding="utf-8") as f:
        items = [json.loads(line) for line in f]
    assert [item["i"] for item in items] == list(range(len(items)))
    for item in items:
        assert len(item["readings"]) == 2  # two independent readings
        for reading in item["readings"]:
            assert reading["category"] in ids and reading["alt"] in ids | {None}
            assert reading["alt"] != reading["category"]


def test_readings_cover_every_real_world_post_without_its_text():
    if not (benchmark.SHARED / "data" / "realworld-dev.jsonl").exists():
        pytest.skip("the real-world measurement set is not on this machine")
    rows = benchmark.load_realworld()
    allowed = benchmark.load_contract_readings(rows)
    assert allowed is not None and len(allowed) == len(rows)
    text = benchmark.CONTRACT_READINGS.read_text(encoding="utf-8")
    assert not any(row["text"][:20] in text for row in rows)


def test_readings_that_miss_a_post_are_skipped(tmp_path, monkeypatch):
    path = tmp_path / "readings.jsonl"
    path.write_text(json.dumps({"i": 0, "readings": [{"category": "road_traffic", "alt": None}]}) + "\n")
    monkeypatch.setattr(benchmark, "CONTRACT_READINGS", path)
    assert benchmark.load_contract_readings([{"label": "x"}, {"label": "y"}]) is None


def test_contract_scores():
    rows = [
        {"label": "complaint_road_traffic"},
        {"label": "complaint_road_traffic"},
        {"label": "complaint_culture_tourism_sports"},
        {"label": "complaint_building_urban"},
    ]
    allowed = [
        {"complaint_road_traffic"},
        {"complaint_road_traffic", "complaint_parks_forest"},
        {"complaint_safety_disaster"},
        {"complaint_building_urban"},
    ]
    rankings = [
        ["complaint_road_traffic", "complaint_water_sewer"],
        ["complaint_parks_forest", "complaint_road_traffic"],
        ["complaint_safety_disaster", "complaint_culture_tourism_sports"],
        ["complaint_water_sewer", "complaint_health_hygiene", "complaint_tax_finance", "complaint_building_urban"],
    ]
    scores = benchmark.contract_scores(rows, rankings, allowed)
    # The third post's label is one the contract does not allow: it bounds top-1 at 3/4.
    assert scores["allowed_n"] == 3 and scores["allowed_share"] == 0.75
    assert scores["top1_allowed"] == pytest.approx(1 / 3)
    assert scores["top3_allowed"] == pytest.approx(2 / 3)
    assert scores["top1_contract"] == 0.75
