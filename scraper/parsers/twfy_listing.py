"""The dated file listing of TheyWorkForYou's data (`/pwdata/scrapedxml/<folder>/`).

With no API key, the twfy spider discovers day files by date from these listings:
one request per folder instead of one guess per day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsel import Selector

_DAY_FILE = re.compile(r"^([a-z]+?)(\d{4}-\d{2}-\d{2})([a-z])\.xml$")


@dataclass(frozen=True)
class ListedFile:
    name: str  # e.g. "debates2011-12-14a.xml"
    date: str
    version: str


def parse_listing(body: bytes | str) -> list[ListedFile]:
    """Day files named in an index page, newest version of each day only.

    Expects an Apache-style index, e.g. ``<a href="debates2011-12-14a.xml">`` and
    ``<a href="debates2011-12-14b.xml">`` → one entry, version "b".
    """
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    newest: dict[str, ListedFile] = {}
    for href in Selector(text=text).css("a::attr(href)").getall():
        match = _DAY_FILE.match(href.rsplit("/", 1)[-1])
        if not match:
            continue
        listed = ListedFile(match.group(0), match.group(2), match.group(3))
        if listed.date not in newest or listed.version > newest[listed.date].version:
            newest[listed.date] = listed
    return sorted(newest.values(), key=lambda f: f.date)
