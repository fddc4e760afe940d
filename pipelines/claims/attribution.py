"""Who a sentence credits, and whether it is quoted.

Three readings, cheapest first: 'according to X'; 'X said/says/found/expects ...' with X
at the head of the sentence ('Francis Maude, minister for the Cabinet Office, also speaking
at the launch, said ...' -> 'Francis Maude'); and a trailing '..., the ONS said.'. Within
one text, 'He said' and 'the taskforce' are resolved to the last person, or the earlier
named body ('Mutuals Taskforce'), the text attributed something to. 'I' and 'we' are the
speaker, who is passed in, so they give no attribution.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property

from pipelines.casefold import ascii_folded, folded_words, folds_like_lower, letter_runs
from pipelines.claims.wordlists import words

VERBS = words(
    "said says say told tells added adds announced announces claimed claims stated states "
    "insisted insists warned warns believes believed expects expected estimates estimated "
    "found finds reported reports recommends recommended recommend shows showed show suggests "
    "suggested argues argued promises promised pledged pledges revealed reveals explained "
    "confirmed confirms concluded concludes noted notes predicts predicted acknowledged "
    "unveiled"
)
PRONOUNS = words("he she they him her them")
SELF = words("i we it there this that which who you one")
ARTICLES = ("the ", "a ", "an ")
BODY_HEADS = words(
    "report survey study analysis figures research review taskforce task force office "
    "department ministry government committee commission council panel agency board "
    "statistics data association"
)
AUXILIARIES = words(
    "will would be is are was were been being have has had can could should may might must do "
    "does did not"
)
CONNECTIVES = words(
    "already however meanwhile yesterday today also but and so then now still yet thus indeed "
    "instead moreover furthermore"
)
TRAILING = "\"'”’.! \t\n\r\f\v"  # what the trailing pattern reads after its verb (and more)
BACKWARDS_STRETCH = 1000  # characters `_backwards` reads at a time, at least
QUOTE_PAIRS = (("“", "”"), ("«", "»"))


@dataclass(frozen=True)
class _Patterns:
    according: re.Pattern[str]
    verb: re.Pattern[str]
    trailing: re.Pattern[str]
    block: re.Pattern[str]
    by_agent: re.Pattern[str]


@cache
def _verb_words() -> frozenset[str]:
    return frozenset(VERBS)


@cache
def _patterns() -> _Patterns:
    verbs = "|".join(VERBS)
    return _Patterns(
        according=re.compile(r"\baccording to\s+([^,.;:!?()]{2,120})", re.IGNORECASE),
        verb=re.compile(rf"\b(?:{verbs})\b"),
        trailing=re.compile(
            r"[,.!?]?[\"'”’]*\s*,?\s+((?:he|she|they)|(?:the\s+)?[A-Z][\w.'’ -]{0,60}?)\s+"
            rf"(?:{verbs})(?:\s+\w+)?\s*[.!]?[\"'”’]*\s*$"
        ),
        block=re.compile(rf"^(.{{1,120}}?)\s+(?:{verbs})(?:\s+that)?\s*:\s*$"),
        by_agent=re.compile(
            r"^(?:an?|the)?\s*(?:new\s+)?(report|survey|study|analysis|review|research|figures)\b"
            r".*?\bby\s+(?:the\s+)?(.+)$",
            re.IGNORECASE,
        ),
    )


def raw_attribution(sentence: str) -> str | None:
    """The source a sentence names, as printed (cleaned), or None."""
    patterns = _patterns()
    lower = sentence.lower()
    if "according to" in lower:
        match = patterns.according.search(sentence)
        if match:
            return _clean(_by_agent(match.group(1)))
    if not _names_verb(sentence, lower):
        return None
    match = patterns.trailing.search(sentence) if _ends_with_verb(sentence) else None
    if match and _name_like(match.group(1)):
        return _clean(match.group(1))
    return _head_attribution(sentence)


def _ends_with_verb(sentence: str) -> bool:
    """What the trailing pattern needs ('..., the ONS said.'): one of VERBS as the last
    word, or the last but one, once the closing stops, quotes and spaces are dropped.

    The pattern is anchored at the end but searched from the start, trying each space
    with up to 60 characters of name: this test spares it most sentences.
    """
    words = sentence.rstrip().rstrip(TRAILING).rsplit(None, 2)[-2:]
    return not VERBS.isdisjoint(words)


def _names_verb(sentence: str, lower: str) -> bool:
    """Whether a run of a-z in the lower-cased sentence is one of VERBS, which the verb
    patterns need. Where no letter folds otherwise than `str.lower` does it (İ ı ſ), those
    runs are the sentence's `folded_words`, which its other readers share."""
    if folds_like_lower(sentence):
        return not _verb_words().isdisjoint(folded_words(sentence))
    return not _verb_words().isdisjoint(letter_runs(lower))


def block_source(sentence: str) -> str | None:
    """'Employee Ownership Association director Patrick Burns said:' introduces a quotation."""
    stripped = sentence.strip()
    match = _patterns().block.match(stripped) if stripped.endswith(":") else None
    if not match:
        return None
    return _subject(match.group(1)) or _clean(match.group(1))


def _head_attribution(sentence: str) -> str | None:
    """'X said ...' with X a short noun phrase at the head of the sentence."""
    for match in _patterns().verb.finditer(sentence):
        prefix = sentence[: match.start()]
        if len(prefix.split()) > 25:
            return None
        subject = _subject(prefix)
        if subject:
            return subject
    return None


def _subject(prefix: str) -> str | None:
    """The name in 'Francis Maude, minister ..., also speaking ..., ' or 'The taskforce '.

    The segment next to the verb is the subject; failing that, the first segment is, but
    only when everything between is apposition ('minister for the Cabinet Office').
    """
    segments = [s.strip() for s in re.split(r"[,;]|\s[–—-]\s", prefix) if s.strip()]
    if not segments:
        return None
    candidates = [segments[-1]]
    first = segments[0]
    short_name = len(first.split()) <= 5 and not any(ch.isdigit() for ch in first)
    if len(segments) > 1 and short_name and all(_appositive(s) for s in segments[1:]):
        candidates.append(first)
    for candidate in candidates:
        cleaned = _clean(candidate)
        if cleaned and _name_like(candidate) and len(candidate.split()) <= 8:
            return cleaned
    return None


def _appositive(segment: str) -> bool:
    """'minister for the Cabinet Office', 'also speaking at the launch', 'who chairs ...'."""
    tokens = segment.lower().split()
    return bool(tokens) and not (set(tokens) & AUXILIARIES)


def _name_like(phrase: str) -> bool:
    """A name or a definite description: 'Maude', 'The Mutuals Taskforce report', 'He'."""
    words = phrase.split()
    if not words or set(phrase.lower().split()) & AUXILIARIES:
        return False
    first = words[0].lower()
    if first.endswith("ing") or (
        len(words) == 1 and (first.endswith("ly") or first in CONNECTIVES)
    ):
        return False
    lower = phrase.lower()
    if lower in PRONOUNS or lower in SELF:
        return lower in PRONOUNS
    if words[0][0].isupper():
        return not lower.startswith(("if ", "when ", "while ", "as ", "but ", "and "))
    last = words[-1].rstrip("'’")
    return lower.startswith(ARTICLES) and (
        last.lower().rstrip("s") in BODY_HEADS or last[0].isupper()
    )


def _by_agent(phrase: str) -> str:
    """'a report published today by the Mutuals Taskforce' -> 'Mutuals Taskforce report'."""
    match = _patterns().by_agent.match(phrase.strip())
    if not match:
        return phrase
    return f"{match.group(2).strip()} {match.group(1).lower()}"


def _clean(phrase: str) -> str | None:
    phrase = " ".join(phrase.split()).strip(" ,.;:\"'“”‘’")
    lower = phrase.lower()
    for article in ARTICLES:
        if lower.startswith(article):
            phrase = phrase[len(article) :]
            break
    if not phrase or phrase.lower() in SELF:
        return None
    return phrase


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks; unmatched marks are ignored rather than run to the end."""
    return [span for run in _quote_runs(text) for span in run]


def _quote_runs(text: str) -> list[list[tuple[int, int]]]:
    """The spans of each kind of mark: each run in order, none overlapping another."""
    return [*(_paired(text, opener, closer) for opener, closer in QUOTE_PAIRS), _straight(text)]


def _paired(text: str, opener: str, closer: str) -> list[tuple[int, int]]:
    """Each closer with the nearest opener before it; a stray mark pairs with nothing."""
    if opener not in text:
        return []
    pattern = re.escape(opener) + "[^" + re.escape(opener + closer) + "]*" + re.escape(closer)
    return [m.span() for m in re.finditer(pattern, text)]


def _straight(text: str) -> list[tuple[int, int]]:
    """Straight double quotes paired within a line."""
    if '"' not in text:
        return []
    return [m.span() for m in re.finditer(r'"[^"\n]*"', text)]


def is_quoted(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """More than half of the sentence lies inside quotation marks."""
    if end <= start:
        return False
    inside = sum(max(0, min(end, b) - max(start, a)) for a, b in spans)
    return inside * 2 > end - start


@dataclass(frozen=True)
class Quotes:
    """A text's quotation spans, for `is_quoted` on each of its sentences.

    Kept as one ordered run per kind of mark, so that the spans a sentence overlaps are
    found by bisection: a long quoted document has thousands.
    """

    starts: tuple[list[int], ...]
    ends: tuple[list[int], ...]

    @classmethod
    def of(cls, text: str) -> Quotes:
        runs = _quote_runs(text)
        return cls(
            tuple([a for a, _ in run] for run in runs), tuple([b for _, b in run] for run in runs)
        )

    def cover(self, start: int, end: int) -> bool:
        """`is_quoted(start, end, quote_spans(text))`: the spans of a run from the first
        ending after `start` to the last beginning before `end` are those it overlaps."""
        if end <= start:
            return False
        inside = 0
        for starts, ends in zip(self.starts, self.ends, strict=True):
            for i in range(bisect_right(ends, start), bisect_left(starts, end)):
                inside += min(end, ends[i]) - max(start, starts[i])
        return inside * 2 > end - start


@dataclass
class Resolver:
    """Resolves 'He' and 'the taskforce' against what the same text attributed earlier."""

    text: str
    sources: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)

    def resolve(self, raw: str | None, position: int) -> str | None:
        if raw is None:
            return None
        lower = raw.lower()
        if lower in PRONOUNS:
            return self.people[-1] if self.people else None
        if not raw[0].isupper():
            raw = self._definite(lower, position) or raw
        self._remember(raw)
        return raw

    @staticmethod
    def recalls(raw: str) -> bool:
        """Whether resolving `raw` reads what was resolved before (as `resolve` does for a
        pronoun or a description in lower case); a name is only remembered."""
        return raw.lower() in PRONOUNS or not raw[0].isupper()

    def _definite(self, description: str, position: int) -> str | None:
        """'taskforce' -> an earlier source or capitalised name ending in that word."""
        head = description.split()[-1]
        for source in reversed(self.sources):
            if head in source.lower():
                return source

        # the name pattern ends with the word, case-insensitively: it is in the folded text
        def held(start: int, end: int) -> bool:
            return not head.isascii() or self.folded.find(head, start, end) >= 0

        if not held(0, position):
            return None
        pattern = re.compile(r"((?:[A-Z][\w'’-]*\s+){1,4})(?i:" + re.escape(head) + ")")
        for match in _backwards(pattern, self.text, position, "." not in head, held):
            if match.group(1).strip() not in ("The", "A", "An"):
                return _clean(match.group(0))
        return None

    @cached_property
    def folded(self) -> str:
        """The text folded as `ascii_folded`: a word a case-insensitive pattern finds is in it."""
        return ascii_folded(self.text)

    def _remember(self, name: str) -> None:
        self.sources.append(name)
        if name.split()[-1].lower() not in BODY_HEADS:
            self.people.append(name)


def _backwards(
    pattern: re.Pattern[str], text: str, end: int, stops: bool, held: Callable[[int, int], bool]
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, 0, end)`, last match first, read a stretch at a time.

    A name is looked for before the sentence that mentions it, and is usually close by:
    reading the whole text before each (as finditer does) cost more than the rest of the
    sentence's reading. `stops` says no match can hold a full stop, so none spans one,
    and a scan from just after a stop finds the matches the scan from the start finds
    there; a stretch where `held(start, end)` is False, which holds no match, is skipped.
    """
    if not stops:
        yield from reversed(list(pattern.finditer(text, 0, end)))
        return
    while end > 0:
        start = text.rfind(".", 0, max(0, end - BACKWARDS_STRETCH)) + 1
        if held(start, end):
            yield from reversed(list(pattern.finditer(text, start, end)))
        end = start


@dataclass
class Credits:
    """A text's credits ('X said'), resolved in order but read no earlier than needed.

    A sentence's credit matters at once only to a claim it makes, or inside a quotation
    block; for the other sentences, only as what the resolver remembers when a later
    'he' or 'the taskforce' is resolved. Reading every sentence's credit cost more than
    most of the rest of its reading, so those wait here, in order, and are read and
    resolved only when a resolution recalls the memory: the memory it finds is the one
    it would have found had every credit been resolved as its sentence came.
    """

    resolver: Resolver
    waiting: list[tuple[object, int]] = field(default_factory=list)  # (sentence or raw, start)

    def defer(self, sentence: str, start: int) -> None:
        """Leave the credit of the sentence at `start` to be read when it is needed."""
        self.waiting.append((sentence, start))

    def take_back(self, sentence: str, start: int) -> str | None:
        """The credit of the sentence deferred last, read and resolved now (its claim
        needs it)."""
        item, at = self.waiting.pop()
        assert item is sentence and at == start, "not the sentence deferred last"
        raw = raw_attribution(sentence)
        return self.resolve(raw, start)

    def resolve(self, raw: str | None, start: int) -> str | None:
        """`resolver.resolve(raw, start)`, after every credit waiting before it."""
        if raw is None:
            return None
        if not self.resolver.recalls(raw):
            self.waiting.append((_Read(raw), start))
            return raw  # what resolving a name returns; it is remembered in its turn
        self._settle()
        return self.resolver.resolve(raw, start)

    def _settle(self) -> None:
        for item, start in self.waiting:
            raw = item.raw if isinstance(item, _Read) else raw_attribution(item)
            self.resolver.resolve(raw, start)
        self.waiting.clear()


@dataclass(frozen=True)
class _Read:
    """A credit already read, waiting to be resolved in its turn."""

    raw: str
