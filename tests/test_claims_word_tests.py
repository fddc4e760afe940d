"""The word tests that spare most regex scans never rule out a sentence a pattern matches.

Claim extraction asks first whether a sentence holds the words a pattern cannot match
without (a digit or a number word, a subject and a modal, 'by' and a month...). If a
pattern's wording changes and its words are not updated, these tests fail before a claim
is silently lost.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.casefold import folded_words
from pipelines.claims import classify, quantities, timeframes
from pipelines.claims.evaluation import load_items
from pipelines.claims.sentences import split_sentences

FIXTURES = Path(__file__).parent / "fixtures" / "claims"

# Sentences written to sit at the edges of the word tests: case, 'ſ' and the dotted I that
# IGNORECASE folds, contractions, hyphenated numbers, and words glued to others.
EDGES = [
    "WE WILL legislate.",
    "We \u017fhall act on this.",
    "\u0130 will write to him.",
    "We'll publish it; we’ll fund it.",
    "The Government are to legislate, and Ministers are determined to act.",
    "My department has also committed to review it.",
    "He said that the Government would consider it carefully.",
    "Legislation will shortly be introduced.",
    "The Minister UNVEILED a new package and pledged to do more.",
    "Twenty-five people and TWENTY FIVE staff, \u017fix mutuals, half a million pounds.",
    "Costs rose tenfold, 3-fold and seven-fold; one in ten and four times more.",
    "US$ 5, £5m, €4bn, an extra a million? A MILLION workers.",
    "by next yearly review; by mid-next year; by March 2015; BY MARCH; by Jan. next year",
    "within two years, over the next three months, in two years' time, later this session",
    "before the next general election, by the end of this financial year",
    "In 2010 and in August this year, and LAST YEAR, as of 2013-14",
]


def sentences() -> list[str]:
    found = list(EDGES)
    for name in ("development.yaml", "evaluation.yaml"):
        for item in load_items(FIXTURES / name):
            found += [s.text for s in split_sentences(item["text"])]
    return found


@pytest.fixture(scope="module")
def every_sentence() -> list[str]:
    return sentences()


def test_a_sentence_with_a_figure_holds_a_digit_or_a_number_word(every_sentence) -> None:
    patterns = quantities._patterns()
    gated = [p for name, p in patterns.special if name in quantities.NEEDS_NUMBER]
    for sentence in every_sentence:
        text = quantities._mask_urls(sentence)
        if any(p.search(text) for p in [patterns.number, *gated]):
            assert quantities._may_hold_number(text), sentence


def test_a_commitment_pattern_never_matches_without_its_words(every_sentence) -> None:
    p = classify._patterns()
    patterns = (p.commit, p.reported, p.passive, p.announce, p.promise)
    for sentence in every_sentence:
        if any(pattern.search(sentence) for pattern in patterns):
            assert classify._may_commit(folded_words(sentence)), sentence


def test_a_deadline_pattern_never_matches_without_its_words(every_sentence) -> None:
    for sentence in every_sentence:
        words = folded_words(sentence)
        for name, pattern in timeframes._patterns().deadlines:
            if pattern.search(sentence):
                assert timeframes._may_match(name, words, sentence), (name, sentence)


def test_the_edge_sentences_still_give_their_figures_and_deadlines() -> None:
    assert [q.value for q in quantities.find_quantities(EDGES[9])] == [25, 25, 500_000]
    assert timeframes.find_deadline("We will do it BY MARCH.", None) is not None
    assert classify.commitment(EDGES[1]) is not None
