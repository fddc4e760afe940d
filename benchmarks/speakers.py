#!/usr/bin/env python3
"""How well the speaker register resolves TheyWorkForYou's printed speaker names.

    .venv/bin/python benchmarks/speakers.py                 # every file in the corpus
    .venv/bin/python benchmarks/speakers.py FILE.xml ...    # these files
    .venv/bin/python benchmarks/speakers.py --register people.json --mistakes 20

Each speech is resolved from its printed name (and, in the second pass, its printed
office as "Office (Name)"), its date and its house, with the debate's earlier speakers
as context, and compared with the person TheyWorkForYou attributed it to. Prints, per
file and overall: speeches whose person the register knows that day, correct, wrong,
unresolved (ambiguous among them), and speeches by people the register cannot know
(later intakes), which must all be unresolved; then load time and resolutions/second.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.config import corpus_dir
from pipelines.speakers import RegisterError, read_register, register_path
from pipelines.speakers.evaluation import (
    Evaluation,
    Tally,
    evaluate,
    resolutions_per_second,
)

COLUMNS = ("speeches", "known", "correct", "wrong", "unresolved", "ambiguous", "unknown")


def default_files() -> list[Path]:
    return sorted((corpus_dir() / "twfy" / "xml").glob("*/*.xml"))


def row(name: str, tally: Tally) -> str:
    cells = "".join(f"{getattr(tally, c):>11}" for c in COLUMNS)
    extra = f"{tally.unknown_resolved + tally.no_person_resolved:>9}"
    return f"{name[:44]:<44}{cells}{extra}{100 * tally.accuracy:>9.2f}%"


LEGEND = (
    "known: the register has the true person with a seat in that house that day; "
    "unresolved includes ambiguous;\nunknown: true person not in the register that day "
    "(later intakes); unk.res: unknown or 'Hon. Members' resolved to someone (counted wrong);"
    "\naccuracy = correct / known"
)


def print_table(title: str, result: Evaluation) -> None:
    header = "".join(f"{c:>11}" for c in COLUMNS) + f"{'unk.res':>9}{'accuracy':>10}"
    print(f"\n{title}\n{LEGEND}\n{'file':<44}{header}")
    for name, tally in result.files.items():
        print(row(name, tally))
    total = result.total
    print(row("ALL FILES", total))
    print(
        f"accuracy {100 * total.accuracy:.2f}% of {total.known} known speeches; "
        f"wrong {total.wrong} ({100 * total.wrong_rate:.3f}% of {total.speeches}); "
        f"unresolved {total.unresolved} ({total.ambiguous} ambiguous); "
        f"unknown to the register {total.unknown}, of which resolved {total.unknown_resolved}; "
        f"no single person (e.g. 'Hon. Members') {total.no_person}, "
        f"resolved {total.no_person_resolved}"
    )


def print_mistakes(result: Evaluation, limit: int) -> None:
    for speech, got in result.total.mistakes[:limit]:
        print(
            f"  WRONG {speech.file} {speech.name!r} office={speech.office!r} "
            f"true={speech.truth} got={got.person_id} ({got.name}, {got.method})"
        )
    for speech, got in result.total.misses[:limit]:
        print(f"  UNRESOLVED {speech.file} {speech.name!r} true={speech.truth}: {got.reason}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="TheyWorkForYou XML files")
    parser.add_argument("--register", help="a register folder or Popolo people.json")
    parser.add_argument("--mistakes", type=int, default=10, help="wrong results to list")
    args = parser.parse_args(argv)
    files = args.files or default_files()
    started = time.perf_counter()
    try:
        register = read_register(register_path(args.register))
    except RegisterError as exc:
        print(f"cannot load the register: {exc}", file=sys.stderr)
        return 2
    load_seconds = time.perf_counter() - started
    print(f"register: {register!r} loaded in {load_seconds:.2f}s")
    results = {}
    for with_office in (False, True):
        title = (
            "printed as 'Office (Name)' where the XML gives an office"
            if with_office
            else ("printed name alone")
        )
        results[with_office] = evaluate(register, files, with_office=with_office)
        print_table(title, results[with_office])
        print_mistakes(results[with_office], args.mistakes)
    calls = results[True].calls
    cold = resolutions_per_second(register, calls, cold=True)
    warm = resolutions_per_second(register, calls, min_seconds=2.0)
    print(
        f"\nload {load_seconds:.2f}s; {len(calls)} resolutions: "
        f"{cold:,.0f}/s on a first pass (label caches cold), {warm:,.0f}/s repeated"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
