"""Quotation paragraphs belong to the person their introduction names."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines.quotes import quoted_speakers
from scraper.parsers.govuk import html_to_blocks

RELEASE = (
    "reconstructed/govuk/content-api/news_article/big-society-plans-for-better-public-services.json"
)


def test_the_rights_to_provide_release_quotes_maude_then_burns(corpus: Path) -> None:
    body = json.loads((corpus / RELEASE).read_text())["details"]["body"]
    blocks = html_to_blocks(body)
    pairs = zip(blocks, quoted_speakers(blocks), strict=True)
    speakers = [s for (kind, _), s in pairs if kind == "quote"]
    assert speakers == ["Mr Maude", "Mr Maude", "Patrick Burns"]


def test_a_named_introduction_with_an_office_in_commas() -> None:
    paragraphs = [
        ("paragraph", "Francis Maude, Minister for the Cabinet Office, said:"),
        ("quote", "Mutuals will thrive."),
    ]
    assert quoted_speakers(paragraphs) == [None, "Francis Maude"]


def test_she_follows_the_last_person_named() -> None:
    paragraphs = [
        ("paragraph", "Dr Jane Smith said that the results were clear."),
        ("paragraph", "She added:"),
        ("quote", "We saw productivity rise."),
    ]
    assert quoted_speakers(paragraphs) == [None, None, "Dr Jane Smith"]


def test_a_quote_with_no_introduction_has_no_speaker() -> None:
    assert quoted_speakers([("quote", "Words."), ("paragraph", "The Government said so.")]) == [
        None,
        None,
    ]


def test_article_paragraphs_follow_surnames_pronouns_and_roles() -> None:
    from pipelines.quotes import paragraph_speakers

    texts = [
        "Francis Maude, minister for the Cabinet Office, said mutuals were efficient.",
        "The report was published today.",
        "Maude said the taskforce had done well.",
        '"We will support you," he said.',
        "Julian Le Grand said that managers resisted.",
        "The minister added that staff would be encouraged.",
        "According to the Cabinet Office, 58 mutuals exist.",
    ]
    assert paragraph_speakers(texts) == [
        "Francis Maude",
        None,
        "Francis Maude",
        "Francis Maude",
        "Julian Le Grand",
        "Francis Maude",
        "Cabinet Office",
    ]
