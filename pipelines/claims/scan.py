"""A pattern's matches found by trying it only where a match can begin.

Python's regex engine tries a pattern at every character of the text unless the pattern
opens with a literal or a case-sensitive character class. The claim patterns open with
look-behinds, word boundaries and case-insensitive alternations, and most of their cost
was spent trying characters where nothing could begin. When something cheaper (a digit
run, a stop, a word of the folded text) says where a match may begin, trying the pattern
there alone finds the same matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def matches_at(
    pattern: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, provided no match begins outside `starts` (ascending).

    As finditer does, each try begins after the previous match; `pattern.match(text, i)`
    sees the text before `i`, so look-behinds and word boundaries read as in a scan. The
    pattern must not match the empty string (finditer steps past those; this does not).
    """
    end = 0
    for start in starts:
        if start >= end:
            match = pattern.match(text, start)
            if match:
                yield match
                end = match.end()


def occurrences(text: str, part: str) -> list[int]:
    """Where `part` begins in `text`, every time (overlapping ones too)."""
    found = []
    at = text.find(part)
    while at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found
