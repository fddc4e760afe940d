#!/usr/bin/env python3
"""How fast and how exactly pipelines.dates reads printed dates.

    .venv/bin/python benchmarks/dates.py                # 2 seconds of parse_date calls
    .venv/bin/python benchmarks/dates.py --seconds 5 --misses

Uses the held-out list in tests/test_dates.py (printed dates in the forms Hansard,
TheyWorkForYou, GOV.UK and UK news pages use, with the values expected by hand). Prints
the share parsed exactly, then parse_date calls per second over that list repeated, and
parse_dates throughput on a long text made of the same strings.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.dates import parse_date, parse_dates
from tests.test_dates import HELD_OUT, held_out_accuracy


def calls_per_second(min_seconds: float) -> tuple[float, int]:
    """Repeat the whole held-out list until `min_seconds` have passed."""
    calls, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < min_seconds:
        for text, context, _, _ in HELD_OUT:
            parse_date(text, **context)
        calls += len(HELD_OUT)
    return calls / elapsed, calls


def scan_throughput(copies: int = 50) -> tuple[float, int, int]:
    """parse_dates over one long text: characters per second and dates found."""
    text = ". ".join(text for text, *_ in HELD_OUT) * copies
    started = time.perf_counter()
    found = parse_dates(text)
    return len(text) / (time.perf_counter() - started), len(text), len(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="how long to time calls")
    parser.add_argument("--misses", action="store_true", help="list the texts parsed wrongly")
    args = parser.parse_args(argv)
    accuracy, misses = held_out_accuracy()
    print(
        f"held-out accuracy: {100 * accuracy:.2f}% "
        f"({len(HELD_OUT) - len(misses)} of {len(HELD_OUT)} printed dates exactly)"
    )
    if args.misses:
        for text, got in misses:
            print(f"  MISS {text!r}: {got}")
    rate, calls = calls_per_second(args.seconds)
    print(f"parse_date: {rate:,.0f} calls/s ({calls:,} calls over the list repeated)")
    chars_rate, chars, found = scan_throughput()
    print(f"parse_dates: {chars_rate / 1e6:.2f} M characters/s ({chars:,} chars, {found:,} dates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
