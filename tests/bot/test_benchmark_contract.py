"""The benchmark's contract readings of the real-world posts, and the scores taken from them."""

import json

import pytest

from benchmarks import benchmark_nlu as benchmark
from benchmarks.tfidf_peer import TfidfPeer, load_examples
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


def test_contract_top3_counts_a_post_when_any_of_the_first_three_is_allowed():
    rows = [{"label": "complaint_road_traffic"}] * 3
    allowed = [
        {"complaint_road_traffic"},
        {"complaint_parks_forest", "complaint_road_traffic"},
        {"complaint_tax_finance"},
    ]
    rankings = [
        ["complaint_water_sewer", "complaint_health_hygiene", "complaint_road_traffic"],
        ["complaint_parks_forest"],
        ["complaint_water_sewer", "complaint_health_hygiene", "complaint_road_traffic", "complaint_tax_finance"],
    ]
    scores = benchmark.contract_scores(rows, rankings, allowed)
    assert scores["top1_contract"] == pytest.approx(1 / 3)
    # The third post's allowed category comes fourth: outside the top three.
    assert scores["top3_contract"] == pytest.approx(2 / 3)


def test_petition_scores_give_the_share_read_as_out_of_scope_and_where_the_rest_went():
    rankings = [
        ["out_of_scope", "complaint_building_urban"],
        ["complaint_building_urban", "out_of_scope"],
        ["complaint_road_traffic"],
        ["complaint_building_urban"],
        ["out_of_scope"],
    ]
    scores = benchmark.petition_scores(rankings)
    assert scores["petitions"] == pytest.approx(2 / 5) and scores["petitions_n"] == 5
    assert scores["petitions_elsewhere"] == [("complaint_building_urban", 2), ("complaint_road_traffic", 1)]


def test_scope_groups_are_read_from_the_file_and_scored_by_their_side(tmp_path):
    path = tmp_path / "nlu_scope.yml"
    path.write_text(
        "out_of_scope:\n  국세:\n  - 종합소득세 문의\n  - 부가세 신고\nin_scope:\n  지방세:\n  - 재산세 고지서\n",
        encoding="utf-8",
    )
    groups = benchmark.load_scope_groups(path)
    assert groups == [("국세", True, ["종합소득세 문의", "부가세 신고"]), ("지방세", False, ["재산세 고지서"])]
    assert benchmark.load_scope_groups(tmp_path / "missing.yml") == []
    assert benchmark.scope_share(True, [["out_of_scope"], ["complaint_tax_finance", "out_of_scope"]]) == 0.5
    assert benchmark.scope_share(False, [["out_of_scope"], ["complaint_tax_finance", "out_of_scope"]]) == 0.5


def test_every_set_is_scored_from_its_own_slice_of_one_ranking_list():
    sets = benchmark.MeasurementSets(
        rows=[{"text": "post", "label": "complaint_road_traffic"}],
        allowed=[{"complaint_road_traffic"}],
        probe_texts=["probe a", "probe b"],
        probe_gold=["complaint_water_sewer", "complaint_parks_forest"],
        petitions=["petition a", "petition b"],
        scope_groups=[("국세", True, ["line a"]), ("지방세", False, ["line b", "line c"])],
    )
    assert sets.texts() == ["post", "probe a", "probe b", "petition a", "petition b", "line a", "line b", "line c"]
    rankings = [
        ["complaint_road_traffic"],
        ["complaint_water_sewer"],
        ["complaint_road_traffic"],
        ["out_of_scope"],
        ["complaint_building_urban"],
        ["out_of_scope"],
        ["complaint_tax_finance"],
        ["out_of_scope"],
    ]
    scores = sets.scores(rankings)
    assert scores["top1"] == 1.0 and scores["top1_contract"] == 1.0 and scores["top3_contract"] == 1.0
    assert scores["probes"] == 0.5
    assert scores["petitions"] == 0.5
    assert scores["scope"] == {"국세": 1.0, "지방세": 0.5}
    table = "\n".join(benchmark.routing_table([scores, {}, scores], sets))
    assert "| national petitions read as out of scope (2) | 0.500 | - | 0.500 | ≥ 0.90 |" in table
    assert "| nlu_scope.yml 지방세: read as in scope (2) | 0.500 | - | 0.500 | |" in table


def test_tfidf_peer_ranks_an_obvious_line_from_a_tiny_example_set():
    examples = {
        "complaint_road_traffic": [
            "도로에 구멍이 났어요",
            "도로 포장이 깨졌습니다",
            "신호등이 고장났어요",
            "버스 배차가 길어요",
        ],
        "complaint_environment_waste": [
            "쓰레기를 안 치워요",
            "쓰레기 수거가 안 됩니다",
            "악취가 심해요",
            "분리수거 문의",
        ],
        "greet": ["안녕하세요", "안녕", "반갑습니다", "안녕하십니까"],
    }
    texts = [text for lines in examples.values() for text in lines]
    intents = [intent for intent, lines in examples.items() for _ in lines]
    peer = TfidfPeer(texts, intents)
    ranking = peer.rank(["집 앞 도로에 구멍이 크게 났어요", "음식물 쓰레기를 며칠째 안 치워요"])
    assert [r[0] for r in ranking] == ["complaint_road_traffic", "complaint_environment_waste"]
    assert all(len(r) == 3 and len(set(r)) == 3 for r in ranking)
    assert peer.training_seconds > 0


def test_tfidf_peer_reads_the_training_data_with_retrieval_intents_as_their_base_intent(tmp_path):
    (tmp_path / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - 안녕하세요\n'
        "- intent: faq/hours\n  examples: |\n    - 민원실 몇 시에 열어요?\n",
        encoding="utf-8",
    )
    texts, intents = load_examples(tmp_path)
    assert sorted(zip(texts, intents)) == [("민원실 몇 시에 열어요?", "faq"), ("안녕하세요", "greet")]
