"""The records claim extraction returns: a claim per sentence, with the figures it states.

Plain dataclasses so the archive can store them as rows (`dataclasses.asdict`) and tests
can compare them field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("commitment", "target", "statistic", "funding")


@dataclass
class Value:
    """One figure as printed and as a number.

    `value` is normalised: '£10m' -> 10000000 (currency GBP), '45%' -> 0.45 (unit
    'percent'), 'seven-fold' -> 7 (unit 'times'). `as_of` is the date the figure refers
    to; `target_date` is set when the figure is something to be reached by then.
    """

    value: float | int
    unit: str | None = None
    currency: str | None = None
    as_of: str | None = None
    target_date: str | None = None
    qualifier: str | None = None
    text: str = ""
    metric: str | None = None
    start: int = 0  # offsets of `text` in the input
    end: int = 0


@dataclass
class Claim:
    """A sentence that commits, targets, states a figure or announces money.

    `speaker` is passed through from the caller (who spoke the text); `attributed_to` is
    who the sentence itself credits ("the Mutuals Taskforce report says ..."), resolved
    within the text ("He said" -> the last person named). `negated` marks denials
    ("I have certainly not set a target of 1 million").
    """

    kind: str
    sentence: str
    start: int
    end: int
    values: list[Value] = field(default_factory=list)
    metric: str | None = None
    confidence: float = 0.5
    as_of: str | None = None
    target_date: str | None = None
    target_text: str | None = None
    speaker: str | None = None
    attributed_to: str | None = None
    quoted: bool = False
    negated: bool = False
