"""Sentence splitting for Hansard and press text, where full stops are not always ends.

Parliamentary prose is full of abbreviations that a naive splitter breaks on: 'my hon.
Friend', 'Mr. Baranovsky', 'No. 10', 'Vol. 478, c. 1173', 'Oct. 2011', 'per cent.' and
'£10m.' inside a sentence. A stop ends a sentence only when it is followed by space and
something that can start one (a capital, a digit, an opening quote or bracket), and the
word before it is not a known abbreviation. Lines are hard boundaries (pages lose their
markup but keep their line breaks), except where a hard-wrapped line continues in
lower case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipelines.claims.scan import matches_at, occurrences
from pipelines.claims.wordlists import words

# Words that end in a stop but rarely end a sentence (compared case-insensitively).
ABBREVIATIONS = words(
    "hon rt mr mrs ms mx dr prof st sr jr messrs rev revd cllr sgt capt col gen lt maj cdr "
    "e.g i.e eg ie cf vs viz approx esp incl etc.al al fig figs ed eds jan feb mar apr jun "
    "jul aug sep sept oct nov dec no nos vol vols c cc col cols para paras art arts ch pt pp "
    "p s ss sch cl reg regs cm cmnd hc hl wa ws wh op ibid ltd.co co inc bros dept govt"
)
# Abbreviations that only hold before a number ('No. 10', 'c. 1173', 'Vol. 478').
BEFORE_NUMBER = words("no nos vol vols c col cols para paras art p pp s ss cl pt ch")

BULLET = "•·▪‣◦*-–—"
CLOSERS = "\"'”’»)]"
OPENERS = "\"'“‘([" + BULLET  # besides a capital or a digit, what may begin a sentence


@dataclass(frozen=True)
class Sentence:
    """A sentence's place in the input; `text` is exactly input[start:end]."""

    start: int
    end: int
    text: str
    bullet: bool = False  # the line began with a bullet marker
    heading: bool = False  # a short line without final punctuation in multi-line text
    line: int = 0  # index of the (joined) line it came from


@dataclass(frozen=True)
class _Patterns:
    boundary: re.Pattern[str]
    word_before: re.Pattern[str]
    line: re.Pattern[str]
    stops: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """Compiled once, on first use, so importing the module costs nothing."""
    return _Patterns(
        boundary=re.compile(r"(?<![.!?])(?:[.!?]++|…)[" + re.escape(CLOSERS) + r"]*+(?=\s+(\S))"),
        word_before=re.compile(r"([A-Za-z][A-Za-z.]*)\.*$"),
        line=re.compile(r"[^\n]+"),
        stops=re.compile("[.!?…]+"),
    )


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences with offsets; never raises, returns [] for blank text."""
    if not text or not text.strip():
        return []
    lines = _joined_lines(text)
    multiline = len(lines) > 1
    sentences: list[Sentence] = []
    for index, (start, end) in enumerate(lines):
        bullet, start = _strip_bullet(text, start, end)
        pieces = list(_split_line(text, start, end))
        for piece_start, piece_end in pieces:
            piece = text[piece_start:piece_end]
            heading = multiline and not bullet and len(pieces) == 1 and _looks_like_heading(piece)
            sentences.append(Sentence(piece_start, piece_end, piece, bullet, heading, index))
    return sentences


def _joined_lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end), a line continuing in lower case joined to its previous."""
    spans: list[tuple[int, int]] = []
    for match in _patterns().line.finditer(text):
        start, end = _trim(text, match.start(), match.end())
        if start >= end:
            continue
        if spans and _continues(text, spans[-1], start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _continues(text: str, previous: tuple[int, int], start: int) -> bool:
    """A hard-wrapped line: the previous has no final punctuation, this starts lower case."""
    gap = text[previous[1] : start]
    if "\n\n" in gap.replace("\r", "") or gap.count("\n") > 1:
        return False
    last = text[previous[1] - 1]
    return last not in ".!?:;" + CLOSERS and text[start].islower()


def _strip_bullet(text: str, start: int, end: int) -> tuple[bool, int]:
    """Drop a leading bullet marker so the sentence starts at its first word."""
    if text[start] in BULLET and start + 1 < end and text[start + 1].isspace():
        new_start, _ = _trim(text, start + 1, end)
        return True, new_start
    return False, start


def _split_line(text: str, start: int, end: int):
    """Yield sentence spans inside one line."""
    line = text[start:end]
    cursor = 0
    for match in _boundaries(line):
        if _is_sentence_end(line, match):
            piece = _trim(text, start + cursor, start + match.end())
            if piece[0] < piece[1]:
                yield piece
            cursor = match.end()
    piece = _trim(text, start + cursor, end)
    if piece[0] < piece[1]:
        yield piece


def _boundaries(line: str) -> list[re.Match[str]]:
    """`boundary.finditer(line)`, trying the pattern only at stops.

    Every boundary begins with a stop ('.', '!', '?', '…') that does not follow one of
    '.!?': the first of a run of stops, or one after '…'. A one-class pattern finds the
    runs at little cost, while the boundary pattern (led by a look-behind) tries every
    character; trying it at those places finds the same boundaries.
    """
    places = [run.start() for run in _patterns().stops.finditer(line)]
    if "…" in line:  # a stop after an ellipsis is not after a stop of [.!?]
        places = sorted({*places, *(at + 1 for at in occurrences(line, "…"))})
    return list(matches_at(_patterns().boundary, line, places))


def _is_sentence_end(line: str, match: re.Match[str]) -> bool:
    """Decide whether the stop at `match` ends a sentence (see module docstring)."""
    following = match.group(1)
    if not (following.isupper() or following.isdigit() or following in OPENERS):
        return False
    if line[match.start()] != ".":
        return True
    before = _patterns().word_before.search(line, max(0, match.start() - 12), match.start() + 1)
    if not before:
        return True
    word = before.group(1).lower().rstrip(".")
    if len(word) == 1 and before.group(1).isupper():
        return following.isdigit() or not following.isupper()  # an initial: 'J. Smith'
    if word in BEFORE_NUMBER:
        return not following.isdigit()
    return word not in ABBREVIATIONS


def _looks_like_heading(piece: str) -> bool:
    """Titles, bylines and navigation: short and without final punctuation."""
    stripped = piece.rstrip(CLOSERS + " ")
    return bool(stripped) and stripped[-1] not in ".!?:;" and len(piece.split()) <= 24


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
