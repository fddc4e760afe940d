#!/usr/bin/env python3
"""Search latency and throughput as a researcher meets them: over HTTP, through Datasette.

    .venv/bin/python benchmarks/search.py --db /tmp/synth-1m.db            # latency + load
    .venv/bin/python benchmarks/search.py --db /tmp/synth-1m.db --runs 5 --seconds 10

Starts `scripts/serve` on the archive (the settings README's first command uses), then:

1. latency: every query of a fixed set (a word in nearly every speech, common words,
   rare words, phrases, a prefix), sorted by relevance and by date, each the full search
   page with its facet counts (`/-/mutuals`), `--runs` times; prints p50 and p95 per query
   and over all, and the slowest;
2. load: `--clients` concurrent clients (default 8) cycling through the same set for
   `--seconds`; prints requests per second and any non-200 answer.

Build a large archive to measure with `benchmarks/synthetic.py`.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import free_port, wait_until_up  # noqa: E402

QUERIES: dict[str, str] = {
    "word in most speeches": "the",
    "common word": "government",
    "common word 2": "minister",
    "rare word": "pathfinder",
    "rare word 2": "mutualisation",
    "phrase": '"public service mutuals"',
    "common phrase": '"prime minister"',
    "prefix": "mutual*",
}
SORTS = ("relevance", "newest")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_get(client: httpx.Client, params: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get("/-/mutuals", params=params)
    return time.perf_counter() - started, response.status_code


def latency(origin: str, runs: int) -> dict[tuple[str, str], list[float]]:
    timings: dict[tuple[str, str], list[float]] = {}
    with httpx.Client(base_url=origin, timeout=120) as client:
        for (name, q), sort in itertools.product(QUERIES.items(), SORTS):
            timed_get(client, {"q": q, "sort": sort})  # the first answer warms the page cache
            seconds, failures = [], []
            for _ in range(runs):
                elapsed, status = timed_get(client, {"q": q, "sort": sort})
                seconds.append(elapsed)
                if status != 200:
                    failures.append(status)
            timings[(name, sort)] = seconds
            print(
                f"  {name:<22} {q!r:<26} {sort:<9} p50 {1000 * statistics.median(seconds):7.0f} ms"
                f"  p95 {1000 * percentile(seconds, 0.95):7.0f} ms"
                + (f"  FAILED: HTTP {sorted(set(failures))}" if failures else ""),
                flush=True,
            )
    return timings


def load(origin: str, clients: int, seconds: float) -> tuple[int, int, float]:
    """(answers, failures, requests/s) for `clients` threads cycling through the set."""
    requests = list(itertools.product(QUERIES.values(), SORTS))
    done, failed, lock = [0], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def client_loop(offset: int) -> None:
        with httpx.Client(base_url=origin, timeout=120) as client:
            for q, sort in itertools.islice(itertools.cycle(requests), offset, None):
                if time.monotonic() > deadline:
                    return
                _, status = timed_get(client, {"q": q, "sort": sort})
                with lock:
                    done[0] += 1
                    failed[0] += status != 200

    started = time.monotonic()
    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0], failed[0], done[0] / (time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the archive to search")
    parser.add_argument("--runs", type=int, default=10, help="timed requests per query and sort")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients under load")
    parser.add_argument("--seconds", type=float, default=20, help="how long the load lasts")
    args = parser.parse_args(argv)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "scripts/serve", "--port", str(port)],
        cwd=REPO,
        env=os.environ | {"MUTUALS_DB": str(args.db.resolve())},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(origin + "/-/versions.json", server, seconds=120)
        size = args.db.stat().st_size / 1e9
        print(f"{args.db} ({size:.2f} GB); {args.runs} timed requests per query and sort")
        timings = latency(origin, args.runs)
        everything = [t for seconds in timings.values() for t in seconds]
        worst = max(timings, key=lambda key: percentile(timings[key], 0.95))
        print(
            f"all queries: p50 {1000 * statistics.median(everything):.0f} ms, "
            f"p95 {1000 * percentile(everything, 0.95):.0f} ms; slowest p95: {worst[0]} "
            f"by {worst[1]} ({1000 * percentile(timings[worst], 0.95):.0f} ms)"
        )
        answers, failures, rate = load(origin, args.clients, args.seconds)
        print(
            f"load: {args.clients} clients for {args.seconds:.0f}s: {answers} answers, "
            f"{failures} not 200, {rate:.1f} requests/s"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
