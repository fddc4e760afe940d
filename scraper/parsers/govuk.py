"""Parsers for GOV.UK: Search API pages (which links to fetch) and Content API items.

Both are pure: bytes of a response in, items out. The Content API gives press
releases and speeches as JSON with the body as HTML, so this module turns that
HTML into ordered, attributable text blocks, one Contribution each.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml import etree

from pipelines.dates import to_london
from scraper.items import Contribution, Document, Person
from scraper.parsers import ParseError, UnsupportedDocument, json_object
from scraper.parsers.html_text import SKIPPED_TAGS, html_fragment, inline_text, normalise_space

SOURCE = "govuk"
WEB_ROOT = "https://www.gov.uk"
API_ROOT = "https://www.gov.uk/api/content"
LICENCE = "Open Government Licence v3.0"
LONDON = ZoneInfo("Europe/London")
GOVUK_HOSTS = frozenset({"www.gov.uk", "gov.uk"})
PEOPLE_PREFIX = "/government/people/"
SUPPORTED_SCHEMAS = frozenset({"news_article", "speech"})
EXTRA_DETAILS = ("speech_type_explanation", "location")

# Elements whose own text is one block, and the contribution kind they give.
LEAF_KINDS = {
    "p": "paragraph",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "li": "list_item",
    "td": "table_cell",
    "th": "table_cell",
    "dt": "paragraph",
    "dd": "paragraph",
    "figcaption": "paragraph",
    "caption": "paragraph",
    "pre": "paragraph",
}
# Elements that only group blocks; loose text directly inside them is kept too.
CONTAINERS = frozenset(
    {"div", "ul", "ol", "dl", "blockquote", "table", "thead", "tbody", "tfoot", "tr"}
    | {"section", "article", "aside", "figure", "header", "footer", "nav", "address"}
    | {"details", "summary", "body", "html", "main", "hr", "center"}
)
BLOCK_TAGS = frozenset(LEAF_KINDS) | CONTAINERS
# A paragraph inside one of these takes the enclosing element's kind.
CONTEXT_KINDS = {"blockquote": "quote", "li": "list_item", "td": "table_cell", "th": "table_cell"}


@dataclass
class SearchPage:
    """One page of GOV.UK Search API results, reduced to what the crawl needs."""

    total: int
    start: int
    links: list[str] = field(default_factory=list)
    skipped_external: int = 0


# --- shared JSON helpers -------------------------------------------------------------


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list_of_dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


# --- Search API --------------------------------------------------------------------


def parse_search(body: bytes) -> SearchPage:
    """Read a Search API page into the GOV.UK paths it lists, for the crawl to follow.

    Expects the body of ``/api/search.json``, e.g.
    ``{"results": [{"link": "/government/news/big-society-plans-...", ...}],
    "total": 1, "start": 0, "facets": {}, "suggested_queries": []}``.
    Links to other hosts are not GOV.UK content items, so they are counted, not kept.
    A result without a link breaks the API's promise and raises ParseError.
    """
    data = json_object(body, "GOV.UK search")
    if "error" in data:
        raise ParseError(f"GOV.UK search: the API returned an error: {data['error']!r}")
    results = data.get("results")
    if not isinstance(results, list):
        raise ParseError("GOV.UK search: no 'results' list in the response")
    links, skipped = _search_links(results)
    return SearchPage(
        total=_int_field(data, "total", len(results)),
        start=_int_field(data, "start", 0),
        links=links,
        skipped_external=skipped,
    )


def _int_field(data: dict[str, Any], name: str, default: int) -> int:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParseError(f"GOV.UK search: {name!r} is not an integer: {value!r}")
    return value


def _search_links(results: list[Any]) -> tuple[list[str], int]:
    """The site-relative link of each result, and how many pointed off GOV.UK."""
    links: list[str] = []
    skipped = 0
    for number, result in enumerate(results):
        link = result.get("link") if isinstance(result, dict) else None
        if not isinstance(link, str) or not link:
            raise ParseError(f"GOV.UK search: result {number} has no 'link'")
        local = _govuk_path(link)
        if local is None:
            skipped += 1
        else:
            links.append(local)
    return links, skipped


def _govuk_path(link: str) -> str | None:
    """Site path of a result link: "https://www.gov.uk/x" gives "/x", another host None."""
    parts = urlsplit(link)
    if not parts.netloc:
        return link
    if parts.netloc.lower() not in GOVUK_HOSTS:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- body HTML -----------------------------------------------------------------------


def html_to_blocks(html: str) -> list[tuple[str, str]]:
    """Split body HTML into (kind, text) blocks in reading order, dropping empty ones.

    Expects GOV.UK's rendered govspeak, e.g.
    ``<div class="govspeak"><p>Intro</p><ul><li>one</li></ul><blockquote><p>Q</p>
    </blockquote></div>`` → ``[("paragraph", "Intro"), ("list_item", "one"),
    ("quote", "Q")]``. Kinds: paragraph, heading, list_item, table_cell, quote.
    """
    if not html or not html.strip():
        return []
    try:
        root = html_fragment(html)
    except (ValueError, etree.ParserError):
        return []
    blocks: list[tuple[str, str]] = []
    _walk(root, "paragraph", blocks)
    return blocks


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: one line per block."""
    return "\n".join(text for _, text in html_to_blocks(html))


def _walk(container: Any, context: str, blocks: list[tuple[str, str]]) -> None:
    """Blocks inside a grouping element; loose text between them becomes its own block."""
    pending = container.text or ""
    for child in container:
        tag = child.tag  # a function for comments and the like, never a block
        if tag in BLOCK_TAGS:
            _add(blocks, context, pending)
            _block(child, tag, context, blocks)
            pending = child.tail or ""
            continue
        if type(tag) is str and tag not in SKIPPED_TAGS:
            pending += inline_text(child)
        tail = child.tail
        if tail:
            pending += tail
    _add(blocks, context, pending)


def _block(element: Any, tag: str, context: str, blocks: list[tuple[str, str]]) -> None:
    """A leaf block gives one (kind, text); a block holding blocks gives its inner ones."""
    text = _leaf_text(element) if tag in LEAF_KINDS else None
    if text is not None:
        own = LEAF_KINDS[tag]
        _add(blocks, context if own == "paragraph" else own, text)
    else:
        _walk(element, CONTEXT_KINDS.get(tag, context), blocks)


def _leaf_text(element: Any) -> str | None:
    """inline_text(element), or None when a block lies anywhere inside it.

    One walk does both jobs: most paragraphs hold a link or an emphasis, and asking
    first whether a block is inside, then for the text, walked them twice. Like
    inline_text, text inside script, style and the like is left out (blocks inside
    them still count) and <br> reads as a space.
    """
    if not len(element):  # most leaves: no children at all
        return element.text or ""
    texts = [element.text or ""]
    for child in element:
        tag = child.tag  # a function for comments and the like: only their tails count
        if type(tag) is str:
            if tag in BLOCK_TAGS:
                return None
            if tag in SKIPPED_TAGS or tag == "br":
                if _has_block_inside(child):
                    return None
                if tag == "br":
                    texts.append(" ")
            else:
                text = _leaf_text(child)
                if text is None:
                    return None
                texts.append(text)
        texts.append(child.tail or "")
    return "".join(texts)


def _has_block_inside(element: Any) -> bool:
    if not len(element):  # no children at all
        return False
    return any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in element.iterdescendants())


def _add(blocks: list[tuple[str, str]], kind: str, text: str) -> None:
    """Keep a block whose text is not blank, whitespace-normalised."""
    if text and not text.isspace():  # half the calls: the line breaks between blocks
        blocks.append((kind, normalise_space(text)))


# --- dates -----------------------------------------------------------------------------


def london_date(timestamp: str) -> str:
    """The Europe/London calendar date (YYYY-MM-DD) of an ISO 8601 timestamp.

    "2012-05-22T01:00:00+01:00" → "2012-05-22"; "2016-07-25T23:30:00Z" → "2016-07-26".
    A timestamp without an offset is taken as London local time.
    """
    parsed = to_london(timestamp)
    if parsed is None or parsed.precision != "day":
        raise ParseError(f"GOV.UK content item: bad timestamp {timestamp!r}")
    return parsed.date


def _first_timestamp(*values: Any) -> str | None:
    return next((v for v in values if isinstance(v, str) and v.strip()), None)


# --- Content API -----------------------------------------------------------------------


def parse_content(body: bytes, fetched_at: str) -> Document:
    """Turn a Content API press release or speech into a Document with its text blocks.

    Expects the body of ``https://www.gov.uk/api/content/<base_path>``, e.g.
    ``{"base_path": "/government/news/...", "title": "...", "schema_name": "news_article",
    "document_type": "press_release", "first_published_at": "2010-11-17T00:00:00.000+00:00",
    "details": {"body": "<div class=\\"govspeak\\"><p>...</p></div>", "political": true,
    "government": {...}}, "links": {"organisations": [...], "people": [...]}}``.
    Raises UnsupportedDocument for other schemas (role, publication, ...).
    """
    item = json_object(body, "GOV.UK content item")
    base_path, title = _required_strings(item)
    _ensure_supported(item)
    details, links = _dict(item.get("details")), _dict(item.get("links"))
    document = _new_document(item, base_path, title, body, fetched_at)
    _fill_dates(document, item, details)
    _fill_links(document, item, details, links)
    _fill_status(document, item, details, links)
    document.extra = _extra(item, details, links)
    document.contributions = _contributions(details.get("body"), _speaker(item, details, links))
    return document


def _new_document(
    item: dict[str, Any], base_path: str, title: str, body: bytes, fetched_at: str
) -> Document:
    """Identity and provenance: canonical www.gov.uk URLs whatever host served the bytes."""
    native_id = _native_id(item, base_path)
    return Document(
        id=f"{SOURCE}:{native_id}",
        source=SOURCE,
        kind=item.get("document_type") or item["schema_name"],
        url=WEB_ROOT + base_path,
        title=title,
        fetched_at=fetched_at,
        content_sha256=hashlib.sha256(body).hexdigest(),
        api_url=API_ROOT + base_path,
        native_id=native_id,
        description=item.get("description"),
        language=item.get("locale"),
        licence=LICENCE,
    )


def _native_id(item: dict[str, Any], base_path: str) -> str:
    """content_id, or base_path when there is none (the reconstructed items).

    Translations share their English original's content_id (publishing-api keys
    content by content_id *and* locale), so a non-English item gets ":<locale>"
    appended; otherwise the Urdu page would overwrite the English one on upsert.
    """
    content_id, locale = item.get("content_id"), item.get("locale")
    if not isinstance(content_id, str) or not content_id:
        return base_path
    if isinstance(locale, str) and locale and locale != "en":
        return f"{content_id}:{locale}"
    return content_id


def _required_strings(item: dict[str, Any]) -> tuple[str, str]:
    base_path, title = item.get("base_path"), item.get("title")
    if not isinstance(base_path, str) or not base_path.startswith("/"):
        raise ParseError(f"GOV.UK content item: missing or bad base_path {base_path!r}")
    if not isinstance(title, str) or not title.strip():
        raise ParseError(f"GOV.UK content item {base_path}: missing title")
    return base_path, title.strip()


def _ensure_supported(item: dict[str, Any]) -> None:
    schema, doc_type = item.get("schema_name"), item.get("document_type")
    if schema not in SUPPORTED_SCHEMAS:
        raise UnsupportedDocument(
            f"GOV.UK schema {schema!r} (document type {doc_type!r}) at {item['base_path']} "
            f"is not archived; supported: {sorted(SUPPORTED_SCHEMAS)}"
        )


def _fill_dates(document: Document, item: dict[str, Any], details: dict[str, Any]) -> None:
    """Published and updated as given; `date` is when it was said (delivered) or published."""
    document.published_at = _first_timestamp(
        item.get("first_published_at"), details.get("first_public_at")
    )
    document.updated_at = _first_timestamp(item.get("public_updated_at"))
    said = _first_timestamp(details.get("delivered_on"), document.published_at)
    document.date = london_date(said) if said else None


def _fill_links(
    document: Document, item: dict[str, Any], details: dict[str, Any], links: dict[str, Any]
) -> None:
    document.organisations = _titles(links.get("organisations"))
    document.roles = _titles(links.get("roles"))
    document.people = _people(item, details, links)


def _titles(linked: Any) -> list[str]:
    """Titles of linked items, in order, without duplicates."""
    titles = (link.get("title") for link in _list_of_dicts(linked))
    return list(dict.fromkeys(t.strip() for t in titles if isinstance(t, str) and t.strip()))


def _person(link: dict[str, Any]) -> Person | None:
    """A Person from a links.people / links.speaker entry (slug from its base_path)."""
    name, base_path = link.get("title"), link.get("base_path")
    if not isinstance(name, str) or not name.strip():
        return None
    if not isinstance(base_path, str) or not base_path.startswith("/"):
        return Person(name=name.strip())
    slug = base_path.removeprefix(PEOPLE_PREFIX) if base_path.startswith(PEOPLE_PREFIX) else None
    return Person(name=name.strip(), ref=slug or None, url=WEB_ROOT + base_path)


def _people(item: dict[str, Any], details: dict[str, Any], links: dict[str, Any]) -> list[Person]:
    """Speaker first (linked or profile-less), then the people linked, once each."""
    candidates = [_person(link) for link in _list_of_dicts(links.get("speaker"))]
    unlinked = _unlinked_speaker(item, details, links)
    if unlinked:
        candidates.insert(0, Person(name=unlinked))
    candidates += [_person(link) for link in _list_of_dicts(links.get("people"))]
    people: dict[Any, Person] = {}
    for person in candidates:
        if person is not None:
            people.setdefault(person.ref or ("name", person.name), person)
    return list(people.values())


def _unlinked_speaker(
    item: dict[str, Any], details: dict[str, Any], links: dict[str, Any]
) -> str | None:
    """details.speaker_without_profile of a speech that has no linked speaker."""
    text = details.get("speaker_without_profile")
    if item.get("schema_name") != "speech" or _list_of_dicts(links.get("speaker")):
        return None
    if not isinstance(text, str):
        return None
    return normalise_space(text) or None


def _speaker(item: dict[str, Any], details: dict[str, Any], links: dict[str, Any]) -> Person | None:
    """Who gave a speech (None for news articles, whose quotations are attributed later)."""
    if item.get("schema_name") != "speech":
        return None
    for link in _list_of_dicts(links.get("speaker")):
        return _person(link)
    unlinked = _unlinked_speaker(item, details, links)
    return Person(name=unlinked) if unlinked else None


def _fill_status(
    document: Document, item: dict[str, Any], details: dict[str, Any], links: dict[str, Any]
) -> None:
    """Government, history mode (political and not current) and withdrawal."""
    in_details = _dict(details.get("government"))
    in_links = next(iter(_list_of_dicts(links.get("government"))), {})
    document.government = in_details.get("title") or in_links.get("title")
    currents = (in_details.get("current"), _dict(in_links.get("details")).get("current"))
    document.history_mode = details.get("political") is True and False in currents
    notice = _dict(item.get("withdrawn_notice"))
    if notice:
        document.withdrawn_at = _first_timestamp(notice.get("withdrawn_at"))
        explanation = notice.get("explanation")
        text = html_to_text(explanation) if isinstance(explanation, str) else ""
        document.withdrawn_explanation = text or None


def _extra(item: dict[str, Any], details: dict[str, Any], links: dict[str, Any]) -> dict[str, Any]:
    """Source fields without a Document column, kept for display and audit."""
    extra: dict[str, Any] = {"schema_name": item.get("schema_name")}
    if item.get("content_id"):
        extra["content_id"] = item["content_id"]
    if _first_timestamp(details.get("delivered_on")):
        extra["delivered_on"] = details["delivered_on"]
    publisher = _titles(links.get("primary_publishing_organisation"))
    if publisher:
        extra["primary_publishing_organisation"] = publisher[0]
    extra.update({key: details[key] for key in EXTRA_DETAILS if details.get(key)})
    history = _list_of_dicts(details.get("change_history"))
    if history:
        extra["change_history"] = [
            {"public_timestamp": c.get("public_timestamp"), "note": c.get("note")} for c in history
        ]
    return extra


def _body_html(body: Any) -> str:
    """details.body is HTML; some representations give a list of content types instead."""
    if isinstance(body, str):
        return body
    for part in _list_of_dicts(body):
        if part.get("content_type") == "text/html" and isinstance(part.get("content"), str):
            return part["content"]
    return ""


def _contributions(body: Any, speaker: Person | None) -> list[Contribution]:
    """One Contribution per text block, each knowing the heading it sits under.

    A heading opens its own section, so its `section` is its own text.
    """
    contributions: list[Contribution] = []
    section: str | None = None
    for position, (kind, text) in enumerate(html_to_blocks(_body_html(body))):
        if kind == "heading":
            section = text
        contributions.append(
            Contribution(
                position=position,
                text=text,
                kind=kind,
                section=section,
                speaker_name=speaker.name if speaker else None,
                speaker_ref=speaker.ref if speaker else None,
            )
        )
    return contributions
