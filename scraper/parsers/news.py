"""Parsers for news and opinion articles: outlet web pages and the Guardian content API.

Both are pure: bytes of a response in, a Document out. Article pages are read with
trafilatura (body, title, author, date) and htmldate (date when trafilatura finds
none), not with hand-written selectors, because outlets change their templates and
the extractors are maintained against hundreds of them. What this module adds is
the archive's rules: one id per article whatever URL reached it, the title without
the outlet's suffix, an author only when the page prints one, the Europe/London
day, and the body as ordered, whitespace-normalised contributions.

Per-outlet `Outlet` overrides exist only for pages where the extractors fail; each
entry in `sources.yml` names the failure it fixes, and a test shows it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import htmldate
import trafilatura
from dateutil.parser import isoparse
from lxml import etree
from lxml import html as lxml_html
from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

from pipelines.dates import parse_date, to_london
from scraper.items import Contribution, Document
from scraper.parsers import ParseError, json_object
from scraper.parsers.govuk import html_to_blocks
from scraper.parsers.html_text import normalise_space

SOURCE = "news"
EXTRACTOR = "trafilatura"
LONDON = ZoneInfo("Europe/London")
GUARDIAN_LICENCE = "Guardian Open Platform content; the Open Platform terms apply"
GUARDIAN_API_ROOT = "https://content.guardianapis.com"

# Query parameters that say how a reader arrived, never which article it is.
TRACKING_PREFIXES = ("utm_", "ns_", "at_")
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "cmp", "wt.mc_id", "ito"}
    | {"_ga", "igshid", "ocid", "smid", "share"}
)
# Hosts that serve the same articles as another: guardian.co.uk moved to theguardian.com
# in 2013 and redirects, so the API's old webUrls and today's pages must share an id.
HOST_ALIASES = {
    "guardian.co.uk": "www.theguardian.com",
    "www.guardian.co.uk": "www.theguardian.com",
}

# The kind rule: a page is "opinion" when its og:type or article:section names a comment
# section, or a path segment of its URL is one; otherwise "article".
OPINION_SECTIONS = frozenset({"comment", "opinion", "comment is free", "commentisfree"})
OPINION_PATH_SEGMENTS = frozenset({"commentisfree", "comment", "opinion"})
GUARDIAN_OPINION_TAGS = frozenset({"tone/comment"})
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:]\s+")
HTML_TAG = re.compile(r"<\s*(?:!doctype|html|head|body|[a-z][a-z0-9]*)[\s>/]", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
BYLINE_PREFIX = re.compile(r"^\s*by\s+", re.IGNORECASE)
HTML_PARSER = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)


@dataclass
class Outlet:
    """An outlet the archive reads, with overrides used only where the extractors fail.

    body_xpath: the article body (split into blocks by the house splitter, not by
    trafilatura); date_xpath: the printed publication date (text, @datetime or
    @content); author_xpath: the printed byline (no match means no byline);
    drop_xpaths: furniture to remove before extraction.
    """

    name: str
    home: str
    licence: str | None = None
    body_xpath: str | None = None
    date_xpath: str | None = None
    author_xpath: str | None = None
    drop_xpaths: tuple[str, ...] = ()


@dataclass
class GuardianResult:
    """One result of a Guardian content API search or tag page."""

    web_url: str
    api_url: str | None
    title: str
    date: str | None


@dataclass
class GuardianPage:
    """One page of Guardian content API results, reduced to what the crawl needs."""

    total: int
    current_page: int
    pages: int
    items: list[GuardianResult] = field(default_factory=list)


# --- URLs and ids ------------------------------------------------------------------


def normalise_url(url: str) -> str:
    """The one spelling of an article URL: https, lower-case host, no fragment or tracking.

    "http://www.guardian.co.uk/politics/2012/feb/22/x?CMP=share&page=2#c1" →
    "https://www.theguardian.com/politics/2012/feb/22/x?page=2". Path case, parameter
    order and percent-encoding are kept: some sites' paths are case-sensitive.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".")
    host = HOST_ALIASES.get(host, host)
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _kept(k)]
    return urlunsplit(("https", host, parts.path or "/", urlencode(query), ""))


def _kept(param: str) -> bool:
    name = param.lower()
    return name not in TRACKING_PARAMS and not name.startswith(TRACKING_PREFIXES)


def news_id(canonical: str) -> str:
    """ "news:" and the first 16 hex digits of SHA-256 of the normalised canonical URL."""
    return f"{SOURCE}:{hashlib.sha256(canonical.encode('utf-8')).hexdigest()[:16]}"


def canonical_url(tree: Any, url: str) -> str:
    """The page's own URL: link rel=canonical, else og:url, else the URL fetched; normalised.

    A declared URL pointing at the site's home page while the fetched URL is deeper is a
    template error (every article claiming to be "/"), so it is ignored.
    """
    declared = tree.xpath(
        "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
    ) + tree.xpath("//meta[@property='og:url']/@content")
    fetched_path = urlsplit(url).path.strip("/")
    for candidate in (urljoin(url, href.strip()) for href in declared if href.strip()):
        parts = urlsplit(candidate)
        deep_enough = bool(parts.path.strip("/")) or not fetched_path
        if parts.scheme in ("http", "https") and parts.netloc and deep_enough:
            return normalise_url(candidate)
    return normalise_url(url)


# --- bytes to a tree -----------------------------------------------------------------


def decode_html(body: bytes) -> str:
    """Text of a page: BOM, then the declared charset (meta charset / http-equiv), else
    UTF-8, else cp1252. Raises ParseError when the bytes are not HTML at all.
    """
    bom, _ = read_bom(body)
    declared = bom or html_body_declared_encoding(body)
    if declared:
        text = body.decode(resolve_encoding(declared) or "utf-8", errors="replace")
    else:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text = body.decode("cp1252", errors="replace")
    text = text.lstrip("\ufeff")
    _ensure_html(text)
    return text


def _ensure_html(text: str) -> None:
    """Binary data, JSON or plain text is not a page; empty text is an empty page."""
    if not text.strip():
        return
    sample = text[:20000]
    if len(CONTROL_CHARS.findall(sample)) > len(sample) / 200:
        raise ParseError("news article: the body is binary data, not HTML")
    if sample.lstrip().startswith(("{", "[")) or not HTML_TAG.search(sample):
        raise ParseError("news article: the body is not HTML")


def _load_tree(text: str) -> Any | None:
    """An lxml document for the page, or None when there is nothing to parse."""
    text = XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        return lxml_html.document_fromstring(text, parser=HTML_PARSER)
    except (etree.ParserError, ValueError):
        return None


# --- what the page declares ----------------------------------------------------------


@dataclass
class PageFacts:
    """Meta tags and printed headline texts, read once from the tree."""

    meta: dict[str, str]
    headlines: list[str]  # <title>, og:title, twitter:title and every <h1>, as printed
    visible: str  # the text a reader sees (scripts and styles left out), casefolded
    language: str | None


def page_facts(tree: Any) -> PageFacts:
    """Read `<meta property|name|itemprop=... content=...>` (first wins) and headlines.

    `<time itemprop="datePublished" datetime="...">` counts as a meta value too, since
    archive templates (the Telegraph's) give the publication time only that way.
    """
    meta: dict[str, str] = {}
    for element in tree.xpath("//meta[@content] | //time[@itemprop][@datetime]"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        value = element.get("content") or element.get("datetime") or ""
        if key and value.strip():
            meta.setdefault(key.strip().lower(), value.strip())
    printed = tree.xpath("//head//title | //h1")
    headlines = [normalise_space(element.text_content()) for element in printed]
    headlines += [meta[k] for k in ("og:title", "twitter:title") if k in meta]
    words = tree.xpath("//body//text()[not(ancestor::script or ancestor::style)]")
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    return PageFacts(
        meta=meta,
        headlines=[h for h in headlines if h],
        visible=normalise_space(" ".join(words)).casefold(),
        language=_language(lang or meta.get("og:locale")),
    )


def _language(tag: str | None) -> str | None:
    """Primary language subtag, lower case, as GOV.UK items give it: "en-GB" → "en"."""
    primary = re.split(r"[-_]", tag.strip())[0].lower() if tag and tag.strip() else ""
    return primary if primary.isalpha() else None


# --- extraction ----------------------------------------------------------------------


def _date_params(fetched_at: str, extensive: bool) -> dict[str, Any]:
    """htmldate settings: the original (not updated) date, none later than the fetch."""
    params: dict[str, Any] = {"original_date": True, "extensive_search": extensive}
    fetched = _moment(fetched_at)
    if fetched is not None:
        params["max_date"] = fetched.astimezone(LONDON).date().isoformat()
    return params


def _extract(tree: Any, url: str, fetched_at: str, outlet: Outlet | None) -> Any:
    """trafilatura's Document (metadata and body tree); metadata alone when no body."""
    options: dict[str, Any] = {
        "url": url,
        "with_metadata": True,
        "include_comments": False,
        "favor_precision": True,
        "include_images": False,
        "date_extraction_params": _date_params(fetched_at, extensive=False),
    }
    if outlet and outlet.drop_xpaths:
        options["prune_xpath"] = list(outlet.drop_xpaths)
    extracted = trafilatura.bare_extraction(tree, **options)
    if extracted is None:
        params = _date_params(fetched_at, extensive=False)
        extracted = trafilatura.extract_metadata(deepcopy(tree), url, params)
    return extracted


# --- title, author, dates, kind ------------------------------------------------------


def clean_title(title: str, names: list[str]) -> str:
    """Drop leading or trailing segments that name the outlet, section or author.

    "Thousands of UK academics ... | Education | The Guardian" with names ["The Guardian",
    "Education"] → "Thousands of UK academics ...". A segment is only dropped if it
    equals one of `names` (case-insensitive), so "Labour: the next steps" keeps its colon.
    """
    known = {normalise_space(n).casefold() for n in names if n and n.strip()}
    title = normalise_space(title)
    changed = True
    while changed:
        changed = False
        parts = TITLE_SEPARATORS.split(title)
        if len(parts) > 1 and parts[-1].casefold() in known:
            title, changed = title[: title.rfind(parts[-1])].rstrip(" |-–—:"), True
        elif len(parts) > 1 and parts[0].casefold() in known:
            title, changed = title[len(parts[0]) :].lstrip(" |-–—:"), True
    return title


def _title(extracted: Any, facts: PageFacts, names: list[str]) -> str:
    """trafilatura's title unless the page never shows it to a reader, then og:title,
    <title>, <h1>. ("escenic", the Telegraph's JSON-LD placeholder, is never printed.)
    """
    printed = " \n ".join(facts.headlines).casefold()
    candidates = [getattr(extracted, "title", None), *facts.headlines]
    for candidate in candidates:
        title = clean_title(candidate, names) if candidate else ""
        if title and title.casefold() in printed:
            return title
    return ""


def _author(tree: Any, extracted: Any, facts: PageFacts, outlet: Outlet | None) -> str | None:
    """The printed byline: the outlet's author_xpath when it has one (no match → None),
    else trafilatura's author if every name in it appears in the page's visible text.
    """
    if outlet and outlet.author_xpath:
        found = [_node_text(node) for node in tree.xpath(outlet.author_xpath)]
        names = list(dict.fromkeys(BYLINE_PREFIX.sub("", n) for n in found if n))
        return "; ".join(n for n in names if n) or None
    author = getattr(extracted, "author", None)
    if not author:
        return None
    names = [normalise_space(n) for n in author.split(";") if n.strip()]
    return author if names and all(n.casefold() in facts.visible for n in names) else None


def _node_text(node: Any) -> str:
    return normalise_space(node if isinstance(node, str) else node.text_content())


def _moment(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp or date as a London-aware datetime, or None."""
    try:
        moment = isoparse(value.strip()) if value else None
    except (ValueError, TypeError, OverflowError):
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment


def london_day(value: str | None) -> str | None:
    """The Europe/London day of an ISO timestamp: "2019-01-03T23:30:00Z" → "2019-01-03",
    "2015-06-30T23:30:00Z" → "2015-07-01" (BST). A bare date is itself.
    """
    parsed = to_london(value.strip()) if isinstance(value, str) else None
    return parsed.date if parsed and parsed.precision == "day" else None


def _printed_day(tree: Any, xpath: str) -> str | None:
    """The first date an outlet's date_xpath finds: "8 Feb 13" → "2013-02-08" (day first)."""
    for node in tree.xpath(xpath):
        value = node if isinstance(node, str) else node.get("datetime") or node.get("content")
        text = normalise_space(value or _node_text(node))
        printed = parse_date(text)  # "8 Feb 13", "Wednesday 24 November 2010", ISO...
        day = london_day(text) or (printed.date if printed and printed.precision == "day" else None)
        if day:
            return day
    return None


def _date(
    tree: Any, url: str, extracted: Any, facts: PageFacts, outlet: Outlet | None, fetched_at: str
) -> tuple[str | None, str | None]:
    """(day, where it came from): date_xpath, article:published_time, trafilatura,
    htmldate without and then with extensive search. (None, None) when nothing is found.
    """
    if outlet and outlet.date_xpath:
        day = _printed_day(tree, outlet.date_xpath)
        if day:
            return day, "date_xpath"
    day = london_day(facts.meta.get("article:published_time"))
    if day:
        return day, "article:published_time"
    day = london_day(getattr(extracted, "date", None))
    if day:
        return day, "trafilatura"
    for extensive, source in ((False, "htmldate"), (True, "htmldate-extensive")):
        found = htmldate.find_date(tree, url=url, **_date_params(fetched_at, extensive))
        if found:
            return found, source
    return None, None


def _kind(facts: PageFacts, canonical: str) -> str:
    """ "opinion" when og:type or article:section names a comment section, or the URL has a
    commentisfree / comment / opinion path segment; otherwise "article".
    """
    marks = {facts.meta.get("og:type", ""), facts.meta.get("article:section", "")}
    if {normalise_space(m).casefold() for m in marks} & OPINION_SECTIONS:
        return "opinion"
    segments = {s.casefold() for s in urlsplit(canonical).path.split("/")}
    return "opinion" if segments & OPINION_PATH_SEGMENTS else "article"


# --- body ----------------------------------------------------------------------------

# trafilatura's XML: elements whose own text is one block, and the kind they give.
XML_KINDS = {"p": "paragraph", "head": "heading", "item": "list_item", "cell": "table_cell"}
XML_KINDS |= {"code": "paragraph", "quote": "quote"}
# Elements that only group blocks; a paragraph inside takes the group's kind.
XML_GROUPS = {"list": "list_item", "table": "table_cell", "row": "table_cell", "quote": "quote"}
XML_GROUPS |= {"div": "", "body": ""}
XML_BLOCKS = frozenset(XML_KINDS) | frozenset(XML_GROUPS)


def xml_blocks(body: Any) -> list[tuple[str, str]]:
    """(kind, text) blocks of trafilatura's body tree, in reading order, empty ones dropped.

    ``<body><head>Q&A</head><p>One</p><quote><p>Said</p></quote><list><item>a</item>
    </list></body>`` → ``[("heading", "Q&A"), ("paragraph", "One"), ("quote", "Said"),
    ("list_item", "a")]``. A line break (``<lb/>``) inside a paragraph becomes a space.
    """
    if body is None:
        return []
    for line_break in body.iter("lb"):
        line_break.tail = " " + (line_break.tail or "")
    blocks = ((kind, normalise_space(text)) for kind, text in _xml_walk(body, "paragraph"))
    return [(kind, text) for kind, text in blocks if text]


def _xml_walk(element: Any, context: str) -> Iterator[tuple[str, str]]:
    """Blocks inside a grouping element; loose text between them is a block of its own."""
    pending = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in XML_BLOCKS:
            yield context, "".join(pending)
            yield from _xml_block(child, context)
            pending = []
        elif isinstance(child.tag, str):
            pending.append("".join(child.itertext()))
        pending.append(child.tail or "")
    yield context, "".join(pending)


def _xml_block(element: Any, context: str) -> Iterator[tuple[str, str]]:
    has_blocks = any(
        isinstance(d.tag, str) and d.tag in XML_BLOCKS for d in element.iterdescendants()
    )
    if element.tag in XML_KINDS and not has_blocks:
        own = XML_KINDS[element.tag]
        yield (context if own == "paragraph" else own), "".join(element.itertext())
        return
    yield from _xml_walk(element, XML_GROUPS.get(element.tag) or context)


def _body_blocks(tree: Any, extracted: Any, outlet: Outlet | None) -> list[tuple[str, str]]:
    """The body: the outlet's body_xpath (furniture dropped first) or trafilatura's."""
    if outlet and outlet.body_xpath:
        for xpath in outlet.drop_xpaths:
            for node in tree.xpath(xpath):
                node.drop_tree()
        found = tree.xpath(outlet.body_xpath)
        fragments = (etree.tostring(n, encoding="unicode") for n in found if not isinstance(n, str))
        return html_to_blocks("".join(fragments))
    return xml_blocks(getattr(extracted, "body", None))


def _without_headline(blocks: list[tuple[str, str]], title: str) -> list[tuple[str, str]]:
    """Drop leading blocks that repeat the headline: it is the title, not the body."""
    start = 0
    while start < len(blocks) and title and blocks[start][1].casefold() == title.casefold():
        start += 1
    return blocks[start:]


def contributions(blocks: list[tuple[str, str]]) -> list[Contribution]:
    """One Contribution per block, each knowing the heading it sits under."""
    result: list[Contribution] = []
    section: str | None = None
    for position, (kind, text) in enumerate(blocks):
        if kind == "heading":
            section = text
        result.append(Contribution(position=position, text=text, kind=kind, section=section))
    return result


# --- article pages -------------------------------------------------------------------


def parse_article(body: bytes, url: str, fetched_at: str, outlet: Outlet | None = None) -> Document:
    """Turn a news or opinion page into a Document whose contributions are its paragraphs.

    Expects a whole page, e.g. ``<html lang="en-GB"><head><title>When the feeling's
    mutual | Public Finance</title><meta property="article:published_time"
    content="2013-02-08"><link rel="canonical" href="https://www.publicfinance.co.uk/
    2013/02/when-the-feelings-mutual"></head><body><article><h1>...</h1><p>...</p>
    </article></body></html>``. A page without a body or a date still gives a Document
    (no contributions, date None) for validation to count; bytes that are not HTML raise
    ParseError.
    """
    tree = _load_tree(decode_html(body))
    if tree is None:
        return _empty_document(body, url, fetched_at, outlet)
    canonical = canonical_url(tree, url)
    facts = page_facts(tree)
    extracted = _extract(tree, canonical, fetched_at, outlet)
    document = _new_document(body, canonical, fetched_at, outlet)
    document.author = _author(tree, extracted, facts, outlet)
    document.title = _title(extracted, facts, _title_names(extracted, facts, outlet))
    document.date, date_source = _date(tree, canonical, extracted, facts, outlet, fetched_at)
    _fill_page_fields(document, extracted, facts, canonical)
    outlet_name = _outlet_name(extracted, facts, outlet)
    document.extra = _article_extra(outlet_name, date_source, extracted, outlet)
    blocks = _without_headline(_body_blocks(tree, extracted, outlet), document.title)
    document.contributions = contributions(blocks)
    return document


def _new_document(body: bytes, canonical: str, fetched_at: str, outlet: Outlet | None) -> Document:
    """Identity and provenance; the rest is filled from the page."""
    return Document(
        id=news_id(canonical),
        source=SOURCE,
        kind="article",
        url=canonical,
        title="",
        fetched_at=fetched_at,
        content_sha256=hashlib.sha256(body).hexdigest(),
        native_id=canonical,
        organisations=[outlet.name] if outlet else [],
        licence=outlet.licence if outlet else None,
    )


def _empty_document(body: bytes, url: str, fetched_at: str, outlet: Outlet | None) -> Document:
    document = _new_document(body, normalise_url(url), fetched_at, outlet)
    document.extra = _article_extra(outlet.name if outlet else None, None, None, outlet)
    return document


def _outlet_name(extracted: Any, facts: PageFacts, outlet: Outlet | None) -> str | None:
    """The outlet's registered name, else the site name the page declares."""
    if outlet:
        return outlet.name
    declared = facts.meta.get("og:site_name") or getattr(extracted, "sitename", None)
    return normalise_space(declared or "") or None


def _title_names(extracted: Any, facts: PageFacts, outlet: Outlet | None) -> list[str]:
    """What a title suffix may name: the outlet, the site, the section or the author."""
    names = [outlet.name if outlet else "", facts.meta.get("og:site_name", "")]
    names += [getattr(extracted, "sitename", None) or "", facts.meta.get("article:section", "")]
    names += [facts.meta.get("author", ""), *(getattr(extracted, "author", None) or "").split(";")]
    return [n for n in dict.fromkeys(normalise_space(n) for n in names) if n]


def _fill_page_fields(document: Document, extracted: Any, facts: PageFacts, canonical: str) -> None:
    meta = facts.meta
    document.kind = _kind(facts, canonical)
    document.published_at = meta.get("article:published_time") or meta.get("datepublished")
    document.updated_at = meta.get("article:modified_time") or meta.get("datemodified")
    description = getattr(extracted, "description", None) or meta.get("og:description")
    document.description = normalise_space(description or meta.get("description", "")) or None
    document.language = facts.language


def _article_extra(
    outlet_name: str | None, date_source: str | None, extracted: Any, outlet: Outlet | None
) -> dict[str, Any]:
    """Where each value came from, for audit: outlet, extractor, date source, overrides."""
    extra: dict[str, Any] = {"outlet": outlet_name, "extractor": EXTRACTOR}
    extra["date_source"] = date_source
    categories = getattr(extracted, "categories", None)
    if categories:
        extra["categories"] = list(categories)
    overrides = [
        name
        for name in ("body_xpath", "date_xpath", "author_xpath", "drop_xpaths")
        if outlet and getattr(outlet, name)
    ]
    if overrides:
        extra["overrides"] = overrides
    return extra


# --- Guardian content API ------------------------------------------------------------

# The same outlet as its web pages, under the Open Platform's terms rather than the page's.
GUARDIAN_API = Outlet("The Guardian", "https://www.theguardian.com/", GUARDIAN_LICENCE)


def _guardian_response(body: bytes, what: str) -> dict[str, Any]:
    """`response` of a content API answer; errors (status "error", a bare message) raise."""
    data = json_object(body, f"Guardian {what}")
    response = data.get("response")
    if not isinstance(response, dict):
        message = data.get("message") or "no 'response' object"
        raise ParseError(f"Guardian {what}: {message}")
    if response.get("status") != "ok" or "message" in response:
        message = response.get("message") or f"status {response.get('status')!r}"
        raise ParseError(f"Guardian {what}: the API returned an error: {message}")
    return response


def _guardian_int(response: dict[str, Any], name: str, default: int) -> int:
    """A count the API gives as a number (or, in older responses, a numeric string)."""
    value = response.get(name, default)
    if isinstance(value, bool):
        raise ParseError(f"Guardian search: {name!r} is not an integer: {value!r}")
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ParseError(f"Guardian search: {name!r} is not an integer: {value!r}") from exc


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list_of_dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return normalise_space(value) if isinstance(value, str) else ""


def parse_guardian_search(body: bytes) -> GuardianPage:
    """Read a content API search (or tag) page into the articles it lists, for the crawl.

    Expects the body of ``/search?q=...`` or ``/<tag>``, e.g. ``{"response": {"status":
    "ok", "total": 1442171, "currentPage": 1, "pages": 721086, "results": [{"webUrl":
    "http://www.guardian.co.uk/politics/2012/feb/22/...", "apiUrl": "...", "webTitle":
    "...", "webPublicationDate": "2012-02-22T08:54:35Z"}]}}``. web_url is normalised
    (https, theguardian.com), so it gives the id the item and the page will have.
    """
    response = _guardian_response(body, "search")
    results = response.get("results")
    if not isinstance(results, list):
        raise ParseError("Guardian search: no 'results' list in the response")
    return GuardianPage(
        total=_guardian_int(response, "total", len(results)),
        current_page=_guardian_int(response, "currentPage", 1),
        pages=_guardian_int(response, "pages", 1),
        items=[_guardian_result(number, result) for number, result in enumerate(results)],
    )


def _guardian_result(number: int, result: Any) -> GuardianResult:
    web_url = result.get("webUrl") if isinstance(result, dict) else None
    if not isinstance(web_url, str) or not web_url.strip():
        raise ParseError(f"Guardian search: result {number} has no 'webUrl'")
    return GuardianResult(
        web_url=normalise_url(web_url),
        api_url=_api_url(result.get("apiUrl"), result.get("id")),
        title=_text(result.get("webTitle")),
        date=london_day(result.get("webPublicationDate")),
    )


def _api_url(value: Any, content_id: Any = None) -> str | None:
    """The item's API address over https, without query (no api-key, no show-fields);
    built from the content id ("politics/2012/feb/22/...") when apiUrl is missing.
    """
    if not isinstance(value, str) or not value.strip():
        has_id = isinstance(content_id, str) and content_id.strip("/ ")
        return f"{GUARDIAN_API_ROOT}/{content_id.strip('/ ')}" if has_id else None
    parts = urlsplit(value.strip())
    return urlunsplit(("https", parts.netloc.lower(), parts.path, "", ""))


def parse_guardian_item(body: bytes, fetched_at: str) -> Document:
    """Turn a content API single item into a Document with the same id as its web page.

    Expects the body of ``/<id>?show-fields=all&show-tags=all``, e.g. ``{"response":
    {"status": "ok", "content": {"webUrl": "https://www.theguardian.com/commentisfree/
    2013/jan/16/...", "webTitle": "... | Joanna Blythman", "webPublicationDate":
    "2013-01-16T10:14:31Z", "sectionId": "commentisfree", "fields": {"headline": "...",
    "byline": "...", "body": "<p>...</p>", "standfirst": "..."}, "tags": [...]}}}``.
    An error response or one without "content" raises ParseError.
    """
    response = _guardian_response(body, "content item")
    content = response.get("content")
    if not isinstance(content, dict):
        raise ParseError("Guardian content item: no 'content' object in the response")
    web_url = content.get("webUrl")
    if not isinstance(web_url, str) or not web_url.strip():
        raise ParseError("Guardian content item: no 'webUrl'")
    fields, tags = _dict(content.get("fields")), _list_of_dicts(content.get("tags"))
    document = _new_document(body, normalise_url(web_url), fetched_at, GUARDIAN_API)
    _fill_guardian_fields(document, content, fields, tags)
    document.extra = _guardian_extra(content, fields, tags)
    document.contributions = contributions(html_to_blocks(_guardian_body(content, fields)))
    return document


def _fill_guardian_fields(
    document: Document, content: dict[str, Any], fields: dict[str, Any], tags: list[dict[str, Any]]
) -> None:
    """Title, author, dates, kind and description from the item's fields and tags."""
    contributors = [_text(t.get("webTitle")) for t in tags if t.get("type") == "contributor"]
    document.author = _text(fields.get("byline")) or "; ".join(c for c in contributors if c) or None
    names = [GUARDIAN_API.name, *contributors, *(document.author or "").split(";")]
    webtitle = clean_title(_text(content.get("webTitle")), names)
    document.title = _text(fields.get("headline")) or webtitle
    if not document.title:
        raise ParseError(f"Guardian content item {document.url}: no headline or webTitle")
    document.kind = _guardian_kind(content, tags, document.url)
    document.api_url = _api_url(content.get("apiUrl"), content.get("id"))
    document.published_at = _text(content.get("webPublicationDate")) or None
    document.updated_at = _text(fields.get("lastModified")) or None
    document.date = london_day(document.published_at)
    document.language = _language(_text(fields.get("lang"))) or "en"
    document.description = _html_summary(fields.get("standfirst") or fields.get("trailText"))


def _html_summary(html: Any) -> str | None:
    """A standfirst or trail text (HTML) as one line of plain text."""
    blocks = html_to_blocks(html) if isinstance(html, str) else []
    return " ".join(text for _, text in blocks) or None


def _guardian_kind(content: dict[str, Any], tags: list[dict[str, Any]], url: str) -> str:
    """ "opinion" for the commentisfree section or a tone/comment tag, else "article"."""
    if content.get("sectionId") == "commentisfree":
        return "opinion"
    if any(t.get("id") in GUARDIAN_OPINION_TAGS for t in tags):
        return "opinion"
    segments = {s.casefold() for s in urlsplit(url).path.split("/")}
    return "opinion" if segments & OPINION_PATH_SEGMENTS else "article"


def _guardian_extra(
    content: dict[str, Any], fields: dict[str, Any], tags: list[dict[str, Any]]
) -> dict[str, Any]:
    """Source fields kept verbatim: Guardian id, section, type, keyword/contributor tags."""
    extra: dict[str, Any] = {
        "outlet": GUARDIAN_API.name,
        "extractor": "guardian-content-api",
        "date_source": "webPublicationDate" if content.get("webPublicationDate") else None,
        "guardian_id": content.get("id"),
        "section": content.get("sectionName"),
        "type": content.get("type"),
    }
    kept = [t for t in tags if t.get("type") in ("keyword", "contributor")]
    extra["tags"] = [
        {"id": t.get("id"), "type": t.get("type"), "title": t.get("webTitle")} for t in kept
    ]
    if fields.get("shortUrl"):
        extra["short_url"] = fields["shortUrl"]
    return {key: value for key, value in extra.items() if value not in (None, [])}


def _guardian_body(content: dict[str, Any], fields: dict[str, Any]) -> str:
    """fields.body, else the body blocks' HTML in the order given (show-blocks=all)."""
    if isinstance(fields.get("body"), str):
        return fields["body"]
    blocks = _list_of_dicts(_dict(content.get("blocks")).get("body"))
    return "".join(b["bodyHtml"] for b in blocks if isinstance(b.get("bodyHtml"), str))
