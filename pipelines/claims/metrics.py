"""The topic's recurring series ('mutuals.count', 'mutuals.staff', ...), read from the topic file.

A series is data, not code, so another topic brings its own: each entry of `metrics:` in
the topic YAML names the units a figure of the series can have, regexes the sentence must
match, and optionally regexes the figure's own clause must (`near`) or must not
(`exclude`) match, the claim kinds it takes and how many sentences before may supply the
topic words (`context`). A topic without `metrics:` simply gets metric None.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from pipelines.config import topic_path

log = logging.getLogger(__name__)


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
    return _cached_metrics(str(path or topic_path()))


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


def topical(metrics: tuple[Metric, ...], context: list[str]) -> frozenset[str]:
    """Keys of the series whose topic words the sentence (or its context) has.

    `context` is the sentence followed by the sentences before it, nearest first. Done
    once per sentence, however many figures it holds.
    """
    return frozenset(
        m.key
        for m in metrics
        if any(p.search(text) for p in m.patterns for text in context[: 1 + m.context])
    )


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
