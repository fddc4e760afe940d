"""The dated listing gives the newest version of each day, and ignores everything else."""

from __future__ import annotations

from scraper.parsers.twfy_listing import ListedFile, parse_listing

# Hand-made in the shape of an Apache index page (no listing was recorded).
LISTING = b"""<html><body><h1>Index of /pwdata/scrapedxml/debates</h1><pre>
<a href="?C=N;O=D">Name</a> <a href="/pwdata/scrapedxml/">Parent Directory</a>
<a href="debates2011-12-13a.xml">debates2011-12-13a.xml</a> 13-Dec-2011 23:10  412K
<a href="debates2011-12-14a.xml">debates2011-12-14a.xml</a> 14-Dec-2011 22:01  380K
<a href="debates2011-12-14b.xml">debates2011-12-14b.xml</a> 15-Dec-2011 08:30  381K
<a href="notes.txt">notes.txt</a>
</pre></body></html>"""


def test_newest_version_of_each_day() -> None:
    assert parse_listing(LISTING) == [
        ListedFile("debates2011-12-13a.xml", "2011-12-13", "a"),
        ListedFile("debates2011-12-14b.xml", "2011-12-14", "b"),
    ]


def test_an_empty_or_foreign_page_lists_nothing() -> None:
    assert parse_listing(b"") == []
    assert parse_listing("<html><a href='/about'>About</a></html>") == []
