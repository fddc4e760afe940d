#!/usr/bin/env python3
"""How well and how fast pipelines.claims extracts claims.

    .venv/bin/python benchmarks/claims.py                  # quality and speed
    .venv/bin/python benchmarks/claims.py --mistakes 20    # and what went wrong
    .venv/bin/python benchmarks/claims.py --paragraphs 5000

Quality: recall, precision and value accuracy on the fixed evaluation set
(tests/fixtures/claims/evaluation.yaml, labelled before the rules were written) and on the
development set the rules were tuned on (see pipelines/claims/evaluation.py for the
scoring). Speed: sentences per second over paragraphs of the recorded TheyWorkForYou
corpus (real Hansard prose) and over the evaluation texts, best of three runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import etree

from pipelines.claims import extract_claims, split_sentences
from pipelines.claims.evaluation import Score, evaluate, load_items
from pipelines.config import corpus_dir

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "claims"


def corpus_paragraphs(limit: int) -> list[tuple[str, str]]:
    """(text, date) of up to `limit` speech paragraphs from the TheyWorkForYou day files."""
    paragraphs: list[tuple[str, str]] = []
    for path in sorted((corpus_dir() / "twfy" / "xml").glob("*/*.xml")):
        day = "".join(ch for ch in path.stem if ch.isdigit() or ch == "-")[:10]
        root = etree.parse(str(path), etree.XMLParser(recover=True, huge_tree=True)).getroot()
        if root is None:
            continue
        for p in root.iter("p"):
            text = " ".join("".join(p.itertext()).split())
            if text:
                paragraphs.append((text, day))
            if len(paragraphs) >= limit:
                return paragraphs
    return paragraphs


def speed(texts: list[tuple[str, str]], runs: int = 3) -> tuple[int, float]:
    """Sentences and best sentences/second over `texts`."""
    sentences = sum(len(split_sentences(t)) for t, _ in texts)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for text, day in texts:
            extract_claims(text, date=day)
        best = min(best, time.perf_counter() - started)
    return sentences, sentences / best if best else float("inf")


def report(name: str, score: Score, mistakes: int) -> None:
    print(
        f"{name:<12} items {score.items:>4}  sentences {score.sentences:>4}  "
        f"claims expected {score.expected:>4}  extracted {score.extracted:>4}  "
        f"recall {score.recall:6.1%}  precision {score.precision:6.1%}  "
        f"value accuracy {score.value_accuracy:6.1%}"
    )
    for line in score.mistakes[:mistakes]:
        print(f"    {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mistakes", type=int, default=0, help="print this many mistakes per set")
    parser.add_argument("--paragraphs", type=int, default=3000, help="corpus paragraphs to time")
    args = parser.parse_args()

    extract_claims("Warm-up: we will read the topic file once.", date="2012-01-01")
    evaluation = load_items(FIXTURES / "evaluation.yaml")
    print("Quality (targets: recall >= 85%, precision >= 85%, value accuracy >= 90%)")
    report("evaluation", evaluate(evaluation), args.mistakes)
    report("development", evaluate(load_items(FIXTURES / "development.yaml")), args.mistakes)

    print("\nSpeed (target: >= 2,000 sentences/second)")
    eval_texts = [(item["text"], item.get("date") or "") for item in evaluation] * 5
    for name, texts in (
        ("corpus", corpus_paragraphs(args.paragraphs)),
        ("evaluation", eval_texts),
    ):
        if not texts:
            print(f"{name:<12} no texts (corpus not found at {corpus_dir()})")
            continue
        sentences, rate = speed(texts)
        print(f"{name:<12} {sentences:>6} sentences  {rate:>8,.0f} sentences/second")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
