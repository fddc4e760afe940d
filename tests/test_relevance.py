"""Relevance promises: mutuals material is kept, look-alikes are dropped, the topic is a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.relevance import TopicError, load_topic, phrase_pattern, score


@pytest.fixture(scope="module")
def topic():
    return load_topic()


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("mutual*", "Mutualisation of services"),
        ("right* to provide", "new Rights  to\nProvide"),
        ("spin-out*", "public service spin-outs"),
    ],
)
def test_phrase_pattern_matches(phrase: str, text: str) -> None:
    assert phrase_pattern(phrase).search(text)


def test_phrase_pattern_respects_word_boundaries() -> None:
    assert not phrase_pattern("mutual*").search("immutable")


def test_every_seed_document_is_relevant(topic, seeds: Path) -> None:
    paths = sorted(seeds.glob("*.txt"))
    assert len(paths) == 5
    for path in paths:
        result = score(path.read_text(encoding="utf-8"), topic)
        assert result.relevant, (path.name, result)


@pytest.mark.parametrize(
    "text",
    [
        "The building society converted; its mutual fund and mutual insurer were sold.",
        "We treat each other with mutual respect and seek mutual recognition of qualifications.",
        "The two states signed a treaty of mutual legal assistance, mutually agreed.",
        "University spin-out companies and employee-owned firms grew.",
        "",
    ],
)
def test_look_alikes_are_not_relevant(topic, text: str) -> None:
    assert not score(text, topic).relevant


def test_score_explains_itself(topic) -> None:
    result = score("Public service mutuals and the Mutuals Support Programme.", topic)
    assert result.matched == {"public service mutual*": 1, "mutuals support programme": 1}
    assert result.score == 10


def test_a_phrase_is_not_counted_again_as_its_words(topic) -> None:
    result = score("Employee mutuals.", topic)
    assert result.matched == {"employee mutual*": 1}


def test_another_topic_is_another_file(tmp_path: Path) -> None:
    path = tmp_path / "housing.yml"
    path.write_text("name: housing\nthreshold: 2\nterms:\n  social housing: 2\n")
    other = load_topic(path)
    assert other.name == "housing"
    assert score("Social housing rents", other).relevant


@pytest.mark.parametrize("content", [None, "name: broken\nterms: [\n", "name: x\n"])
def test_a_bad_topic_file_names_itself(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "topic.yml"
    if content is not None:
        path.write_text(content)
    with pytest.raises(TopicError, match=r"topic\.yml"):
        load_topic(path)


def test_a_letter_the_regex_folds_is_still_found(topic) -> None:
    """'ſ' matches 's' case-insensitively: the word test that spares a scan must agree."""
    result = score("Public \u017fervice MUTUALS", topic)
    assert result.matched == {"public service mutual*": 1}


def test_a_phrase_outside_ascii_is_always_scanned(tmp_path: Path) -> None:
    path = tmp_path / "topic.yml"
    path.write_text("name: t\nthreshold: 1\nterms:\n  coopérative*: 1\n", encoding="utf-8")
    assert score("Les COOPÉRATIVES", load_topic(path)).matched == {"coopérative*": 1}
