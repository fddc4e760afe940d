"""Is a document about the topic? A weighted term score that a reader can check by hand.

The score is deliberately simple and explainable: every dropped item is logged with
its score and the terms it matched, so a researcher can see why it was left out and
tune `topics.yml` rather than the code.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from pipelines.casefold import ascii_folded
from pipelines.config import topic_path


class TopicError(ValueError):
    """The topic file is missing or malformed."""


@dataclass(frozen=True)
class Phrase:
    """A topic phrase compiled, with the words that any match of it must contain.

    Most texts hold none of a topic's words, so a substring test on the folded text
    spares almost every regex scan; `words` is empty, and the pattern always runs, for a
    phrase outside ASCII, whose case folding `ascii_folded` does not promise.
    """

    text: str
    pattern: re.Pattern[str]
    words: tuple[str, ...]

    def may_match(self, folded: str, seen: dict[str, bool]) -> bool:
        """`seen` remembers, for one text, which words it holds: phrases share words."""
        for word in self.words:
            if word not in seen:
                seen[word] = word in folded
            if not seen[word]:
                return False
        return True


@dataclass(frozen=True)
class Topic:
    name: str
    title: str
    search_terms: tuple[str, ...]
    terms: tuple[tuple[str, Phrase, float], ...]  # (term, phrase, weight), specific first
    exclusions: tuple[Phrase, ...]
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


def compile_phrase(phrase: str) -> Phrase:
    """The phrase's pattern and its literal words ("right* to provide": right, to, provide).

    A substituted span becomes one space, so scoring never makes a word that was not in
    the text: a word missing from the original text is missing from every later stage.
    """
    words = tuple(word.removesuffix("*") for word in phrase.lower().split())
    literal = phrase.isascii() and all(words)  # an empty stem could match an empty span
    return Phrase(phrase, phrase_pattern(phrase), words if literal else ())


def shared_words_first(phrases: list[Phrase]) -> list[Phrase]:
    """Each phrase testing first the words most phrases have ("mutual"): one substring
    search then rules out most of the topic for a text without it."""
    shared = Counter(word for phrase in phrases for word in set(phrase.words))
    return [replace(p, words=tuple(sorted(p.words, key=lambda w: -shared[w]))) for p in phrases]


def load_topic(path: Path | None = None) -> Topic:
    """Read a topic file; errors name the file so a cron mail says what to fix."""
    path = path or topic_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        weights = {term: float(weight) for term, weight in data["terms"].items()}
        exclusions = list(data.get("exclusions") or ())
        phrases = shared_words_first([compile_phrase(p) for p in [*weights, *exclusions]])
        return Topic(
            name=str(data["name"]),
            title=str(data.get("title", data["name"])),
            search_terms=tuple(data.get("search_terms") or ()),
            terms=tuple((p.text, p, weights[p.text]) for p in phrases[: len(weights)]),
            exclusions=tuple(phrases[len(weights) :]),
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
    folded, seen = ascii_folded(text), {}
    for phrase in topic.exclusions:
        if phrase.may_match(folded, seen):
            text = phrase.pattern.sub(" ", text)
    total = 0.0
    matched: dict[str, int] = {}
    for term, phrase, weight in topic.terms:
        if not phrase.may_match(folded, seen):
            continue
        text, hits = _take(phrase, text)
        if not hits:
            continue
        counted = min(hits, topic.max_hits_per_term)
        matched[term] = counted
        total += counted * weight
    return Relevance(score=total, matched=matched, relevant=total >= topic.threshold)


def _take(phrase: Phrase, text: str) -> tuple[str, int]:
    """The text with the phrase's matches blanked, and how many there were: one scan.

    A phrase without words (one that could match an empty span) is counted by findall
    first, as it always was, since empty matches are where sub and findall might differ.
    """
    if phrase.words:
        return phrase.pattern.subn(" ", text)
    hits = len(phrase.pattern.findall(text))
    return (phrase.pattern.sub(" ", text) if hits else text), hits
