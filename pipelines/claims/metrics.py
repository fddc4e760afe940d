"""The topic's recurring series ('mutuals.count', 'mutuals.staff', ...), read from the topic file.

A series is data, not code, so another topic brings its own: each entry of `metrics:` in
the topic YAML names the units a figure of the series can have, regexes the sentence must
match, and optionally regexes the figure's own clause must (`near`) or must not
(`exclude`) match, the claim kinds it takes and how many sentences before may supply the
topic words (`context`). A topic without `metrics:` simply gets metric None.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from re._constants import (  # the parse tree's opcodes (see `_needs`)
    ATOMIC_GROUP,
    BRANCH,
    LITERAL,
    MAX_REPEAT,
    MIN_REPEAT,
    POSSESSIVE_REPEAT,
    SUBPATTERN,
)
from re._parser import parse as parse_pattern
from typing import Any

import yaml

from pipelines.casefold import ascii_folded
from pipelines.config import topic_path

log = logging.getLogger(__name__)

TOPIC_SETTING = "MUTUALS_TOPIC"  # the variable `topic_path` reads


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    units: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    near: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    kinds: frozenset[str] = frozenset()
    context: int = 0
    unit: str | None = None  # the series' own unit, given to its figures ('mutuals')


def compile_metrics(data: Mapping | None) -> tuple[Metric, ...]:
    """Build metrics from the `metrics:` mapping; a malformed entry is logged and skipped."""
    metrics: list[Metric] = []
    for key, spec in (data or {}).items():
        try:
            metrics.append(_metric(str(key), spec))
        except (TypeError, ValueError, AttributeError, re.error) as exc:
            log.warning("metric %r in the topic file is malformed and ignored: %r", key, exc)
    return tuple(metrics)


def _metric(key: str, spec: Mapping) -> Metric:
    def regexes(name: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(str(p), re.IGNORECASE) for p in spec.get(name) or ())

    return Metric(
        key=key,
        label=str(spec.get("label", key)),
        units=frozenset(_singular(str(u)) for u in spec.get("units") or ()),
        patterns=regexes("patterns"),
        near=regexes("near"),
        exclude=regexes("exclude"),
        kinds=frozenset(spec.get("kinds") or ()),
        context=int(spec.get("context", 0)),
        unit=str(spec["unit"]) if spec.get("unit") else None,
    )


def load_metrics(path: Path | str | None = None) -> tuple[Metric, ...]:
    """The metrics of a topic file (default: `pipelines.config.topic_path()`), parsed once."""
    if not path and not os.environ.get(TOPIC_SETTING):
        return _repository_metrics()
    return _cached_metrics(str(path or topic_path()))


@lru_cache(maxsize=1)
def _repository_metrics() -> tuple[Metric, ...]:
    """The metrics of the repository's topic file, where no setting names another: asked
    for by every document, and building its path each time cost more than a short
    document's claims."""
    return _cached_metrics(str(topic_path()))


@lru_cache(maxsize=8)
def _cached_metrics(path: str) -> tuple[Metric, ...]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        log.warning("no metrics: cannot read topic file %s: %r", path, exc)
        return ()
    return compile_metrics(data.get("metrics") if isinstance(data, Mapping) else None)


def resolve_metrics(metrics: Mapping | Iterable[Metric] | Path | str | None) -> tuple[Metric, ...]:
    """Accept the `metrics=` argument of extract_claims in any of its forms: None (the
    topic file), a topic file's path, a `metrics:` mapping (or a whole topic mapping), or
    Metric objects."""
    if metrics is None:
        return load_metrics()
    if isinstance(metrics, (str, Path)):
        return load_metrics(metrics)
    if isinstance(metrics, Mapping):
        inner = metrics.get("metrics")
        return compile_metrics(inner if isinstance(inner, Mapping) else metrics)
    return tuple(m for m in metrics if isinstance(m, Metric))


# A metric's patterns, each with the words one of which it needs (see `_needs`).
Needing = tuple[tuple[re.Pattern[str], frozenset[str] | None], ...]


def topical(metrics: tuple[Metric, ...], context: list[str]) -> frozenset[str]:
    """Keys of the series whose topic words the sentence (or its context) has.

    `context` is the sentence followed by the sentences before it, nearest first. Done
    once per sentence, however many figures it holds. A pattern is searched only in a
    text that holds what it needs (`_needs`), which most sentences do not.
    """
    words, plan = _plan(metrics)
    read = max((len(context[:reach]) for _, reach, _ in plan), default=0)  # a prefix each
    held = [frozenset(filter(ascii_folded(text).__contains__, words)) for text in context[:read]]
    return frozenset(
        key for key, reach, patterns in plan if _found(patterns, context[:reach], held)
    )


def _found(
    patterns: Needing,
    texts: list[str],
    held: list[frozenset[str]],
) -> bool:
    """Whether a pattern matches one of `texts`, each with the words of `_needs` it holds."""
    for pattern, needs in patterns:
        for index, text in enumerate(texts):
            if (needs is None or not needs.isdisjoint(held[index])) and pattern.search(text):
                return True
    return False


@lru_cache(maxsize=8)
def _plan(
    metrics: tuple[Metric, ...],
) -> tuple[frozenset[str], tuple[tuple[str, int, Needing], ...]]:
    """Every word the metrics' patterns need, and per metric: its key, how many texts of
    the context it reads, and its patterns with what each needs, worked out once."""
    plan = tuple((m.key, 1 + m.context, tuple((p, _needs(p)) for p in m.patterns)) for m in metrics)
    words = frozenset(w for _, _, patterns in plan for _, needs in patterns for w in needs or ())
    return words, plan


@lru_cache(maxsize=1024)
def _needs(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-cased strings one of which a text must hold, once folded (`ascii_folded`),
    for `pattern` to match in it; None where the pattern's parse gives none.

    The topic's patterns ('\\bmutuals\\b', 'investment readiness') are searched in every
    sentence with a figure, and most sentences hold none of their words: a substring test
    says so for a fraction of the cost. Only ASCII literals are used, which a
    case-insensitive pattern matches in a text only where its folded text has them.
    """
    try:
        return _sequence_needs(list(parse_pattern(pattern.pattern, pattern.flags)))
    except (re.error, TypeError, ValueError, AttributeError):
        return None


def _sequence_needs(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The longest-worded of the needs of a sequence's items (a run of literals is one)."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        inner = _item_needs(op, av)
        if inner:
            options.append(inner)
    return max(options, key=lambda option: min(map(len, option)), default=None)


def _item_needs(op: Any, av: Any) -> frozenset[str] | None:
    """A group needs what its content needs; alternatives, what each needs (any of them);
    a repeat at least once, what its item needs. Anything else is taken to need nothing."""
    if op is SUBPATTERN:
        return _sequence_needs(list(av[-1]))
    if op is BRANCH:
        alternatives = [_sequence_needs(list(alternative)) for alternative in av[1]]
        return frozenset().union(*alternatives) if all(alternatives) else None
    if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT) and av[0] >= 1:
        return _sequence_needs(list(av[2]))
    if op is ATOMIC_GROUP:
        return _sequence_needs(list(av))
    return None


def assign_metric(
    metrics: tuple[Metric, ...], unit: str | None, kind: str, clause: str, topics: frozenset[str]
) -> str | None:
    """The first series whose unit, kind, topic words (`topics`) and clause words fit."""
    if not unit or not topics:
        return None
    singular = _singular(unit)
    for metric in metrics:
        if metric.key not in topics or singular not in metric.units:
            continue
        if metric.kinds and kind not in metric.kinds:
            continue
        if any(p.search(clause) for p in metric.exclude):
            continue
        if not metric.near or any(p.search(clause) for p in metric.near):
            return metric.key
    return None


def _singular(unit: str) -> str:
    lower = unit.strip().lower()
    return lower[:-1] if lower.endswith("s") and len(lower) > 3 else lower
