"""Text out of HTML the way every source needs it: inline text joined, whitespace folded."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml import html as lxml_html

SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head"})

_STRING = etree.XPath("string()", smart_strings=False)

# XML whitespace, the only whitespace XPath's normalize-space() folds.
_XML_SPACE = str.maketrans("\t\n\r", "   ")


def normalise_space(text: str) -> str:
    """Collapse whitespace runs (non-breaking spaces included) to single spaces.

    What ``" ".join(text.split())`` gives, found without splitting where possible:
    splitting allocates a string per word, and most texts need no change or only
    their spaces trimmed. ASCII text (str.isascii() costs nothing) and printable text
    (which holds no whitespace but the space) are folded by C-speed searches and
    copies instead. The result is always a plain str: an lxml smart string is copied,
    so that a result never holds on to a tree.
    """
    if type(text) is not str:
        text = str(text)
    if text.isascii():
        return fold_ascii(text)
    if text.isprintable():
        return fold_spaces(text)
    return " ".join(text.split())


# Python's ASCII whitespace but the space: what str.split() splits ASCII text at.
_ASCII_SPACES = ("\n", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
# Text longer than this is searched for each of them rather than checked with isprintable().
_SEARCH_FROM = 100


def fold_ascii(text: str) -> str:
    """normalise_space() for ASCII text: each whitespace character a space, then fold_spaces().

    For a paragraph, nine searches for a character at C speed cost less than asking
    the Unicode database about every character (str.isprintable()) or splitting into
    words; a short text (a name, a table cell) is asked about at once. The caller must
    know the text is ASCII.
    """
    if len(text) > _SEARCH_FROM or not text.isprintable():
        for space in _ASCII_SPACES:
            if space in text:
                text = text.replace(space, " ")
    return fold_spaces(text)


def fold_spaces(text: str) -> str:
    """normalise_space() for text whose only whitespace is the space (printable text).

    The ends are stripped and runs of spaces halved until none is left; text that
    needs neither is returned as it is.
    """
    if text.startswith(" ") or text.endswith(" "):
        text = text.strip(" ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def string_value(element: Any) -> str:
    """XPath's string() of an element: what lxml.html's text_content() gives, for any element.

    Pages are parsed with a plain etree.HTMLParser, which has no text_content(), because
    lxml.html calls a Python class lookup for every element handed to Python, and that
    made walking a page slower than parsing it. An element without children (a name, a
    short paragraph) is just its text, which is cheaper to read than to evaluate XPath.
    """
    return _STRING(element) if len(element) else element.text or ""


_FRAGMENT_PARSER = etree.HTMLParser(collect_ids=False)  # nothing looks elements up by id


def html_fragment(html: str) -> Any:
    """What ``lxml.html.fragment_fromstring(html, create_parent="div")`` gives.

    Built from a plain etree parser's elements, not lxml.html's, for the reason given
    at string_value(); lxml.html.fragments_fromstring() does the parsing and checks.
    Raises what it raises (ValueError, etree.ParserError) for what it cannot parse.
    """
    elements = lxml_html.fragments_fromstring(html, parser=_FRAGMENT_PARSER)
    root = etree.Element("div")
    if elements and isinstance(elements[0], str):
        root.text = elements.pop(0)
    root.extend(elements)
    return root


def inline_text(element: Any) -> str:
    """Text of an inline element and its children; <br> counts as a space."""
    if element.tag == "br":
        return " "
    if not len(element):  # most inline elements and cells: the text alone
        return element.text or ""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in SKIPPED_TAGS:
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


@lru_cache(maxsize=1024)
def class_names(value: str | None) -> frozenset[str]:
    """The class names in a class attribute, as the XPath test for ``div.x`` sees them.

    ``contains(concat(' ', normalize-space(@class), ' '), ' x ')`` splits on XML
    whitespace only, so "a\\tb" is two classes but "a\\xa0b" is one; testing names in
    Python keeps that rule, while sparing a whole-tree XPath search per class name.
    Cached: a page repeats a few dozen class attributes over thousands of elements.
    """
    return frozenset((value or "").translate(_XML_SPACE).split(" "))


def descendants_within(containers: Iterable[Any], tag: str) -> list[Any]:
    """Elements named `tag` inside any of `containers`, once each, in document order.

    What ``//div[...]//tag`` gives: a container nested in another adds nothing twice,
    and containers come in document order, so first appearance is document order.
    """
    found = (e for container in containers for e in container.iter(tag) if e is not container)
    return list(dict.fromkeys(found))
