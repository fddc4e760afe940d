"""Sentence splitting survives Hansard's abbreviations and keeps offsets into the input."""

from __future__ import annotations

import pytest

from pipelines.claims import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Will my right hon. Friend clarify whether he sees these policies applying?",
        "Mr. Baranovsky's death in 2006 was investigated by the Ombudsman.",
        "Mr. Hurd said the £10m. fund was fully committed.",
        "The programme, launched in Oct. 2011, has helped 80 groups.",
        "He was speaking at No. 10 today.",
        "—[Official Report, 7 July 2008; Vol. 478, c. 1173.]",
        "Advice came from e.g. Co-operatives UK and St. Helens council.",
        "Some 99.4 per cent. of the world's oceans are vulnerable.",
        "J. Smith chairs the board.",
    ],
)
def test_abbreviations_do_not_end_sentences(text: str) -> None:
    assert texts(text) == [text]


def test_sentences_end_at_stops_followed_by_a_capital_digit_or_quote() -> None:
    text = (
        "The first wave was launched in August. 12 pathfinders followed. "
        '"We want to say to people," he said. Is that right? Yes!'
    )
    assert texts(text) == [
        "The first wave was launched in August.",
        "12 pathfinders followed.",
        '"We want to say to people," he said.',
        "Is that right?",
        "Yes!",
    ]


def test_a_stop_after_an_amount_ends_a_sentence_before_a_capital() -> None:
    assert texts("The fund holds £10m. The rest is spent.") == [
        "The fund holds £10m.",
        "The rest is spent.",
    ]


def test_no_dot_before_a_word_is_a_sentence_end() -> None:
    assert texts("The answer is No. The question is another.") == [
        "The answer is No.",
        "The question is another.",
    ]


def test_offsets_point_into_the_input() -> None:
    text = "  First sentence here.\n\n• £10m to help mutuals\nSecond one.  "
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_lines_are_boundaries_and_bullets_are_marked() -> None:
    text = "Including:\n  • over £10million to help mutuals\n  • a new information line"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Including:",
        "over £10million to help mutuals",
        "a new information line",
    ]
    assert [s.bullet for s in sentences] == [False, True, True]


def test_short_lines_without_final_punctuation_are_headings() -> None:
    text = "Employee Mutuals\n\nWe will make it as easy as possible."
    sentences = split_sentences(text)
    assert [(s.text, s.heading) for s in sentences] == [
        ("Employee Mutuals", True),
        ("We will make it as easy as possible.", False),
    ]


def test_hard_wrapped_lines_are_joined() -> None:
    text = "The taskforce found that there were 58 public\nservice mutuals in England."
    assert texts(text) == [text]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []
