"""Is a document about the topic? A weighted term score that a reader can check by hand.

The score is deliberately simple and explainable: every dropped item is logged with
its score and the terms it matched, so a researcher can see why it was left out and
tune `topics.yml` rather than the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from pipelines.config import topic_path


class TopicError(ValueError):
    """The topic file is missing or malformed."""


@dataclass(frozen=True)
class Topic:
    name: str
    title: str
    search_terms: tuple[str, ...]
    terms: tuple[tuple[str, re.Pattern[str], float], ...]  # (term, pattern, weight), specific first
    exclusions: tuple[re.Pattern[str], ...]
    threshold: float
    max_hits_per_term: int = 5


@dataclass
class Relevance:
    score: float
    matched: dict[str, int] = field(default_factory=dict)  # term -> occurrences counted
    relevant: bool = False


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Compile a topic phrase: words on boundaries, `*` for any word ending, flexible spacing.

    >>> bool(phrase_pattern("right* to provide").search("new Rights  to Provide"))
    True
    """
    words = []
    for word in phrase.lower().split():
        stem, star = (word[:-1], True) if word.endswith("*") else (word, False)
        words.append(re.escape(stem) + (r"[\w-]*" if star else ""))
    return re.compile(r"\b" + r"\s+".join(words) + r"\b", re.IGNORECASE)


def load_topic(path: Path | None = None) -> Topic:
    """Read a topic file; errors name the file so a cron mail says what to fix."""
    path = path or topic_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        terms = tuple(
            (term, phrase_pattern(term), float(weight)) for term, weight in data["terms"].items()
        )
        return Topic(
            name=str(data["name"]),
            title=str(data.get("title", data["name"])),
            search_terms=tuple(data.get("search_terms") or ()),
            terms=terms,
            exclusions=tuple(phrase_pattern(p) for p in data.get("exclusions") or ()),
            threshold=float(data["threshold"]),
            max_hits_per_term=int(data.get("max_hits_per_term", 5)),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, ValueError) as exc:
        raise TopicError(f"cannot read topic file {path}: {exc!r}") from exc


@lru_cache(maxsize=8)
def cached_topic(path: str) -> Topic:
    """One parse per process and file: pipelines and spiders share it."""
    return load_topic(Path(path))


def score(text: str, topic: Topic) -> Relevance:
    """Score text against a topic; each matched span counts once, for the first term listed."""
    for pattern in topic.exclusions:
        text = pattern.sub(" ", text)
    total = 0.0
    matched: dict[str, int] = {}
    for term, pattern, weight in topic.terms:
        hits = len(pattern.findall(text))
        if not hits:
            continue
        text = pattern.sub(" ", text)
        counted = min(hits, topic.max_hits_per_term)
        matched[term] = counted
        total += counted * weight
    return Relevance(score=total, matched=matched, relevant=total >= topic.threshold)
