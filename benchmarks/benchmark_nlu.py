"""NLU benchmark: prints one table of quality and speed figures for the Korean pipeline and two peers.

Run from the project root with the bot's environment (see README):

    .venv-bot/bin/python benchmarks/benchmark_nlu.py            # everything (about 30-40 min)
    .venv-bot/bin/python benchmarks/benchmark_nlu.py --folds 0  # skip cross-validation
    .venv-bot/bin/python benchmarks/benchmark_nlu.py --model models/current.tar.gz --folds 0 --skip-peer
                                                                # the served model, no training (minutes)
    ... --model models/current.tar.gz --folds 0 --skip-peer --skip-speed   # routing figures only

Models, one column each:
- ours: config.yml, trained here (or the --model given);
- the whitespace peer: Rasa's default pipeline with DIET (benchmarks/config.whitespace-peer.yml) trained on
  the same data (--skip-peer skips it);
- the TF-IDF peer (benchmarks/tfidf_peer.py): word 1-2-gram and character 2-4-gram TF-IDF with a logistic
  regression, trained here in seconds on the same data, always.

Figures, for every model:
- routing on ../shared/data/realworld-dev.jsonl: top-1, macro-F1 and top-3 against the handling department;
- the same posts against the category contract: two independent readings of each post by the contract
  (benchmarks/realworld_contract_readings.jsonl: a category, a second one where two fit, a reason; no post
  text). Contract top-1 / top-3: the first / one of the first three intents is a category the readings
  allow (issue 16's routing measure). Also the share of posts whose handling department the contract
  allows at all, which bounds the label top-1 of any router that follows the contract, and routing on those;
- ../shared/data/petitions-dev.jsonl (national petitions, if present): the share read as out_of_scope, and
  which intents took the others;
- top-1 on the held-out sentences for every topic data/contracts/categories.yml lists (tests/bot/nlu_taxonomy.yml);
  an FAQ answer to a question about 여권 or 등본 counts as a miss here (the tests accept the matching answer);
- tests/bot/nlu_scope.yml (if present), per group: out_of_scope groups read as out_of_scope, in_scope groups
  (county matters) read as anything else;
every ranking is taken past a fallback, as the complaint router routes a post. For ours only: cross-validation
intent F1 (`rasa test nlu --cross-validation`), training time, parse latency p50/p95 over 500 messages
through a running Rasa server, and its resident memory (--skip-speed skips the server).
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
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # models parsed in-process load the project's components (bot.nlu)
from benchmarks.tfidf_peer import TfidfPeer, load_examples  # noqa: E402
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
SCOPE = ROOT / "tests" / "bot" / "nlu_scope.yml"
OUT_OF_SCOPE = "out_of_scope"


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


def load_realworld() -> List[dict]:
    path = SHARED / "data" / "realworld-dev.jsonl"
    if not path.exists():  # the measurement sets are not part of the repository
        raise SystemExit(
            f"benchmark_nlu: the real-world measurement set {path} is not on this machine (set SHARED_DIR)"
        )
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_petitions() -> List[str]:
    """The national petitions' texts (every one out of a county's scope); none if the set is absent."""
    path = SHARED / "data" / "petitions-dev.jsonl"
    if not path.exists():
        print(f"warning: {path} is not on this machine; the petition figures are skipped")
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def load_scope_groups(path: Path = SCOPE) -> List[Tuple[str, bool, List[str]]]:
    """(group, must be out_of_scope, lines) for each group of tests/bot/nlu_scope.yml; none if it is absent."""
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        (group, section == OUT_OF_SCOPE, list(lines))
        for section in (OUT_OF_SCOPE, "in_scope")
        for group, lines in (data.get(section) or {}).items()
    ]


@dataclass
class MeasurementSets:
    """Every text the benchmark routes, in one list per set, so each model parses them in one pass."""

    rows: List[dict]
    allowed: Optional[List[set]]
    probe_texts: List[str]
    probe_gold: List[str]
    petitions: List[str]
    scope_groups: List[Tuple[str, bool, List[str]]]

    def texts(self) -> List[str]:
        return (
            [r["text"] for r in self.rows]
            + self.probe_texts
            + self.petitions
            + [line for _, _, lines in self.scope_groups for line in lines]
        )

    def scores(self, rankings: List[List[str]]) -> Dict[str, object]:
        """Every routing figure from the rankings of self.texts(), in the same order."""
        rest = iter(rankings)

        def take(n: int) -> List[List[str]]:
            return [next(rest) for _ in range(n)]

        routed = take(len(self.rows))
        scores = routing_scores(self.rows, routed)
        scores["probes"] = top1_accuracy(self.probe_gold, take(len(self.probe_gold)))
        if self.allowed:
            scores.update(contract_scores(self.rows, routed, self.allowed))
        if self.petitions:
            scores.update(petition_scores(take(len(self.petitions))))
        scores["scope"] = {
            group: scope_share(must_be_out, take(len(lines))) for group, must_be_out, lines in self.scope_groups
        }
        return scores


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
    posts. top1_contract / top3_contract: the first / one of the first three categories is one the
    readings allow, whatever the label.
    """
    kept = [i for i, row in enumerate(rows) if row["label"] in allowed[i]]
    return {
        "allowed_share": len(kept) / len(rows),
        "allowed_n": len(kept),
        "top1_allowed": sum(rankings[i][0] == rows[i]["label"] for i in kept) / len(kept),
        "top3_allowed": sum(rows[i]["label"] in rankings[i][:3] for i in kept) / len(kept),
        "top1_contract": sum(r[0] in ok for r, ok in zip(rankings, allowed)) / len(rows),
        "top3_contract": sum(not ok.isdisjoint(r[:3]) for r, ok in zip(rankings, allowed)) / len(rows),
    }


def petition_scores(rankings: List[List[str]]) -> Dict[str, object]:
    """National petitions (all out of scope): the share read as out_of_scope, and the intents the rest
    went to (most frequent first)."""
    elsewhere = collections.Counter(r[0] for r in rankings if r[0] != OUT_OF_SCOPE)
    return {
        "petitions": (len(rankings) - sum(elsewhere.values())) / len(rankings),
        "petitions_n": len(rankings),
        "petitions_elsewhere": elsewhere.most_common(4),
    }


def scope_share(must_be_out: bool, rankings: List[List[str]]) -> float:
    """Share of a scope group read right: as out_of_scope if it must be, else as anything but."""
    return sum((r[0] == OUT_OF_SCOPE) == must_be_out for r in rankings) / len(rankings)


def model_scores(model: Path, sets: MeasurementSets) -> Dict[str, object]:
    """Every routing figure of one trained Rasa model."""
    return sets.scores(classify(model, sets.texts()))


def tfidf_peer_scores(sets: MeasurementSets) -> Dict[str, object]:
    """The TF-IDF peer trained on data/nlu, its routing figures and its training time."""
    peer = TfidfPeer(*load_examples(NLU_DATA))
    return {**sets.scores(peer.rank(sets.texts())), "training_s": peer.training_seconds}


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
    # Started as the Procfile starts it: Rasa with bot/server's fixes.
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


def fmt(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else "-"


def intents_taken(counts: List[Tuple[str, int]]) -> str:
    return ", ".join(f"{intent.removeprefix('complaint_')} {n}" for intent, n in counts) or "-"


def routing_table(models: List[Dict[str, object]], sets: MeasurementSets) -> List[str]:
    """The table's routing rows: one column per model (an empty dict for a model not measured), then the target."""

    def row(figure: str, key: str, target: str = "", show=fmt) -> str:
        cells = [show(m[key]) if key in m else "-" for m in models]
        return f"| {figure} | {' | '.join(cells)} | {target} |"

    lines = [
        row(f"real-world routing top-1 against the label ({len(sets.rows)} posts)", "top1"),
        row("real-world routing top-3 against the label", "top3"),
        row("real-world routing macro-F1 against the label", "macro_f1"),
    ]
    if sets.allowed:
        lines += [
            row("real-world routing top-1 against the contract's readings", "top1_contract", "≥ 0.88"),
            row("real-world routing top-3 against the contract's readings", "top3_contract", "≥ 0.97"),
            # A property of the posts and their readings, not of a model: given once.
            f"| real-world posts whose handling department the contract allows ({models[0]['allowed_n']}) "
            f"| {fmt(models[0]['allowed_share'])} |{' |' * (len(models) - 1)} top-1 ceiling against the label |",
            row("routing top-1 on those posts", "top1_allowed"),
            row("routing top-3 on those posts", "top3_allowed"),
        ]
    if sets.petitions:
        lines += [
            row(f"national petitions read as out of scope ({len(sets.petitions)})", "petitions", "≥ 0.90"),
            row("intents that took the other petitions", "petitions_elsewhere", show=intents_taken),
        ]
    lines.append(row(f"held-out sentences on every contract topic, top-1 ({len(sets.probe_gold)})", "probes"))
    for group, must_be_out, group_lines in sets.scope_groups:
        wanted = "out of scope" if must_be_out else "in scope"
        cells = [fmt(m["scope"][group]) if "scope" in m else "-" for m in models]
        lines.append(f"| nlu_scope.yml {group}: read as {wanted} ({len(group_lines)}) | {' | '.join(cells)} | |")
    lines.append(row("real-world posts taken for a status question", "as_status", "0"))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (0 skips it)")
    parser.add_argument(
        "--skip-peer", action="store_true", help="skip the whitespace peer (the TF-IDF peer always runs)"
    )
    parser.add_argument("--skip-speed", action="store_true", help="skip the parse latency and memory figures")
    parser.add_argument(
        "--model", type=Path, help="measure this trained model instead of training one (no training time then)"
    )
    args = parser.parse_args()

    rows = load_realworld()
    sets = MeasurementSets(
        rows, load_contract_readings(rows), *taxonomy_probes(), load_petitions(), load_scope_groups()
    )
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.model:
            ours = args.model.resolve()
            ours_scores = model_scores(ours, sets)
        else:
            ours, seconds = train(ROOT / "config.yml", tmp, "ours")
            ours_scores = {**model_scores(ours, sets), "training_s": seconds}
        peer_scores: Dict[str, object] = {}
        if not args.skip_peer:
            peer, seconds = train(ROOT / "benchmarks" / "config.whitespace-peer.yml", tmp, "peer")
            peer_scores = {**model_scores(peer, sets), "training_s": seconds}
        tfidf_scores = tfidf_peer_scores(sets)
        speed = None if args.skip_speed else latency_and_memory(ours, latency_messages(rows))
        cv = cross_validation(args.folds, tmp)

    models = [ours_scores, peer_scores, tfidf_scores]
    print()
    print("| figure | Korean pipeline (config.yml) | whitespace peer | TF-IDF peer | target |")
    print("|---|---|---|---|---|")
    for line in routing_table(models, sets):
        print(line)
    if cv:
        print(
            f"| {args.folds}-fold cross-validation intent F1 (weighted / macro) "
            f"| {cv['weighted']:.3f} / {cv['macro']:.3f} | | | ≥ 0.95 |"
        )
    seconds = [f"{m['training_s']:.0f} s" if "training_s" in m else "-" for m in models]
    print(f"| NLU training time | {' | '.join(seconds)} | ≤ 180 s |")
    if speed:
        p50, p95 = speed["by_kind"]["all"]
        print(f"| parse latency p50 / p95 ({speed['n']} messages via /model/parse) | {p50:.1f} / {p95:.1f} ms | | | |")
        for kind, label, target in (("post", "real posts", "p95 ≤ 25 ms"), ("chat", "chat lines", "p95 ≤ 12 ms")):
            if kind in speed["by_kind"]:
                p50, p95 = speed["by_kind"][kind]
                print(f"| parse latency p50 / p95, {label} only | {p50:.1f} / {p95:.1f} ms | | | {target} |")
        print(f"| Rasa server resident memory | {speed['rss_mb']:.0f} MB | | | ≤ 700 MB |")
    print()
    print("Worst confusions of the Korean pipeline against the label (gold → predicted: count):")
    for (gold, pred), count in ours_scores["confusions"]:
        print(f"  {gold} → {pred}: {count}")


if __name__ == "__main__":
    main()
