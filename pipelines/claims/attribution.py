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
from dataclasses import dataclass, field
from functools import cache

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
    if not _verb_words().intersection(re.findall(r"[a-z]+", lower)):
        return None
    match = patterns.trailing.search(sentence)
    if match and _name_like(match.group(1)):
        return _clean(match.group(1))
    return _head_attribution(sentence)


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
    spans: list[tuple[int, int]] = []
    for opener, closer in QUOTE_PAIRS:
        spans += _paired(text, opener, closer)
    spans += _straight(text)
    return spans


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

    def _definite(self, description: str, position: int) -> str | None:
        """'taskforce' -> an earlier source or capitalised name ending in that word."""
        head = description.split()[-1]
        for source in reversed(self.sources):
            if head in source.lower():
                return source
        pattern = re.compile(r"((?:[A-Z][\w'’-]*\s+){1,4})(?i:" + re.escape(head) + ")")
        for match in reversed(list(pattern.finditer(self.text, 0, position))):
            if match.group(1).strip() not in ("The", "A", "An"):
                return _clean(match.group(0))
        return None

    def _remember(self, name: str) -> None:
        self.sources.append(name)
        if name.split()[-1].lower() not in BODY_HEADS:
            self.people.append(name)
