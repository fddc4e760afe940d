"""Case folding promises: a word test on folded text never rules out what a regex finds."""

from __future__ import annotations

import re
import string

import pytest

from pipelines.casefold import IGNORECASE_TO_ASCII, ascii_folded, folded_words


def every_character():
    return (chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)


def test_each_character_ignorecase_matches_to_a_letter_folds_to_that_letter() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    for char in every_character():
        if letter.fullmatch(char):
            folded = ascii_folded(char)
            assert folded in string.ascii_lowercase, (hex(ord(char)), folded)
            assert re.fullmatch(folded, char, re.IGNORECASE), hex(ord(char))


def test_no_other_character_folds_to_a_letter() -> None:
    """So a word between non-word characters stays a word of its own in the folded text."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    for char in every_character():
        if not letter.fullmatch(char):
            assert not re.search("[a-z]", ascii_folded(char)), hex(ord(char))


def test_the_exceptions_are_the_ones_the_regex_engine_makes() -> None:
    for char, folded in IGNORECASE_TO_ASCII.items():
        assert char.lower() != folded
        assert re.fullmatch(folded, char, re.IGNORECASE)


@pytest.mark.parametrize(
    ("text", "word"),
    [("We \u017fhall", "shall"), ("MILLION", "million"), ("\u212aEEP", "keep"), ("\u0130S", "is")],
)
def test_folded_words_hold_what_a_case_insensitive_pattern_matches(text: str, word: str) -> None:
    assert re.search(rf"\b{word}\b", text, re.IGNORECASE)
    assert word in folded_words(text)


def test_folded_words_are_runs_of_letters() -> None:
    assert folded_words("£10m, 'we'll' twenty-five") == {"m", "we", "ll", "twenty", "five"}
