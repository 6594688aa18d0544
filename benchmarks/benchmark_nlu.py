"""NLU benchmark: prints one table of quality and speed figures for the Korean pipeline and its peer.

Run from the project root with the bot's environment (see README):

    .venv-bot/bin/python benchmarks/benchmark_nlu.py            # everything (about 30-40 min)
    .venv-bot/bin/python benchmarks/benchmark_nlu.py --folds 0  # skip cross-validation
    .venv-bot/bin/python benchmarks/benchmark_nlu.py --model models/current.tar.gz --folds 0 --skip-peer
                                                                # the served model, no training (minutes)

Figures:
- 5-fold cross-validation intent F1 on the training data (`rasa test nlu --cross-validation`);
- routing on ../shared/data/realworld-dev.jsonl: top-1, macro-F1, top-3, worst confusions;
- the same posts against the category contract: two independent readings of each post by the contract
  (benchmarks/realworld_contract_readings.jsonl: a category, a second one where two fit, a reason; no post
  text) give the share of posts whose handling department the contract allows at all, which bounds the
  top-1 of any router that follows the contract, and routing on those posts;
- the same two routing figures for Rasa's default whitespace pipeline trained on the same data;
- top-1 on the held-out sentences for every topic data/contracts/categories.yml lists (tests/bot/nlu_taxonomy.yml),
  ranked like the real-world posts (past a fallback); an FAQ answer to a question about 여권 or 등본 counts
  as a miss here (the tests accept the matching answer);
- training time, parse latency p50/p95 over 500 messages through a running Rasa server, its RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # models parsed in-process load the project's components (bot.nlu)
from tests.support.processes import free_port  # noqa: E402  (the tests' free loopback port)

SHARED = Path(os.environ.get("SHARED_DIR") or ROOT.parent / "shared")
RASA = str(Path(sys.executable).parent / "rasa")
ENV = {
    **os.environ,
    "PYTHONPATH": str(ROOT),
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "RASA_TELEMETRY_ENABLED": "false",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
}
NLU_DATA = ROOT / "data" / "nlu"
HOLDOUT = ROOT / "tests" / "bot" / "nlu_holdout.yml"
TAXONOMY = ROOT / "tests" / "bot" / "nlu_taxonomy.yml"
CONTRACT_READINGS = ROOT / "benchmarks" / "realworld_contract_readings.jsonl"


def run(cmd: List[str], **kw) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t0


def train(config: Path, out: Path, name: str) -> Tuple[Path, float]:
    seconds = run(
        [
            RASA,
            "train",
            "nlu",
            "--config",
            str(config),
            "--nlu",
            str(NLU_DATA),
            "--out",
            str(out),
            "--fixed-model-name",
            name,
        ]
    )
    return out / f"{name}.tar.gz", seconds


def peer_config(tmp: Path) -> Path:
    """The whitespace peer, with DIET's epochs and sizes copied from config.yml so only the
    Korean-specific parts differ."""
    ours = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    peer = yaml.safe_load((ROOT / "benchmarks" / "config.whitespace-peer.yml").read_text(encoding="utf-8"))
    our_diet = next(c for c in ours["pipeline"] if c["name"] == "DIETClassifier")
    for component in peer["pipeline"]:
        if component["name"] == "DIETClassifier":
            component.update({k: v for k, v in our_diet.items() if k != "name"})
    path = tmp / "peer.yml"
    path.write_text(yaml.safe_dump(peer, allow_unicode=True), encoding="utf-8")
    return path


def load_realworld() -> List[dict]:
    path = SHARED / "data" / "realworld-dev.jsonl"
    if not path.exists():  # the measurement sets are not part of the repository
        raise SystemExit(
            f"benchmark_nlu: the real-world measurement set {path} is not on this machine (set SHARED_DIR)"
        )
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def classify(model: Path, texts: List[str]) -> List[List[str]]:
    """Intent ranking (best first, fallback excluded) for each text, parsed in-process."""
    import logging

    from rasa.core.agent import Agent
    from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # no debug line per parsed message
    agent = Agent.load(str(model))

    async def parse_all():
        out = []
        for text in texts:
            result = await agent.parse_message(text)
            ranking = [
                r["name"] for r in result.get("intent_ranking", []) if r["name"] != DEFAULT_NLU_FALLBACK_INTENT_NAME
            ]
            out.append(ranking or [result["intent"]["name"]])
        return out

    return asyncio.run(parse_all())


def taxonomy_probes() -> Tuple[List[str], List[str]]:
    """(texts, gold intents) of the held-out sentences for every topic the contract lists."""
    data = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    pairs = [
        (text, f"complaint_{category}")
        for category, topics in data.items()
        for texts in topics.values()
        for text in texts
    ]
    return [t for t, _ in pairs], [g for _, g in pairs]


def top1_accuracy(gold: List[str], rankings: List[List[str]]) -> float:
    return sum(g == r[0] for g, r in zip(gold, rankings)) / len(gold)


def routing_scores(rows: List[dict], rankings: List[List[str]]) -> Dict[str, object]:
    from sklearn.metrics import f1_score

    gold = [r["label"] for r in rows]
    top1 = [r[0] for r in rankings]
    labels = sorted(set(gold))
    confusions = collections.Counter((g, p) for g, p in zip(gold, top1) if g != p)
    return {
        "top1": top1_accuracy(gold, rankings),
        "top3": sum(g in r[:3] for g, r in zip(gold, rankings)) / len(gold),
        "macro_f1": f1_score(gold, top1, labels=labels, average="macro", zero_division=0),
        "as_status": sum(p == "check_status" for p in top1) / len(gold),
        "confusions": confusions.most_common(6),
    }


def load_contract_readings(rows: List[dict]) -> Optional[List[set]]:
    """For each real-world post, the complaint intents its contract readings allow (None if the
    readings do not cover exactly these posts)."""
    if not CONTRACT_READINGS.exists():
        return None
    with open(CONTRACT_READINGS, encoding="utf-8") as f:
        readings = {item["i"]: item["readings"] for item in map(json.loads, filter(str.strip, f))}
    if sorted(readings) != list(range(len(rows))):
        print(f"warning: {CONTRACT_READINGS.name} does not cover the {len(rows)} real-world posts; skipped")
        return None
    return [{f"complaint_{c}" for r in readings[i] for c in (r["category"], r["alt"]) if c} for i in range(len(rows))]


def contract_scores(rows: List[dict], rankings: List[List[str]], allowed: List[set]) -> Dict[str, float]:
    """Routing measured by the category contract instead of the department that happened to handle a post.

    allowed_share: posts whose handling department is one the contract's readings allow; a router that
    routes by the contract cannot score a higher top-1 than this. top1/top3_allowed: routing on those
    posts. top1_contract: the first category is one the readings allow, whatever the label.
    """
    kept = [i for i, row in enumerate(rows) if row["label"] in allowed[i]]
    return {
        "allowed_share": len(kept) / len(rows),
        "allowed_n": len(kept),
        "top1_allowed": sum(rankings[i][0] == rows[i]["label"] for i in kept) / len(kept),
        "top3_allowed": sum(rows[i]["label"] in rankings[i][:3] for i in kept) / len(kept),
        "top1_contract": sum(r[0] in ok for r, ok in zip(rankings, allowed)) / len(rows),
    }


def model_scores(
    model: Path, rows: List[dict], allowed: Optional[List[set]], probe_texts: List[str], probe_gold: List[str]
) -> Dict[str, object]:
    """Every routing figure of one model: the real-world posts (and their contract readings, if any)
    and the held-out contract sentences, parsed in one pass."""
    rankings = classify(model, [r["text"] for r in rows] + probe_texts)
    routed = rankings[: len(rows)]
    scores = routing_scores(rows, routed)
    scores["probes"] = top1_accuracy(probe_gold, rankings[len(rows) :])
    if allowed:
        scores.update(contract_scores(rows, routed, allowed))
    return scores


def cross_validation(folds: int, tmp: Path) -> Optional[Dict[str, float]]:
    if folds < 2:
        return None
    out = tmp / "cv"
    run(
        [
            RASA,
            "test",
            "nlu",
            "--nlu",
            str(NLU_DATA),
            "--config",
            str(ROOT / "config.yml"),
            "--cross-validation",
            "--folds",
            str(folds),
            "--out",
            str(out),
        ]
    )
    report = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
    return {"macro": report["macro avg"]["f1-score"], "weighted": report["weighted avg"]["f1-score"]}


def percentiles(timings: List[float]) -> Tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)]


def latency_and_memory(model: Path, messages: List[Tuple[str, str]]) -> Dict[str, object]:
    port = free_port()
    token = secrets.token_urlsafe(24)  # Rasa's HTTP API needs one (bot/server/access.py)
    auth = {"Authorization": f"Bearer {token}"}
    # Started as the Procfile starts it: Rasa with bot/server's fixes and one TensorFlow thread.
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot.server",
            "run",
            "--enable-api",
            "--model",
            str(model),
            "--port",
            str(port),
            "--interface",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env={
            **ENV,
            "TF_INTRA_OP_PARALLELISM_THREADS": "1",
            "TF_INTER_OP_PARALLELISM_THREADS": "1",
            "RASA_TOKEN": token,
            # endpoints.yml names the action server's secret; parsing calls no action.
            "ACTION_SERVER_TOKEN": token,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 300
        while time.time() < deadline:
            try:
                status = urllib.request.Request(f"{url}/status", headers=auth)
                if json.load(urllib.request.urlopen(status, timeout=2)).get("model_file"):
                    break
            except OSError:
                pass
            time.sleep(1)  # also while the server answers but has not loaded the model yet
        else:
            raise RuntimeError("Rasa server did not start")
        timings: Dict[str, List[float]] = collections.defaultdict(list)
        for kind, text in messages:
            body = json.dumps({"text": text}).encode()
            req = urllib.request.Request(
                f"{url}/model/parse", data=body, headers={"Content-Type": "application/json", **auth}
            )
            t0 = time.perf_counter()
            urllib.request.urlopen(req, timeout=30).read()
            elapsed = (time.perf_counter() - t0) * 1000
            timings["all"].append(elapsed)
            timings[kind].append(elapsed)
        rss_kb = int(
            next(
                line for line in Path(f"/proc/{server.pid}/status").read_text().splitlines() if line.startswith("VmRSS")
            ).split()[1]
        )
        return {
            "by_kind": {kind: percentiles(t) for kind, t in timings.items()},
            "rss_mb": rss_kb / 1024,
            "n": len(timings["all"]),
        }
    finally:
        server.terminate()
        server.wait(30)


def latency_messages(rows: List[dict], n: int = 500) -> List[Tuple[str, str]]:
    """Real-world posts interleaved with short chat lines (held-out sentences), half and half: more
    posts than a day's chat traffic would have, so the figure is on the pessimistic side."""
    from bot.nlu.complaint_router import is_post  # imports Rasa: only where it is needed

    short = (
        [
            ex
            for item in yaml.safe_load(HOLDOUT.read_text(encoding="utf-8"))["nlu"]
            for ex in item["examples"].split("\n- ")
            if ex.strip()
        ]
        if HOLDOUT.exists()
        else []
    )
    short = [s.strip().lstrip("- ").strip() for s in short]
    short = [s for s in short if not is_post(s)]  # the held-out long posts are not chat lines
    pool = [r["text"] for r in rows]
    mixed = []
    for i in range(n):
        mixed.append(("chat", short[i % len(short)]) if short and i % 2 else ("post", pool[i % len(pool)]))
    return mixed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (0 skips it)")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument(
        "--model", type=Path, help="measure this trained model instead of training one (no training time then)"
    )
    args = parser.parse_args()

    rows = load_realworld()
    allowed = load_contract_readings(rows)
    probe_texts, probe_gold = taxonomy_probes()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.model:
            ours, ours_seconds = args.model.resolve(), None
        else:
            ours, ours_seconds = train(ROOT / "config.yml", tmp, "ours")
        ours_scores = model_scores(ours, rows, allowed, probe_texts, probe_gold)
        peer_scores = None
        if not args.skip_peer:
            peer, peer_seconds = train(peer_config(tmp), tmp, "peer")
            peer_scores = model_scores(peer, rows, allowed, probe_texts, probe_gold)
        speed = latency_and_memory(ours, latency_messages(rows))
        cv = cross_validation(args.folds, tmp)

    print()
    print("| figure | Korean pipeline (config.yml) | whitespace peer | target |")
    print("|---|---|---|---|")
    p = peer_scores or {}

    def fmt(v):
        return f"{v:.3f}" if isinstance(v, float) else "-"

    print(
        f"| real-world routing top-1 ({len(rows)} posts) | {fmt(ours_scores['top1'])} | {fmt(p.get('top1'))} "
        "| ≥ 0.80, ≥ peer + 0.10 |"
    )
    print(f"| real-world routing top-3 | {fmt(ours_scores['top3'])} | {fmt(p.get('top3'))} | ≥ 0.93 |")
    print(f"| real-world routing macro-F1 | {fmt(ours_scores['macro_f1'])} | {fmt(p.get('macro_f1'))} | |")
    if allowed:
        print(
            f"| real-world posts whose handling department the contract allows ({ours_scores['allowed_n']}) "
            f"| {fmt(ours_scores['allowed_share'])} | | top-1 ceiling for a router that follows the contract |"
        )
        print(
            f"| routing top-1 / top-3 on those posts | {fmt(ours_scores['top1_allowed'])} / "
            f"{fmt(ours_scores['top3_allowed'])} | {fmt(p.get('top1_allowed'))} / {fmt(p.get('top3_allowed'))} | |"
        )
        print(
            f"| real-world routing top-1 against the contract's readings | {fmt(ours_scores['top1_contract'])} "
            f"| {fmt(p.get('top1_contract'))} | |"
        )
    print(
        f"| held-out sentences on every contract topic, top-1 ({len(probe_gold)}) | {fmt(ours_scores['probes'])} "
        f"| {fmt(p.get('probes'))} | |"
    )
    print(
        f"| real-world posts taken for a status question | {fmt(ours_scores['as_status'])} "
        f"| {fmt(p.get('as_status'))} | 0 |"
    )
    if cv:
        print(
            f"| {args.folds}-fold cross-validation intent F1 (weighted / macro) "
            f"| {cv['weighted']:.3f} / {cv['macro']:.3f} | | ≥ 0.95 |"
        )
    if ours_seconds is not None:
        print(
            f"| NLU training time | {ours_seconds:.0f} s | {peer_seconds:.0f} s |"
            if peer_scores
            else f"| NLU training time | {ours_seconds:.0f} s | - |",
            "≤ 600 s |",
        )
    p50, p95 = speed["by_kind"]["all"]
    print(
        f"| parse latency p50 / p95 ({speed['n']} messages via /model/parse) | {p50:.1f} / {p95:.1f} ms "
        "| | p95 ≤ 50 ms |"
    )
    for kind, label in (("chat", "chat lines"), ("post", "real posts")):
        if kind in speed["by_kind"]:
            p50, p95 = speed["by_kind"][kind]
            print(f"| parse latency p50 / p95, {label} only | {p50:.1f} / {p95:.1f} ms | | |")
    print(f"| Rasa server resident memory | {speed['rss_mb']:.0f} MB | | |")
    print()
    print("Worst confusions (gold → predicted: count):")
    for (gold, pred), count in ours_scores["confusions"]:
        print(f"  {gold} → {pred}: {count}")


if __name__ == "__main__":
    main()
