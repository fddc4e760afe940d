"""Where things are on a hansard.parliament.uk debate page, found in one walk of its tree.

The page parser (hansard.parse_debate_page) once asked XPath for each thing it reads:
``//div[contains(concat(' ', normalize-space(@class), ' '), ' hero-banner ')]//h1``
for the title, the same kind of search for the main column, the breadcrumb and the
neighbours, and five more from every contribution for its speaker and words. Each
search walked the whole page (6,000 elements, most of them share buttons), so reading
a page took four times as long as parsing it. Here one walk in document order notes
every element any of those searches would have found, testing class names as the
XPath did (class_names), and the parser reads its answers from the PageMap. Pure:
a parsed tree in, positions out.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from scraper.parsers.html_text import class_names, descendants_within, string_value

# Divs the page is read from, by class: main column, title banner, breadcrumb, neighbours.
_LANDMARK_CLASSES = frozenset({"primary-content", "hero-banner", "breadcrumb", "actions-right"})
# Items read in order: contributions and everything else Hansard prints between them.
_ITEM_CLASSES = frozenset({"contribution", "debate-item-otherdebateitem"})
# What a contribution is read from (with a.attributed-to-details and p[@class]).
_PART_CLASSES = frozenset({"primary-text", "secondary-text", "content"})
_UNKNOWN: Any = object()  # section_heading(): no answer kept for this ancestor yet


@dataclass
class PageMap:
    """What a debate page is read from, each as the XPath search it replaces found it."""

    divs: dict[str, list[Any]] = field(default_factory=dict)  # by _LANDMARK_CLASSES name
    og_url: str | None = None  # content of the first meta og:url that has one
    text_link: str = ""  # href of the first "Download text" link (/debates/GetDebateAsText/)
    body_class: str | None = None  # the first class attribute of a body
    # div.contribution, div.debate-item-otherdebateitem and span.column-number[@data-
    # column-number], anywhere, in document order; each with how many `parts` precede it.
    items: list[tuple[Any, int]] = field(default_factory=list)
    after_main: int = 0  # how many of `items` come before main, or are main itself
    # div.primary-text, div.secondary-text, div.content, a.attributed-to-details[@href]
    # and p[@class], anywhere, in document order; each as (element, tag, what is read
    # from it: the part classes of a div, the href of an a, the class of a p), noted
    # during the walk so that contribution_parts asks lxml for nothing again.
    parts: list[tuple[Any, str, Any]] = field(default_factory=list)

    @property
    def main(self) -> Any | None:
        """The first div.primary-content: the column the contributions are read from."""
        return next(iter(self.divs.get("primary-content", [])), None)

    def inside(self, name: str, tag: str) -> list[Any]:
        """Elements `tag` inside the divs of class `name` (``//div[name]//tag``)."""
        return descendants_within(self.divs.get(name, []), tag)


def map_page(root: Any) -> PageMap:
    """Walk the page once, noting everything the parser reads, in document order."""
    page = PageMap()
    parts, items, divs = page.parts, page.items, page.divs
    for element in root.iter("div", "span", "a", "p", "meta", "body"):
        tag = element.tag
        if tag == "div":
            roles = _div_roles(element.get("class"))
            if roles is None:  # most divs: layout
                continue
            part_classes, is_item, landmarks = roles
            if part_classes:
                parts.append((element, tag, part_classes))
            if is_item:  # its parts are those that follow it
                items.append((element, len(parts)))
            for name in landmarks:
                if name == "primary-content" and name not in divs:
                    page.after_main = len(items)  # main is the first of them
                divs.setdefault(name, []).append(element)
        elif tag == "span":
            marker = element.get("data-column-number") is not None
            if marker and "column-number" in class_names(element.get("class")):
                items.append((element, len(parts)))
        elif tag == "a":
            is_part = "attributed-to-details" in class_names(element.get("class"))
            if not is_part and page.text_link:  # most links: share buttons
                continue
            href = element.get("href")
            if href is not None and not page.text_link and "/debates/GetDebateAsText/" in href:
                page.text_link = href
            if href is not None and is_part:
                parts.append((element, tag, href))
        elif tag == "p":
            paragraph_class = element.get("class")
            if paragraph_class is not None:
                parts.append((element, tag, paragraph_class))
        elif tag == "meta":
            if page.og_url is None and element.get("property") == "og:url":
                page.og_url = element.get("content")  # stays None without one
        elif page.body_class is None:
            page.body_class = element.get("class")
    return page


@lru_cache(maxsize=1024)  # a page repeats a few dozen class attributes on 3,000 divs
def _div_roles(class_value: str | None) -> tuple[frozenset[str], bool, frozenset[str]] | None:
    """What a div with this class attribute is: the contribution part it is (its classes
    among _PART_CLASSES), whether it is an item, the landmarks it is; None when it is
    none of them."""
    classes = class_names(class_value)
    roles = (
        classes & _PART_CLASSES,
        bool(classes & _ITEM_CLASSES),
        classes & _LANDMARK_CLASSES,
    )
    return roles if any(roles) else None


def items_in_main(page: PageMap) -> list[tuple[Any, int]]:
    """The items inside main (``.//`` from it), in document order.

    Main's descendants are one run of the document, so the items inside it are one run
    of `items`, starting right after main: bisect finds where the run ends with a few
    ancestor checks instead of one per item.
    """
    main, start = page.main, page.after_main
    end = bisect.bisect_left(
        page.items, True, lo=start, key=lambda item: not is_inside(item[0], main)
    )
    return page.items[start:end]


def is_inside(element: Any, ancestor: Any) -> bool:
    """Whether `ancestor` is a proper ancestor of `element`."""
    parent = element.getparent()  # a plain loop: 4x faster than any() over iterancestors()
    while parent is not None and parent is not ancestor:
        parent = parent.getparent()
    return parent is not None


def follows(element: Any, node: Any) -> bool:
    """Whether `element` certainly lies after the whole of `node` in document order.

    It does when it is, or is inside, the next sibling of `node` or of the nearest
    ancestor of `node` that has one: that sibling starts where the subtree ends. False
    means "not shown", not "inside": the caller then asks part by part.
    """
    anchor = node
    while (after := anchor.getnext()) is None:
        anchor = anchor.getparent()
        if anchor is None:
            return False
    return element is after or is_inside(element, after)


def first_text(elements: list[Any]) -> str:
    """XPath's string() of a node set: the text of its first element, else ""."""
    return string_value(elements[0]) if elements else ""


@dataclass
class ContributionParts:
    """The parts of a div.contribution: the first of each kind inside it."""

    speaker_link: str | None = None  # href of the first a.attributed-to-details
    primary: Any = None  # div.primary-text: the name as printed
    secondary: Any = None  # div.secondary-text: constituency and party
    content: Any = None  # div.content: the words
    paragraph_classes: list[str] = field(default_factory=list)  # of every p inside


def contribution_parts(
    page: PageMap, node: Any, start: int, following: tuple[Any, int] | None = None
) -> ContributionParts:
    """The parts of contribution `node`, which follow it in `page.parts` from `start`.

    A subtree is one run of the document, so the parts inside the node are the run that
    follows it: reading stops at the first one outside. `following`, the next item in
    `page.items` (element, where its parts begin), saves asking each part whether it is
    inside, a climb up the tree for each (see _parts_inside).
    """
    found = ContributionParts()
    for element, tag, value in _parts_inside(page.parts, node, start, following):
        if tag == "p":
            found.paragraph_classes.append(value)
        elif tag == "a":
            if found.speaker_link is None:
                found.speaker_link = value
        else:
            if found.primary is None and "primary-text" in value:
                found.primary = element
            if found.secondary is None and "secondary-text" in value:
                found.secondary = element
            if found.content is None and "content" in value:
                found.content = element
    return found


def _parts_inside(
    parts: list[tuple[Any, str, Any]], node: Any, start: int, following: tuple[Any, int] | None
) -> list[tuple[Any, str, Any]]:
    """The run of `parts` from `start` that lies inside `node` (see contribution_parts).

    The run is a prefix, so when the last part before the next item's is inside `node`,
    so are all from `start` to it; and when the next item lies after `node` altogether,
    no later part is inside either. Otherwise each part is asked in turn.
    """
    inside: list[tuple[Any, str, Any]] = []
    if following is not None:
        element, stop = following
        if start < stop <= len(parts) and is_inside(parts[stop - 1][0], node):
            if follows(element, node):
                return parts[start:stop]
            inside, start = parts[start:stop], stop
    for part in itertools.islice(parts, start, None):
        if not is_inside(part[0], node):
            break
        inside.append(part)
    return inside


def section_heading(node: Any, known: dict[Any, str]) -> str:
    """The h2 of the nearest enclosing div.child-debate, or "".

    `known` keeps the answer for every ancestor climbed through: the contributions of a
    section share their ancestors, so each is climbed once per page.
    """
    climbed, found = [], ""
    ancestor = node.getparent()
    while ancestor is not None:
        found = known.get(ancestor, _UNKNOWN)
        if found is not _UNKNOWN:
            break
        climbed.append(ancestor)
        if ancestor.tag == "div" and "child-debate" in class_names(ancestor.get("class")):
            heading = ancestor.find("h2")
            found = string_value(heading) if heading is not None else ""
            break
        ancestor = ancestor.getparent()
    else:
        found = ""
    for ancestor in climbed:
        known[ancestor] = found
    return found
