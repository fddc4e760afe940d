"""Scoring extraction against a labelled set (tests/fixtures/claims/*.yaml).

An extracted claim is correct when the item expects a claim of the same kind in that
sentence (an expected claim's `match` text lies in the extracted sentence, or the item
expects one claim and gives no `match`). Recall counts expected claims found with the
right kind; value accuracy counts, among those, the ones whose values equal the labels
as a multiset: value within 1%, and unit equal (case and a plural 's' ignored) where the
label gives one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipelines.claims.extract import extract_claims
from pipelines.claims.model import Claim, Value
from pipelines.claims.sentences import split_sentences


@dataclass
class Score:
    items: int = 0
    sentences: int = 0
    expected: int = 0
    extracted: int = 0
    found: int = 0
    correct: int = 0
    values_right: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def value_accuracy(self) -> float:
        return self.values_right / self.found if self.found else 1.0


def load_items(path: Path) -> list[dict]:
    """The `items` of a labelled YAML file."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["items"]


def evaluate(items: list[dict], extract: Callable[..., list[Claim]] = extract_claims) -> Score:
    """Score `extract` on labelled items; `mistakes` lists what went wrong, item by item."""
    score = Score(items=len(items))
    for item in items:
        text = item["text"]
        claims = extract(text, date=item.get("date"), speaker=item.get("speaker"))
        expected = item.get("claims") or []
        score.sentences += len(split_sentences(text))
        score.expected += len(expected)
        score.extracted += len(claims)
        _score_item(item["id"], expected, claims, score)
    return score


def _score_item(item_id: str, expected: list[dict], claims: list[Claim], score: Score) -> None:
    for label in expected:
        same_kind = [c for c in _candidates(label, expected, claims) if c.kind == label["kind"]]
        if not same_kind:
            got = [(c.kind, c.sentence[:60]) for c in _candidates(label, expected, claims)]
            score.mistakes.append(
                f"{item_id}: missed {label['kind']} {label.get('match', '')!r}; got {got}"
            )
            continue
        score.found += 1
        if values_match(label.get("values") or [], same_kind[0].values):
            score.values_right += 1
        else:
            got = [(v.value, v.unit) for v in same_kind[0].values]
            score.mistakes.append(f"{item_id}: values {label.get('values')} != {got}")
    for claim in claims:
        if any(
            claim.kind == label["kind"] and _matches(label, expected, claim) for label in expected
        ):
            score.correct += 1
        else:
            score.mistakes.append(f"{item_id}: spurious {claim.kind} {claim.sentence[:80]!r}")


def _candidates(label: dict, expected: list[dict], claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if _matches(label, expected, c)]


def _matches(label: dict, expected: list[dict], claim: Claim) -> bool:
    if "match" in label:
        return label["match"] in claim.sentence
    return len(expected) == 1


def values_match(labels: list[list], values: list[Value]) -> bool:
    """Multiset equality of labelled [value, unit, qualifier?] and extracted values."""
    if len(labels) != len(values):
        return False
    unused = list(values)
    for label in labels:
        hit = next((v for v in unused if _same_value(label, v)), None)
        if hit is None:
            return False
        unused.remove(hit)
    return True


def _same_value(label: list, value: Value) -> bool:
    number, unit = float(label[0]), label[1] if len(label) > 1 else None
    if abs(float(value.value) - number) > 0.01 * max(abs(number), 1e-9):
        return False
    return unit is None or _unit_key(unit) == _unit_key(value.unit or "")


def _unit_key(unit: str) -> str:
    lower = unit.lower()
    return lower[:-1] if lower.endswith("s") else lower
