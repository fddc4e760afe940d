"""The one walk of a debate page finds what the XPath searches it replaced found.

hansard_page.map_page() stands in for a dozen XPath searches per page and five per
contribution; on every recorded page, each answer is compared with its XPath.
"""

from __future__ import annotations

import csv
from typing import Any

import pytest
from lxml import etree

from pipelines.config import corpus_dir
from scraper.parsers.hansard_page import (
    contribution_parts,
    first_text,
    follows,
    items_in_main,
    map_page,
    section_heading,
)


def has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def pages() -> list[str]:
    manifest = corpus_dir() / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8", newline="") as handle:
        return [
            row["file"]
            for row in csv.DictReader(handle, delimiter="\t")
            if row["kind"] == "hansard-html"
        ]


def as_list(element: Any | None) -> list[Any]:
    return [] if element is None else [element]


def load(relative: str) -> Any:
    parser = etree.HTMLParser(encoding="utf-8")
    return etree.fromstring((corpus_dir() / relative).read_bytes(), parser)


@pytest.mark.parametrize("relative", pages())
def test_page_landmarks_are_the_xpath_answers(relative: str) -> None:
    root = load(relative)
    page = map_page(root)
    assert page.main is root.xpath(f"//div[{has_class('primary-content')}]")[0]
    hero = f"//div[{has_class('hero-banner')}]"
    assert first_text(page.inside("hero-banner", "h1")) == root.xpath(f"string({hero}//h1)")
    assert first_text(page.inside("hero-banner", "h2")) == root.xpath(f"string({hero}//h2)")
    assert page.og_url == root.xpath("string(//meta[@property='og:url']/@content)")
    link = "//a[contains(@href, '/debates/GetDebateAsText/')][1]/@href"
    assert page.text_link == root.xpath(f"string({link})")
    assert page.body_class == root.xpath("string(//body/@class)")
    assert page.inside("breadcrumb", "li") == root.xpath(f"//div[{has_class('breadcrumb')}]//li")
    neighbours = root.xpath(f"//div[{has_class('actions-right')}]//a")
    assert page.inside("actions-right", "a") == neighbours


@pytest.mark.parametrize("relative", pages())
def test_items_and_contribution_parts_are_the_xpath_answers(relative: str) -> None:
    root = load(relative)
    page = map_page(root)
    items = items_in_main(page)
    events = (
        f".//div[{has_class('contribution')}] | .//div[{has_class('debate-item-otherdebateitem')}]"
        f" | .//span[{has_class('column-number')}][@data-column-number]"
    )
    assert [node for node, _ in items] == page.main.xpath(events)
    sections: dict[Any, str] = {}
    for node, start in items:
        if "contribution" not in node.get("class", "").split():
            continue
        parts = contribution_parts(page, node, start)
        link = f".//a[{has_class('attributed-to-details')}]/@href"
        assert (parts.speaker_link or "") == node.xpath(f"string({link})")
        for found, name in (
            (parts.primary, "primary-text"),
            (parts.secondary, "secondary-text"),
            (parts.content, "content"),
        ):
            assert as_list(found) == node.xpath(f"(.//div[{has_class(name)}])[1]")
        assert parts.paragraph_classes == node.xpath(".//p/@class")
        section = f"string(ancestor::div[{has_class('child-debate')}][1]/h2)"
        assert section_heading(node, sections) == node.xpath(section)


@pytest.mark.parametrize("relative", pages())
def test_the_next_item_shortcut_finds_the_same_parts(relative: str) -> None:
    """contribution_parts() told where the next item's parts begin asks fewer parts whether
    they are inside, and finds what asking every part finds."""
    page = map_page(load(relative))
    items = items_in_main(page)
    for number, (node, start) in enumerate(items, 1):
        following = items[number] if number < len(items) else None
        assert contribution_parts(page, node, start, following) == contribution_parts(
            page, node, start
        )


def test_follows_means_after_the_whole_subtree() -> None:
    root = etree.fromstring("<r><w><c><x/><y/></c></w><w2><c2/></w2><!-- note --><z/></r>")
    c, x, y, w2, c2, z = (root.find(f".//{name}") for name in ("c", "x", "y", "w2", "c2", "z"))
    assert follows(w2, c) and follows(c2, c) and not follows(x, c) and not follows(y, c)
    # w2's next sibling is the comment; z lies after it, not inside it: not shown, so False
    assert not follows(z, w2)
    assert not follows(c, c2)


def test_follows_is_false_when_nothing_comes_after() -> None:
    root = etree.fromstring("<r><a/><b><c/></b></r>")
    assert not follows(root.find("a"), root.find("b/c"))
