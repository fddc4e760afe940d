"""Lower-cased text that holds every ASCII word a case-insensitive regex can find in it.

A substring or word test costs far less than a regex scan, so relevance scoring and claim
extraction first ask whether a text holds a word that a pattern cannot match without,
and scan only when it does. Such a test must never say no where the regex would say yes,
and `str.lower` alone is not enough for that: Python's IGNORECASE also matches three
characters outside ASCII to ASCII letters that `str.lower` leaves alone or expands.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

# Found by trying every code point; tests/test_casefold.py checks that it stays so.
IGNORECASE_TO_ASCII = {"\u0130": "i", "\u0131": "i", "\u017f": "s"}  # İ ı ſ (K: lower())


@cache
def _letters() -> re.Pattern[str]:
    return re.compile("[a-z]+")


def letter_runs(text: str) -> list[str]:
    """The runs of a-z in `text`, in order."""
    return _letters().findall(text)


def folds_like_lower(text: str) -> bool:
    """Whether `ascii_folded(text)` is `text.lower()`: `text` holds none of the characters
    IGNORECASE matches to an ASCII letter otherwise than `str.lower` does (İ ı ſ)."""
    return text.isascii() or not any(map(text.__contains__, IGNORECASE_TO_ASCII))


@lru_cache(maxsize=64)
def ascii_folded(text: str) -> str:
    """`text` lower-cased, with each character IGNORECASE matches to an ASCII letter made
    that letter: every ASCII word such a regex finds in `text` is a substring of this.

    Cached because the readers of one sentence (figures, deadline, kind) each ask."""
    if not folds_like_lower(text):
        for char, letter in IGNORECASE_TO_ASCII.items():
            if char in text:
                text = text.replace(char, letter)
    return text.lower()


@lru_cache(maxsize=64)
def folded_words(text: str) -> frozenset[str]:
    """The runs of a-z in the folded text.

    A word an IGNORECASE pattern matches with a non-word character (or the text's end)
    on each side is one of them, since folding never turns a non-word character into a
    letter. Cached because the readers of one sentence (figures, deadline, kind) each ask.
    """
    return frozenset(letter_runs(ascii_folded(text)))
