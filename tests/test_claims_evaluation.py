"""Quality on texts not used while developing the rules: the fixed evaluation set.

tests/fixtures/claims/evaluation.yaml was labelled before the rules were written and is
kept fixed (its checksum is pinned below: changing it must be a deliberate, explained
act). The rules were tuned on the seeds and on development.yaml, a disjoint sample.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipelines.claims.evaluation import Score, evaluate, load_items

FIXTURES = Path(__file__).parent / "fixtures" / "claims"
EVALUATION_SHA256 = "b2a48d17e6a78b1842490c1381c65266ef961499e7da88d016d2b77274749fdf"


@pytest.fixture(scope="module")
def score() -> Score:
    return evaluate(load_items(FIXTURES / "evaluation.yaml"))


def test_the_evaluation_set_is_unchanged() -> None:
    digest = hashlib.sha256((FIXTURES / "evaluation.yaml").read_bytes()).hexdigest()
    assert digest == EVALUATION_SHA256


def test_the_evaluation_set_is_large_enough(score: Score) -> None:
    assert score.sentences >= 150
    assert score.items >= 150
    assert score.expected >= 100


def test_recall(score: Score) -> None:
    assert score.recall >= 0.85, "\n".join(score.mistakes)


def test_precision(score: Score) -> None:
    assert score.precision >= 0.85, "\n".join(score.mistakes)


def test_value_accuracy(score: Score) -> None:
    assert score.value_accuracy >= 0.90, "\n".join(score.mistakes)


def test_development_set_stays_good() -> None:
    dev = evaluate(load_items(FIXTURES / "development.yaml"))
    assert min(dev.recall, dev.precision) >= 0.85, "\n".join(dev.mistakes)
    assert dev.value_accuracy >= 0.90, "\n".join(dev.mistakes)
