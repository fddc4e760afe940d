"""The shared HTML text helpers give what the slower code they replaced gave.

normalise_space() folds ASCII and printable text without splitting it (fold_ascii(),
fold_spaces()), string_value() stands in for lxml.html's text_content() on plain etree
trees, and class_names() stands in for the XPath class test: each is checked here against
the definition it shortcuts.
"""

from __future__ import annotations

import sys

import pytest
from lxml import etree
from lxml import html as lxml_html

from scraper.parsers.html_text import (
    class_names,
    descendants_within,
    fold_ascii,
    fold_spaces,
    html_fragment,
    inline_text,
    normalise_space,
    string_value,
)

# Every character str.split() splits on, but the space itself.
OTHER_SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() and c != 32]

TEXTS = [
    "",
    " ",
    "One two.",
    " One two.",
    "One two. ",
    "One  two.",
    "Barnardo’s — 12 per cent",
    "\n\t  ",
    "a\u200bb",  # a zero-width space is unprintable but not whitespace
    *(f"One{space}two" for space in OTHER_SPACES),
    *(f"{space}edge" for space in OTHER_SPACES),
    *(f"{'word ' * 30}{space}{space} end " for space in OTHER_SPACES),  # past _SEARCH_FROM
    "  runs   of    spaces     halved      until       none ",
    "Barnardo’s  —  12  per cent ",
    " " * 9,
    "a\x00b  c",  # a NUL is neither whitespace nor printable
]
ASCII_TEXTS = [t for t in TEXTS if t.isascii()] + [
    "Short name",
    "x" * 99 + "\t",
    "x" * 101 + "\n \r",
    "\x1c\x1d\x1e\x1f\x0b\x0c",
    "\x7f del  and\x01 control",
    " ".join(["figure"] * 40) + "  ",
]


@pytest.mark.parametrize("text", TEXTS)
def test_normalise_space_is_split_and_join(text: str) -> None:
    assert normalise_space(text) == " ".join(text.split())


@pytest.mark.parametrize("text", ASCII_TEXTS)
def test_fold_ascii_is_split_and_join(text: str) -> None:
    assert fold_ascii(text) == " ".join(text.split())


@pytest.mark.parametrize("text", [t for t in TEXTS if t.isprintable()])
def test_fold_spaces_is_split_and_join_for_printable_text(text: str) -> None:
    assert fold_spaces(text) == " ".join(text.split())


def test_no_whitespace_but_the_space_is_printable() -> None:
    """What fold_spaces() relies on: printable text holds no whitespace but spaces."""
    assert OTHER_SPACES
    assert not any(space.isprintable() for space in OTHER_SPACES)


def test_folded_text_is_returned_as_is_and_smart_strings_are_not() -> None:
    root = etree.fromstring("<p class='a b'>x</p>")
    smart = root.xpath("string(@class)")
    text = "One two."
    assert normalise_space(text) is text
    assert normalise_space(smart) == "a b"
    assert type(normalise_space(smart)) is str


SNIPPETS = [
    "<div><p>One <b>two</b> three</p><!-- no --><p>four<br>five</p></div>",
    "<div>lead <script>x()</script>tail<?pi x?></div>",
    "<div></div>",
    "<div><span>only</span></div>",
]


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_string_value_is_text_content(snippet: str) -> None:
    plain = etree.fromstring(snippet, etree.HTMLParser()).find(".//div")
    html = lxml_html.fragment_fromstring(snippet)
    elements = plain.iter(etree.Element), html.iter(etree.Element)
    assert [string_value(e) for e in elements[0]] == [e.text_content() for e in elements[1]]


FRAGMENTS = [
    "",
    "  lead text <p>One</p> tail <ul><li>two</li></ul>",
    "<p>One</p><!-- c --><p>Two</p>",
    "plain text only",
    "<html><body><p>a whole page</p></body></html>",
]


@pytest.mark.parametrize("html", FRAGMENTS)
def test_html_fragment_is_lxml_html_fragment_fromstring(html: str) -> None:
    expected = lxml_html.fragment_fromstring(html, create_parent="div")
    assert etree.tostring(html_fragment(html)) == etree.tostring(expected)


def test_inline_text_of_a_childless_element_is_its_text() -> None:
    root = etree.fromstring("<p>a<b>bold</b><i></i><br/>c</p>")
    assert [inline_text(child) for child in root] == ["bold", "", " "]
    assert inline_text(root) == "abold c"


CLASS_VALUES = [
    "contribution",
    "debate-item debate-item-contributiondebateitem",
    "  contribution  other ",
    "a\tcontribution\nb\rc",
    "contribution\xa0x",  # a no-break space does not separate classes
    "contributions",
    "",
]


@pytest.mark.parametrize("value", CLASS_VALUES)
def test_class_names_agree_with_the_xpath_class_test(value: str) -> None:
    element = etree.Element("div", {"class": value})
    for name in ("contribution", "debate-item", "other", "b", "c", "x"):
        test = f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
        assert (name in class_names(element.get("class"))) == element.xpath(test)


def test_descendants_within_is_the_xpath_node_set() -> None:
    root = etree.fromstring(
        "<r><div class='x'><li>1</li><div class='x'><li>2</li></div></div>"
        "<li>out</li><div class='x'><li>3</li></div></r>"
    )
    containers = root.xpath("//div[@class='x']")
    assert descendants_within(containers, "li") == root.xpath("//div[@class='x']//li")
    assert descendants_within(containers, "div") == root.xpath("//div[@class='x']//div")
