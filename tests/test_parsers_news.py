"""What the news parsers promise, checked against the recorded corpus.

Every news-article-html row of MANIFEST.tsv (real captures and the two mutuals
reconstructions) is parsed with exact expectations per page; every Guardian content
API file is parsed too. Variants and bad input are built in code from corpus files,
so no corpus bytes are copied into the repository.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import pytest

from benchmarks.parsers import guardian_body
from pipelines.config import corpus_dir
from scraper.items import Document
from scraper.parsers import ParseError
from scraper.parsers.html_text import normalise_space
from scraper.parsers.news import (
    Outlet,
    _guardian_body,
    clean_title,
    decode_html,
    london_day,
    news_id,
    normalise_url,
    parse_article,
    parse_guardian_item,
    parse_guardian_search,
    xml_blocks,
)
from scraper.sources import load_sources
from scraper.sources import outlet_for as source_for

FETCHED_AT = "2025-01-01T12:00:00Z"
THIRD_SECTOR = "reconstructed/news/html/thirdsector.co.uk-2012-06-25-mutuals-taskforce.html"
PUBLIC_FINANCE = (
    "reconstructed/news/html/publicfinance.co.uk-2013-02-08-when-the-feelings-mutual.html"
)
POLITICS = "news/html/politics.co.uk-2023-11-03-starmer.html"
TELEGRAPH = "news/html/telegraph.co.uk-2012-plumber.html"
WHALES = "news/html/theguardian.com-2019-01-03-whale-strandings.html"
ACADEMICS = "news/html/theguardian.com-2020-01-20-academics.html"
QUINOA = "news/guardian-api/item-commentisfree-2013-01-16.json"
OXFORD = "news/guardian-api/item-travel-2010-08-27.json"
LIVEBLOG = "news/guardian-api/item-with-blocks.json"
SEARCH = "news/guardian-api/search-2012-02-22.json"
TAG = "news/guardian-api/tag-world-iraq-2012.json"


def manifest_rows(kind: str) -> dict[str, dict[str, str]]:
    """MANIFEST.tsv rows of one kind, by file, in manifest order."""
    manifest = corpus_dir() / "MANIFEST.tsv"
    if not manifest.exists():
        return {}
    with manifest.open(encoding="utf-8", newline="") as handle:
        return {
            row["file"]: row
            for row in csv.DictReader(handle, delimiter="\t")
            if row["kind"] == kind
        }


ARTICLE_ROWS = manifest_rows("news-article-html")
ITEM_FILES = list(manifest_rows("guardian-item-json"))
SEARCH_FILES = list(manifest_rows("guardian-search-json"))


def corpus_bytes(relative: str) -> bytes:
    return (corpus_dir() / relative).read_bytes()


def corpus_text(relative: str) -> str:
    return corpus_bytes(relative).decode("utf-8")


def parse_page(relative: str, outlet: Outlet | str | None = "registered") -> Document:
    """Parse a manifest page at its live URL, with its registered outlet unless told."""
    url = ARTICLE_ROWS[relative]["url"]
    chosen = registered_for(url) if outlet == "registered" else outlet
    assert not isinstance(chosen, str)
    return parse_article(corpus_bytes(relative), url, FETCHED_AT, chosen)


def registered_for(url: str) -> Outlet | None:
    """The outlet sources.yml registers for a URL (the registry the spider uses)."""
    source = source_for(url, load_sources())
    return source.outlet if source else None


OUTLETS = {source.outlet.name: source.outlet for source in load_sources()}


def body_text(document: Document) -> str:
    return "\n".join(c.text for c in document.contributions)


def as_body(item: Any) -> bytes:
    return json.dumps(item, ensure_ascii=False).encode("utf-8")


# --- what each page must give ----------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """One page's exact title, date, byline, a sentence of its body and its furniture."""

    outlet: str
    title: str
    date: str
    date_source: str
    author: str | None
    sentence: str
    furniture: tuple[str, ...]  # text a reader sees around the article, never in the body
    min_paragraphs: int
    kind: str = "article"
    furniture_blocks: tuple[str, ...] = ()  # short furniture, checked as whole blocks


EXPECTED = {
    POLITICS: Expected(
        outlet="Politics.co.uk",
        title="Two Labour council leaders call for Starmer to resign over ‘failure to listen’ "
        "on Gaza ceasefire calls",
        date="2023-11-03",
        date_source="article:published_time",
        author="Politics.co.uk staff",
        sentence="Burnley council leader Afrasiab Anwar and Pendle council leader Asjad Mahmood "
        "called on the Labour leader to “step down”.",
        furniture=(
            "Subscribe to our daily newsletter",
            "leading digital-only political website",
            "The opinions in Politics.co.uk's Comment section",
            "MDU calls for fundamental reform",
            "BASC addresses members",
            "5 minute read",
            "Search for:",
            "Latest Opinion Polls",
            "Labour Party / Flickr",
        ),
        min_paragraphs=16,
        furniture_blocks=("Featured", "News", "Keir Starmer / Labour Party"),
    ),
    TELEGRAPH: Expected(
        outlet="The Telegraph",
        title="Plumber jailed after boiler killed millionaire's daughter",
        date="2012-04-17",
        date_source="trafilatura",
        author=None,
        sentence="A jury at Bristol Crown Court convicted Hartley of Zoe's manslaughter by gross "
        "negligence following a two week trial in March.",
        furniture=(
            "Subscribe now",
            "Free for one month",
            "More stories",
            "Russia-Ukraine latest news",
            "Comment speech bubble",
            "Back to top",
            "Poppie Platt",
            "Telegraph Media Group",
            "Photo: PA",
            "Jump to navigation",
        ),
        min_paragraphs=32,
    ),
    WHALES: Expected(
        outlet="The Guardian",
        title="'What is the sea telling us?': Māori tribes fearful over whale strandings",
        date="2019-01-03",
        date_source="article:published_time",
        author="Eleanor Ainge Roy",
        sentence="“Man’s greed in the ocean is hurting the whales,” says Parata, a fierce and "
        "uncompromising elder of the Ngātiwai tribe of eastern Northland.",
        furniture=(
            "Share on Facebook",
            "Share via Email",
            "Reuse this content",
            "more on this story",
            "Rescuers rush to help whale stranded in Scottish loch",
            "is supported by",
            "About this content",
            "Last modified on",
            "Make a contribution",
            "Photograph: Adrian Malloch",
            "Skip to main content",
        ),
        min_paragraphs=28,
    ),
    ACADEMICS: Expected(
        outlet="The Guardian",
        title="Thousands of UK academics 'treated as second-class citizens'",
        date="2020-01-20",
        date_source="article:published_time",
        author="Richard Adams",
        sentence="Jo Grady, the UCU general secretary, said students would be shocked by the "
        "levels of dehumanisation of staff at universities where they were studying.",
        furniture=(
            "Third of Cambridge University staff",
            "Read more",
            "Share on Facebook",
            "Support The Guardian",
            "Education editor",
            "Photograph: Guy Smallman",
            "Last modified on",
            "Skip to main content",
        ),
        min_paragraphs=14,
    ),
    THIRD_SECTOR: Expected(
        outlet="Third Sector",
        title="Government departments to set out plans for public sector mutuals this year, "
        "taskforce report says",
        date="2012-06-25",
        date_source="article:published_time",
        author=None,
        sentence="The taskforce found that there were 58 public service mutuals, with another 40 "
        "in the pipeline, although the report said there might be others which the taskforce "
        "is not aware of.",
        # The seed's furniture. The bare word "recommends" is in the article itself ("also
        # recommends that by April"), so the recommends box is matched by its heading.
        furniture=(
            "David Ainsworth recommends",
            "Register",
            "registered",
            "comment",
            "Disqus",
            "flag as inappropriate",
            "Sign in",
            "Read more",
            "25 June 2012",
        ),
        min_paragraphs=12,
        furniture_blocks=("Julian Le Grand", "Mutuals Taskforce"),
    ),
    PUBLIC_FINANCE: Expected(
        outlet="Public Finance",
        title="When the feeling’s mutual",
        date="2013-02-08",
        date_source="article:published_time",
        author="Francis Maude",
        sentence="Mutualisation is already having a real impact.",
        # "Top" is also inside "stop" ("it doesn't stop there"), so it is checked as a block.
        furniture=("Did you enjoy this article", "AddToAny", "8 Feb 13"),
        min_paragraphs=16,
        furniture_blocks=("Top", "Francis Maude", "Public Finance"),
    ),
}


def test_every_news_page_in_the_manifest_has_expectations() -> None:
    assert set(ARTICLE_ROWS) == set(EXPECTED)
    assert THIRD_SECTOR in ARTICLE_ROWS and PUBLIC_FINANCE in ARTICLE_ROWS


@pytest.mark.parametrize("relative", list(ARTICLE_ROWS))
def test_each_page_gives_its_title_date_and_byline(relative: str) -> None:
    expected, document = EXPECTED[relative], parse_page(relative)
    assert document.title == expected.title
    assert document.date == expected.date
    assert document.extra["date_source"] == expected.date_source
    assert document.author == expected.author
    assert document.kind == expected.kind


@pytest.mark.parametrize("relative", list(ARTICLE_ROWS))
def test_each_page_gives_its_body_without_furniture(relative: str) -> None:
    expected, document = EXPECTED[relative], parse_page(relative)
    text = body_text(document)
    assert expected.sentence in text
    for furniture in expected.furniture:
        assert furniture.casefold() not in text.casefold(), furniture
    blocks = {c.text for c in document.contributions}
    assert not blocks & set(expected.furniture_blocks)
    assert document.title not in blocks
    paragraphs = [c for c in document.contributions if c.kind == "paragraph"]
    assert len(paragraphs) >= expected.min_paragraphs


@pytest.mark.parametrize("relative", list(ARTICLE_ROWS))
def test_each_page_gives_identity_provenance_and_outlet(relative: str) -> None:
    expected, document = EXPECTED[relative], parse_page(relative)
    body = corpus_bytes(relative)
    assert document.source == "news"
    assert document.url == normalise_url(ARTICLE_ROWS[relative]["url"])
    assert document.native_id == document.url
    assert document.id == "news:" + hashlib.sha256(document.url.encode()).hexdigest()[:16]
    assert document.content_sha256 == hashlib.sha256(body).hexdigest()
    assert document.fetched_at == FETCHED_AT
    assert document.organisations == [expected.outlet]
    assert document.licence == OUTLETS[expected.outlet].licence
    assert document.extra["outlet"] == expected.outlet
    assert document.extra["extractor"] == "trafilatura"
    assert document.language == "en"
    assert document.description


@pytest.mark.parametrize("relative", list(ARTICLE_ROWS))
def test_contributions_are_ordered_and_whitespace_normalised(relative: str) -> None:
    document = parse_page(relative)
    assert [c.position for c in document.contributions] == list(range(len(document.contributions)))
    for contribution in document.contributions:
        assert contribution.text == normalise_space(contribution.text) != ""
        assert contribution.kind in {"paragraph", "heading", "quote", "list_item", "table_cell"}


# --- the two mutuals pages -------------------------------------------------------------


def seed_lines(pattern: str) -> list[str]:
    seeds = corpus_dir().parent / "seeds"
    (path,) = sorted(seeds.glob(pattern))
    return [normalise_space(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    ("relative", "seed"), [(THIRD_SECTOR, "002_*.txt"), (PUBLIC_FINANCE, "003_*.txt")]
)
def test_reconstructed_bodies_are_the_seed_paragraphs_in_order(relative: str, seed: str) -> None:
    """Every paragraph is a line of what the page shows a reader, in the page's order."""
    lines, document = seed_lines(seed), parse_page(relative)
    positions = [lines.index(c.text) for c in document.contributions]
    assert positions == sorted(positions)
    assert len(set(positions)) == len(positions)


def test_third_sector_gives_the_taskforce_figures_and_le_grand_quotes() -> None:
    text = body_text(parse_page(THIRD_SECTOR))
    assert "58 public service mutuals, with another 40 in the pipeline" in text
    assert "more than £1bn" in text and "around 20,000 former public sector employees" in text
    assert '"commissioning, procurement and middle-management blockage"' in text
    assert "most of the opposition to mutuals came not from senior executives" in text
    assert '"from the margin to the mainstream"' in text


def test_public_finance_gives_maudes_figures() -> None:
    document = parse_page(PUBLIC_FINANCE)
    text = body_text(document)
    assert "65 live organisations across England" in text
    assert "Our £10m Mutuals Support Programme" in text
    assert "improved productivity by up to 45%" in text
    assert document.contributions[-1].text == (
        "Plenty of advice and support is available: now is the time to act."
    )


def test_public_finance_is_an_article_because_the_page_does_not_mark_it_opinion() -> None:
    """The manifest calls it an opinion piece, but neither its meta nor its URL says so."""
    assert parse_page(PUBLIC_FINANCE).kind == "article"


def test_guardian_subheads_are_headings_that_open_sections() -> None:
    document = parse_page(WHALES)
    headings = [c.text for c in document.contributions if c.kind == "heading"]
    assert headings == ["‘Unprecedented’ strandings", "‘We need to listen’"]
    after = document.contributions[-1]
    assert after.kind == "paragraph" and after.section == "‘We need to listen’"
    assert document.contributions[0].section is None


def test_published_and_updated_are_kept_as_the_page_gives_them() -> None:
    whales = parse_page(WHALES)
    assert whales.published_at == "2019-01-03T07:00:02.000Z"
    assert whales.updated_at == "2019-01-16T11:16:23.000Z"
    assert parse_page(TELEGRAPH).published_at == "2012-04-17T14:54+0000"
    assert parse_page(THIRD_SECTOR).published_at == "2012-06-25"


# --- per-outlet overrides: each shown failing without it ---------------------------------


def test_only_the_outlets_whose_pages_fail_have_overrides() -> None:
    overridden = {
        name
        for name, outlet in OUTLETS.items()
        if outlet.body_xpath or outlet.date_xpath or outlet.author_xpath or outlet.drop_xpaths
    }
    assert overridden == {"The Telegraph", "Politics.co.uk"}


def test_telegraph_author_xpath_stops_a_related_story_byline_becoming_the_author() -> None:
    plain = parse_page(TELEGRAPH, outlet=None)
    assert plain.author == "Poppie Platt"  # the failure: a 2022 "More stories" card's byline
    fixed = parse_page(TELEGRAPH)
    assert fixed.author is None
    assert fixed.extra["overrides"] == ["author_xpath"]


def test_politics_overrides_drop_the_newsletter_blurb_and_keep_the_printed_byline() -> None:
    plain = parse_page(POLITICS, outlet=None)
    assert "Subscribe to our daily newsletter" in plain.contributions[-1].text  # the failure
    assert plain.author is None  # trafilatura's "Politics co uk staff" is not printed
    fixed = parse_page(POLITICS)
    assert fixed.contributions[-1].text.startswith("The intervention came after days")
    assert fixed.author == "Politics.co.uk staff"
    assert len(fixed.contributions) == len(plain.contributions) - 1


def test_a_json_ld_placeholder_headline_is_not_taken_as_the_title() -> None:
    """The Telegraph's JSON-LD says "headline": "escenic"; no reader sees that."""
    assert '"headline": "escenic"' in corpus_text(TELEGRAPH)
    assert parse_page(TELEGRAPH, outlet=None).title == EXPECTED[TELEGRAPH].title


def test_date_xpath_reads_a_printed_date_the_extractors_miss() -> None:
    """Public Finance without its machine-readable dates prints only "8 Feb 13"."""
    text = corpus_text(PUBLIC_FINANCE)
    text = re.sub(r'<meta property="article:published_time"[^>]*>', "", text)
    body = text.replace(' datetime="2013-02-08"', "").encode("utf-8")
    url = ARTICLE_ROWS[PUBLIC_FINANCE]["url"]
    plain = parse_article(body, url, FETCHED_AT, OUTLETS["Public Finance"])
    assert plain.date != "2013-02-08"  # the failure (a day guessed from /2013/02/ in the URL)
    outlet = Outlet("Public Finance", "https://www.publicfinance.co.uk/", date_xpath="//time")
    fixed = parse_article(body, url, FETCHED_AT, outlet)
    assert (fixed.date, fixed.extra["date_source"]) == ("2013-02-08", "date_xpath")


def test_body_xpath_reads_a_body_the_extractor_discards() -> None:
    """A body wrapped in a "comment-content" div looks like reader comments to trafilatura."""
    text = corpus_text(THIRD_SECTOR)
    body = text.replace('<div class="article-body">', '<div class="comment-content">').encode()
    url = ARTICLE_ROWS[THIRD_SECTOR]["url"]
    plain = parse_article(body, url, FETCHED_AT, OUTLETS["Third Sector"])
    assert "58 public service mutuals" not in body_text(plain)  # the failure
    outlet = Outlet(
        "Third Sector",
        "https://www.thirdsector.co.uk/",
        body_xpath="//div[@class='comment-content']",
    )
    fixed = parse_article(body, url, FETCHED_AT, outlet)
    assert [c.text for c in fixed.contributions] == [
        c.text for c in parse_page(THIRD_SECTOR).contributions
    ]


def test_outlets_are_found_by_host() -> None:
    assert (
        registered_for("http://www.guardian.co.uk/politics/2012/feb/22/x")
        is OUTLETS["The Guardian"]
    )
    assert registered_for("https://thirdsector.co.uk/x") is OUTLETS["Third Sector"]
    assert registered_for("https://www.example.org/x") is None


# --- canonical URL and id ---------------------------------------------------------------


def test_normalise_url_drops_tracking_and_fragment_and_keeps_path_case() -> None:
    assert (
        normalise_url("http://WWW.Telegraph.co.uk/News/9209302/Plumber.html?utm_source=tw&page=2#x")
        == "https://www.telegraph.co.uk/News/9209302/Plumber.html?page=2"
    )
    assert normalise_url("https://www.theguardian.com/a?CMP=share_btn_tw&fbclid=1") == (
        "https://www.theguardian.com/a"
    )
    assert normalise_url("http://www.guardian.co.uk/a/b") == "https://www.theguardian.com/a/b"


def page_with(head: str, body: str = "<p>Short text.</p>") -> bytes:
    return f"<html><head><title>T</title>{head}</head><body>{body}</body></html>".encode()


def test_canonical_link_wins_over_og_url_and_og_url_over_the_fetched_url() -> None:
    both = page_with(
        '<meta property="og:url" content="https://example.org/og">'
        '<link rel="canonical" href="/canonical?utm_medium=x">'
    )
    fetched = "https://example.org/fetched?utm_source=y"
    assert parse_article(both, fetched, FETCHED_AT).url == "https://example.org/canonical"
    og_only = page_with('<meta property="og:url" content="http://example.org/og">')
    assert parse_article(og_only, fetched, FETCHED_AT).url == "https://example.org/og"
    assert parse_article(page_with(""), fetched, FETCHED_AT).url == "https://example.org/fetched"


def test_a_canonical_pointing_at_the_home_page_is_ignored() -> None:
    home = page_with('<link rel="canonical" href="https://example.org/">')
    document = parse_article(home, "https://example.org/news/story", FETCHED_AT)
    assert document.url == "https://example.org/news/story"


def test_the_same_article_reached_by_two_urls_has_one_id() -> None:
    body = corpus_bytes(THIRD_SECTOR)
    url = ARTICLE_ROWS[THIRD_SECTOR]["url"]
    shared = parse_article(body, url + "?utm_source=twitter#comments", FETCHED_AT)
    assert shared.id == parse_article(body, url, FETCHED_AT).id == news_id(url)
    bare = re.sub(r'<(link rel="canonical"|meta property="og:url")[^>]*>', "", body.decode())
    one = parse_article(
        bare.encode(), "http://www.thirdsector.co.uk/a/1?utm_campaign=x", FETCHED_AT
    )
    two = parse_article(bare.encode(), "https://www.thirdsector.co.uk/a/1#top", FETCHED_AT)
    assert one.id == two.id


# --- kinds, titles, dates ---------------------------------------------------------------


def test_opinion_is_marked_by_section_or_url() -> None:
    article = "<article><p>Some words about mutuals that go on for a while.</p></article>"
    section = page_with('<meta property="article:section" content="Opinion">', article)
    assert parse_article(section, "https://example.org/a", FETCHED_AT).kind == "opinion"
    cif = "https://www.theguardian.com/commentisfree/2013/jan/16/x"
    assert parse_article(page_with("", article), cif, FETCHED_AT).kind == "opinion"
    assert parse_article(page_with("", article), "https://example.org/a", FETCHED_AT).kind == (
        "article"
    )


def test_clean_title_drops_only_segments_that_name_the_outlet_section_or_author() -> None:
    names = ["The Guardian", "Education"]
    assert clean_title("Academics | Education | The Guardian", names) == "Academics"
    assert clean_title("Labour - the next steps", names) == "Labour - the next steps"
    assert clean_title("Third Sector | Mutuals", ["Third Sector"]) == "Mutuals"


def test_london_day_uses_british_summer_time() -> None:
    assert london_day("2015-06-30T23:30:00Z") == "2015-07-01"
    assert london_day("2015-01-31T23:30:00Z") == "2015-01-31"
    assert london_day("2013-02-08") == "2013-02-08"
    assert london_day("8 Feb 13") is None


def test_xml_blocks_reads_trafilaturas_structure() -> None:
    from lxml import etree

    body = etree.fromstring(
        "<body><head>Q</head><p>One<lb/>two</p><quote><p>Said</p></quote>"
        "<list><item>a</item><item><p>b</p></item></list><quote>Bare</quote></body>"
    )
    assert xml_blocks(body) == [
        ("heading", "Q"),
        ("paragraph", "One two"),
        ("quote", "Said"),
        ("list_item", "a"),
        ("list_item", "b"),
        ("quote", "Bare"),
    ]


def test_blockquotes_and_subheads_of_a_page_keep_their_kinds() -> None:
    page = page_with(
        '<meta property="og:site_name" content="Example">',
        "<article><h1>T</h1><p>The minister set out the plan for public service mutuals on "
        "Tuesday, saying staff would be supported to spin out.</p><h2>What he said</h2>"
        "<blockquote><p>You will be supported to do it.</p></blockquote><p>Critics said the "
        "plan<br>lacked detail about commissioning.</p></article>",
    )
    document = parse_article(page, "https://example.org/a", FETCHED_AT)
    kinds = [(c.kind, c.section) for c in document.contributions]
    assert kinds == [
        ("paragraph", None),
        ("heading", "What he said"),
        ("quote", "What he said"),
        ("paragraph", "What he said"),
    ]
    assert (
        document.contributions[-1].text
        == "Critics said the plan lacked detail about commissioning."
    )


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"", b"  \n "], ids=["empty", "whitespace"])
def test_an_empty_body_gives_an_empty_document(body: bytes) -> None:
    document = parse_article(body, "https://example.org/a?utm_source=x", FETCHED_AT)
    assert document.url == "https://example.org/a"
    assert (document.title, document.date, document.contributions) == ("", None, [])


def test_a_page_with_no_article_gives_no_contributions() -> None:
    nav = page_with(
        "",
        "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
        "<li><a href='/about'>About us</a></li></ul></nav></header><footer>© Example</footer>",
    )
    document = parse_article(nav, "https://example.org/", FETCHED_AT)
    assert document.contributions == []
    assert document.title == "T"


def test_a_page_whose_date_cannot_be_found_has_no_date() -> None:
    page = page_with(
        "",
        "<article><h1>Mutuals</h1><p>Staff who run public services may form mutuals, and "
        "several councils are exploring the idea for their libraries.</p></article>",
    )
    document = parse_article(page, "https://example.org/mutuals", FETCHED_AT)
    assert document.date is None and document.extra["date_source"] is None
    assert document.contributions[0].text.startswith("Staff who run public services")


@pytest.mark.parametrize(
    "body",
    [
        bytes(
            hashlib.sha256(str(n).encode()).digest()[i % 32] for n in range(200) for i in range(32)
        ),
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 8,
        b'{"response": {"status": "ok", "body": "<p>not a page</p>"}}',
        b"Just some plain text, no markup at all.",
    ],
    ids=["random-bytes", "pdf", "json", "plain-text"],
)
def test_bytes_that_are_not_html_raise_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError):
        parse_article(body, "https://example.org/a", FETCHED_AT)


def test_undeclared_bytes_are_utf8_else_cp1252_and_a_declared_charset_is_obeyed() -> None:
    text = "<html><body><p>Café society – £10m</p></body></html>"
    assert "Café society – £10m" in decode_html(text.encode("utf-8"))
    assert "Café society – £10m" in decode_html(text.encode("cp1252"))
    declared = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "</head><body><p>£10m for mutuals</p></body></html>"
    )
    assert "£10m for mutuals" in decode_html(declared.encode("latin-1"))


# --- Guardian content API ---------------------------------------------------------------


@pytest.mark.parametrize("relative", ITEM_FILES)
def test_every_guardian_item_parses(relative: str) -> None:
    document = parse_guardian_item(corpus_bytes(relative), FETCHED_AT)
    content = json.loads(corpus_bytes(relative))["response"]["content"]
    assert document.url.startswith("https://www.theguardian.com/")
    assert document.id == news_id(document.url) and document.native_id == document.url
    assert document.title and document.date == london_day(content["webPublicationDate"])
    assert document.organisations == ["The Guardian"]
    assert document.extra["extractor"] == "guardian-content-api"


def test_a_guardian_comment_item_gives_headline_byline_body_and_tags() -> None:
    document = parse_guardian_item(corpus_bytes(QUINOA), FETCHED_AT)
    assert document.kind == "opinion"
    assert document.title == "Can vegans stomach the unpalatable truth about quinoa?"
    assert document.author == "Joanna Blythman"
    assert (document.date, document.published_at) == ("2013-01-16", "2013-01-16T10:14:31Z")
    assert document.updated_at == "2014-05-21T13:40:59Z"
    assert document.description and document.description.startswith("Ethical consumers")
    assert document.api_url == (
        "https://content.guardianapis.com/commentisfree/2013/jan/16/"
        "vegans-stomach-unpalatable-truth-quinoa"
    )
    assert document.contributions[0].text.startswith("Not long ago, quinoa was just")
    assert len(document.contributions) == 10
    tags = {t["id"]: t["type"] for t in document.extra["tags"]}
    assert tags["profile/joannablythman"] == "contributor" and tags["environment/food"] == "keyword"
    assert "tone/comment" not in tags and "type/article" not in tags


def test_a_guardian_item_without_fields_uses_web_title_and_old_url() -> None:
    document = parse_guardian_item(corpus_bytes(OXFORD), FETCHED_AT)
    assert document.title == "Oxford's top 10 budget eats"
    assert document.url == (
        "https://www.theguardian.com/travel/2010/aug/27/britains-best-budget-eats-oxford"
    )
    assert (document.author, document.date, document.contributions) == (None, "2010-08-27", [])


def test_a_guardian_item_with_blocks_reads_the_body_blocks() -> None:
    document = parse_guardian_item(corpus_bytes(LIVEBLOG), FETCHED_AT)
    texts = [c.text for c in document.contributions]
    assert texts[:2] == ["hi", "more stuff"]


def test_contributor_tags_give_the_author_when_there_is_no_byline() -> None:
    item = json.loads(corpus_bytes(QUINOA))
    del item["response"]["content"]["fields"]["byline"]
    del item["response"]["content"]["fields"]["headline"]
    document = parse_guardian_item(as_body(item), FETCHED_AT)
    assert document.author == "Joanna Blythman"
    assert document.title == "Can vegans stomach the unpalatable truth about quinoa?"


@pytest.mark.parametrize("relative", SEARCH_FILES)
def test_every_guardian_search_page_parses(relative: str) -> None:
    page = parse_guardian_search(corpus_bytes(relative))
    assert page.items and page.total >= len(page.items) and page.current_page == 1
    for item in page.items:
        assert item.web_url.startswith("https://www.theguardian.com/")
        assert item.title and item.date and item.api_url


def test_a_guardian_search_page_gives_counts_and_results() -> None:
    page = parse_guardian_search(corpus_bytes(SEARCH))
    assert (page.total, page.current_page, page.pages) == (1442171, 1, 721086)
    assert page.items[1].web_url == (
        "https://www.theguardian.com/politics/2012/feb/22/staff-welfare-work-company-4ae-arrested"
    )
    assert page.items[1].date == "2012-02-22"
    assert len(parse_guardian_search(corpus_bytes(TAG)).items) == 10


def test_a_search_result_without_api_url_gets_one_from_its_id() -> None:
    search = json.loads(corpus_bytes(SEARCH))
    del search["response"]["results"][1]["apiUrl"]
    item = parse_guardian_search(as_body(search)).items[1]
    assert item.api_url == (
        "https://content.guardianapis.com/politics/2012/feb/22/staff-welfare-work-company-4ae-arrested"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {
                "response": {
                    "status": "error",
                    "message": "The requested resource could not be found.",
                }
            },
            "could not be found",
        ),
        ({"message": "API rate limit exceeded"}, "rate limit"),
    ],
    ids=["status-error", "bare-message"],
)
def test_guardian_errors_raise_parse_error_with_the_apis_message(body: Any, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_guardian_item(as_body(body), FETCHED_AT)
    with pytest.raises(ParseError, match=message):
        parse_guardian_search(as_body(body))


def test_malformed_or_wrong_guardian_responses_raise_parse_error() -> None:
    truncated = corpus_bytes(QUINOA)[:500]
    with pytest.raises(ParseError, match="malformed"):
        parse_guardian_item(truncated, FETCHED_AT)
    with pytest.raises(ParseError, match="malformed"):
        parse_guardian_search(truncated)
    with pytest.raises(ParseError, match="content"):
        parse_guardian_item(corpus_bytes(SEARCH), FETCHED_AT)
    with pytest.raises(ParseError, match="results"):
        parse_guardian_search(corpus_bytes(QUINOA))


def test_a_guardian_item_and_its_web_page_share_an_id() -> None:
    """The page says og:url http://www.theguardian.com/...; the API's webUrl may be https."""
    page = parse_page(ACADEMICS)
    item = {
        "response": {
            "status": "ok",
            "content": {
                "id": page.url.removeprefix("https://www.theguardian.com/"),
                "webUrl": page.url + "?CMP=Share_iOSApp_Other",
                "webTitle": page.title,
                "webPublicationDate": "2020-01-20T06:05:18Z",
                "fields": {"byline": "Richard Adams", "body": "<p>Thousands of academic staff</p>"},
            },
        }
    }
    document = parse_guardian_item(as_body(item), FETCHED_AT)
    assert document.id == page.id and document.date == page.date
    old_host = json.loads(as_body(item))
    old_host["response"]["content"]["webUrl"] = page.url.replace(
        "https://www.theguardian.com", "http://www.guardian.co.uk"
    )
    assert parse_guardian_item(as_body(old_host), FETCHED_AT).id == page.id


@pytest.mark.parametrize("relative", ITEM_FILES)
def test_the_benchmarks_bare_parse_reads_the_body_the_parser_reads(relative: str) -> None:
    data = json.loads(corpus_bytes(relative))
    content = data["response"]["content"]
    assert guardian_body(data) == _guardian_body(content, content.get("fields", {}))
