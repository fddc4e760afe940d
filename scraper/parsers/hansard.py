"""Parsers for Hansard: debate section pages and the Hansard API.

Pure functions, bytes in and items out. Two routes lead to the same Document:
the HTML page of a debate section on hansard.parliament.uk (what a reader sees,
and the only form recorded in the corpus) and the JSON the Hansard API gives for
the same section (``/debates/debate/{ExtId}.json``). The API's search endpoints
tell the spider which sections to fetch.

Decisions shared by both routes, so either gives the same record:

- ``id`` is ``"hansard:" + ExtId`` in upper case. Hansard prints new GUIDs in
  upper case and old ones in lower case, and answers either; one case keeps one
  section one row whatever URL led to it. ``native_id`` is the same upper-case id.
- ``url`` is built, not copied: ``https://hansard.parliament.uk/<House>/<date>/
  debates/<ExtId>/<TitleSlug>``. The page's og:url merely echoes the request
  (a double slash, "commons" in lower case when asked so), so only its parts are
  used; the ExtId keeps the case the page itself prints (its "Download text"
  link), which is the case the site and the API use in links.
- A contribution's ``column`` is the column it *starts* in. A column marker
  (``span.column-number[data-column-number]``) opens a new column where it
  stands, so a contribution takes the last marker before it in document order;
  markers inside it only affect what follows. Text before the page's first
  marker sits in the column before that marker (first marker 826 → 825).
  Without any marker the column is None.
- ``time`` is the last time stamp Hansard prints before the contribution (a
  time line such as "12.31 pm" or an API Timestamp item). The per-contribution
  Timecode (API) and the hidden debug tooltip (page) are not printed and are not
  in order, so they are not used.
- ``kind`` is "procedural" for the Chair's interventions, collective "rose—"
  lines, items without a speaker, procedural paragraph styles (hs_Procedural)
  and formulae ("Question put", "Resolved,"...); otherwise "speech".
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

from dateutil.parser import isoparse
from lxml import etree
from lxml import html as lxml_html

from scraper.items import Contribution, Document
from scraper.parsers import ParseError, json_object
from scraper.parsers.hansard_page import (
    ContributionParts,
    PageMap,
    contribution_parts,
    first_text,
    items_in_main,
    map_page,
    section_heading,
)
from scraper.parsers.html_text import (
    SKIPPED_TAGS,
    html_fragment,
    inline_text,
    normalise_space,
    string_value,
)

SOURCE = "hansard"
WEB_ROOT = "https://hansard.parliament.uk"
API_ROOT = "https://hansard-api.parliament.uk"
LICENCE = "Open Parliament Licence v3.0"
HOUSES = {"commons": "Commons", "lords": "Lords"}


def _has_class(name: str) -> str:
    """XPath test for one class token (``div.x`` in CSS)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# Column markers in an API item's HTML. Pages are read from a PageMap instead (see
# hansard_page), which tests the same class names without XPath.
_MARKERS = etree.XPath(
    f".//span[{_has_class('column-number')}][@data-column-number]/@data-column-number"
)
_PARAGRAPH_CLASSES = etree.XPath(".//p/@class")
_CRUMB_LINKS = etree.XPath("./a/@href")

_DEBATE_PATH = re.compile(
    r"^/+(?P<house>commons|lords)/(?P<date>\d{4}-\d{2}-\d{2})/debates/(?P<ext_id>[^/?#]+)",
    re.IGNORECASE,
)
_EXT_ID = re.compile(r"^\{?([0-9A-Za-z-]+)\}?$")
_VOLUME = re.compile(r"\bVolume\s+(\d+)", re.IGNORECASE)
_PRINTED_DATE = re.compile(r"\b(\d{1,2} [A-Z][a-z]+ \d{4})\b")
_COLUMN = re.compile(r"^(\d+)(\D*)$")
_CLOCK = re.compile(
    r"^(\d{1,2})(?:[.:](\d{2}))?(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|noon|midnight)?$",
    re.IGNORECASE,
)
# The Chair, by office alone: "Mr. Speaker", "Madam Deputy Speaker", "The Chairman of
# Ways and Means", "The Deputy Speaker". "The Chair of the X Committee" is a member.
_CHAIR = re.compile(
    r"^(?:(?:Mr|Madam|Mrs)\.?\s+)?(?:The\s+)?(?:(?:First|Second|Lord)\s+)?(?:Deputy[\s-]+)?"
    r"(?:Speaker|Chairman|Chairwoman|Chair)(?:\s+of\s+(?:Ways\s+and\s+Means|Committees))?$",
    re.IGNORECASE,
)
_COLLECTIVE = re.compile(r"^(?:Several|Some|Many)?\s*(?:hon\.?\s+Members|noble\s+Lords)$", re.I)
_ROSE = re.compile(r"^rose\s*[—–-]*$", re.IGNORECASE)
_QUESTION_NUMBER = re.compile(r"^Q?\d+\.?$")
_FORMULA = re.compile(
    r"^(?:Question put|Question accordingly|Question,? That\b|Resolved,|Ordered,|"
    r"The (?:House|Committee) (?:divided|proceeded to a Division)|Division No\b|"
    r"Bill (?:read|accordingly)|Motion,? by leave,? withdrawn|Amendment,? by leave,? withdrawn)",
    re.IGNORECASE,
)

# Elements that start a new paragraph; everything else is inline text.
_BLOCKS = frozenset(
    {"p", "div", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "pre", "table"}
    | {"thead", "tbody", "tfoot", "h1", "h2", "h3", "h4", "h5", "h6", "section"}
)


# --- public values ----------------------------------------------------------------------


@dataclass
class DebateRef:
    """A debate section a search result points at, with the URLs to fetch it."""

    ext_id: str  # DebateSectionExtId as the API gives it
    title: str
    house: str  # "Commons" or "Lords", as in Hansard URLs and API parameters
    date: str  # ISO sitting date
    url: str  # the debate page
    api_url: str  # /debates/debate/{ExtId}.json
    location: str | None = None  # e.g. "Commons Chamber" (debate search only)
    contribution_ids: list[str] = field(default_factory=list)  # matching contributions

    @property
    def id(self) -> str:
        """The Document id the section will get."""
        return debate_id(self.ext_id)


@dataclass
class SearchResults:
    """One page of a Hansard API search, reduced to the debate sections it names."""

    total: int  # TotalResultCount: results across all pages (contributions or debates)
    count: int  # results on this page, before grouping by debate
    debates: list[DebateRef] = field(default_factory=list)  # each section once, first seen first


# --- identifiers and URLs ---------------------------------------------------------------


def debate_id(ext_id: str) -> str:
    """Document id of a section: "hansard:" + ExtId in upper case (GUID case varies)."""
    return f"{SOURCE}:{_ext_id(ext_id).upper()}"


def _ext_id(value: str) -> str:
    match = _EXT_ID.match(value.strip())
    if not match:
        raise ParseError(f"Hansard: bad debate section id {value!r}")
    return match.group(1)


def title_slug(title: str) -> str:
    """Last URL segment Hansard builds from a title: words capitalised, then joined.

    "Oral Answers to Questions" → "OralAnswersToQuestions" (as in the captures'
    URLs); anything but ASCII letters and digits is dropped. The site finds a
    section by its id, so the slug is cosmetic, but a stable one keeps URLs stable.
    """
    words = (re.sub(r"[^A-Za-z0-9]", "", word) for word in title.split())
    return "".join(word[:1].upper() + word[1:] for word in words)


def debate_url(house: str, date: str, ext_id: str, title: str) -> str:
    """Canonical page URL of a section, e.g. .../Commons/2010-11-24/debates/<id>/<Slug>."""
    return f"{WEB_ROOT}/{_house_name(house)}/{date}/debates/{ext_id}/{title_slug(title)}"


def api_debate_url(ext_id: str) -> str:
    """URL of the section's JSON in the Hansard API."""
    return f"{API_ROOT}/debates/debate/{ext_id}.json"


def _house_name(value: Any) -> str:
    """ "commons" / "Commons" → "Commons"; anything else breaks the source's promise."""
    name = HOUSES.get(str(value).strip().lower()) if value is not None else None
    if name is None:
        raise ParseError(f"Hansard: unknown house {value!r}")
    return name


# --- text -------------------------------------------------------------------------------


def paragraphs(element: Any) -> list[str]:
    """Paragraph texts of an element, in order, whitespace-normalised, empty ones dropped.

    Expects Hansard's contribution markup, e.g. ``<div class="content"><p class="hs_Para">
    One.</p><p class="hs_Para"></p><p>Two <span class="column-number" ...></span>more</p>
    </div>`` → ``["One.", "Two more"]``. Text loose between blocks (old pages put
    ``<p></p>`` and ``<blockquote>`` inside a paragraph, which the parser closes)
    becomes its own paragraph; a table row becomes one paragraph, cells joined by " | ".
    """
    texts: list[str] = []
    _add_blocks(element, texts)
    return texts


def _add_blocks(element: Any, texts: list[str]) -> None:
    """Add the paragraphs of `element` to `texts`; loose text gathers in `pending` until
    a block or the end closes it."""
    pending = element.text or ""
    for child in element:
        tag = child.tag  # a function for comments and the like, never a block
        if tag == "tr":
            _add_paragraph(texts, pending)
            _add_paragraph(texts, " | ".join(normalise_space(inline_text(c)) for c in child))
            pending = child.tail or ""
        elif tag in _BLOCKS:
            _add_paragraph(texts, pending)
            if len(child):
                _add_blocks(child, texts)
            else:  # most <p>: their text is the paragraph
                _add_paragraph(texts, child.text or "")
            pending = child.tail or ""
        else:
            if type(tag) is str and tag not in SKIPPED_TAGS:
                pending += inline_text(child)
            tail = child.tail
            if tail:
                pending += tail
    _add_paragraph(texts, pending)


def _add_paragraph(texts: list[str], raw: str) -> None:
    if raw and not raw.isspace():  # many calls: the line breaks between blocks
        texts.append(normalise_space(raw))


def _fragment(markup: Any) -> Any:
    """An API Value (HTML, or plain text) as an element to read paragraphs from."""
    if not isinstance(markup, str) or not markup.strip():
        return html_fragment("")
    try:
        return html_fragment(markup)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"Hansard API: unreadable item HTML ({exc})") from exc


def _clock(text: str) -> str | None:
    """A printed time stamp as HH:MM:SS: "12.31 pm" → "12:31:00", "16:30:00" kept, else None."""
    match = _CLOCK.match(text.strip())
    if not match or (match.group(2) is None and not match.group(4)):
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower().replace(".", "")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem in {"am", "midnight"} and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return f"{hour:02d}:{minute:02d}:{second:02d}"


def column_before(marker: str) -> str | None:
    """The column preceding a column number: "826" → "825", "12WH" → "11WH", "1" → None."""
    match = _COLUMN.match(marker.strip())
    if not match or int(match.group(1)) <= 1:
        return None
    return f"{int(match.group(1)) - 1}{match.group(2)}"


# --- contributions, shared by both routes --------------------------------------------


@dataclass
class _Draft:
    """A contribution as read from a page or the API, before positions and kinds."""

    text: str
    tags: frozenset[str]  # paragraph classes (page) or HRSTag (API)
    section: str | None
    column: str | None  # None while it starts before the first column marker
    time: str | None
    speaker_name: str | None = None
    speaker_ref: str | None = None
    speaker_detail: str | None = None
    native_id: str | None = None
    anchor: str | None = None


@dataclass
class _Cursor:
    """Where the reading has got to: the current column and the last printed time."""

    column: str | None = None
    first_column: str | None = None
    time: str | None = None
    drafts: list[_Draft] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # texts of non-contribution items

    def mark(self, column: str) -> None:
        self.column = column.strip()
        self.first_column = self.first_column or self.column

    def other(self, text: str) -> None:
        """A non-contribution item: a printed time moves the clock, anything else is kept."""
        if text:
            clock = _clock(text)
            if clock:
                self.time = clock
            else:
                self.others.append(text)


def _kind(draft: _Draft) -> str:
    """ "procedural" for the Chair, collective "rose—", formulae and unattributed items."""
    name, detail, text = draft.speaker_name or "", draft.speaker_detail or "", draft.text
    if not name or _procedural_tags(draft.tags) or _procedural_speaker(name, detail):
        return "procedural"
    if _ROSE.match(text) or _QUESTION_NUMBER.match(text) or _FORMULA.match(text):
        return "procedural"
    return "speech"


@lru_cache(maxsize=256)  # a page uses a handful of paragraph styles
def _procedural_tags(tags: frozenset[str]) -> bool:
    """Whether every paragraph style is a procedural one (hs_Procedural...); none is not."""
    return bool(tags) and all("procedural" in t.lower() for t in tags)


@lru_cache(maxsize=4096)  # a page hears each speaker many times
def _procedural_speaker(name: str, detail: str) -> bool:
    """The Chair by office, a collective ("Several hon. Members"), or anyone "in the Chair"."""
    if _CHAIR.match(name) or _COLLECTIVE.match(name):
        return True
    return "in the chair" in f"{name} {detail}".lower()


def _contributions(cursor: _Cursor) -> list[Contribution]:
    """Number the drafts and settle the columns of those before the first marker."""
    opening = column_before(cursor.first_column) if cursor.first_column else None
    return [
        Contribution(
            position=position,
            text=draft.text,
            kind=_kind(draft),
            section=draft.section,
            speaker_name=draft.speaker_name,
            speaker_ref=draft.speaker_ref,
            speaker_detail=draft.speaker_detail,
            time=draft.time,
            column=draft.column or opening,
            anchor=draft.anchor,
            native_id=draft.native_id,
        )
        for position, draft in enumerate(cursor.drafts)
    ]


def _kind_of_section(headings: list[str], location: str | None = None) -> str:
    """oral_questions, written_statement or debate, from the section's place in the day."""
    names = {normalise_space(h).lower() for h in [*headings, location or ""]}
    if names & {"written statements", "written ministerial statements"}:
        return "written_statement"
    if "oral answers to questions" in names:
        return "oral_questions"
    return "debate"


def _new_document(
    ext_id: str, title: str, house: str, date: str, body: bytes, fetched_at: str
) -> Document:
    return Document(
        id=debate_id(ext_id),
        source=SOURCE,
        kind="debate",
        url=debate_url(house, date, ext_id, title),
        title=title,
        fetched_at=fetched_at,
        content_sha256=hashlib.sha256(body).hexdigest(),
        api_url=api_debate_url(ext_id),
        native_id=_ext_id(ext_id).upper(),
        date=date,
        house=_house_name(house).lower(),
        language="en",
        licence=LICENCE,
    )


# --- debate pages -----------------------------------------------------------------------


def parse_debate_page(body: bytes, url: str, fetched_at: str) -> Document:
    """Read a hansard.parliament.uk debate section page into a Document and its contributions.

    Expects the page at ``https://hansard.parliament.uk/<House>/<YYYY-MM-DD>/debates/
    <ExtId>/<Title>``, e.g. ``<div class="hero-banner ..."><h1>Public Sector Mutuals</h1>
    <h2>Volume 519: debated on Wednesday 24 November 2010</h2></div> ... <div class=
    "primary-content"><div class="contribution" data-contribution-id="..."> <a class=
    "attributed-to-details with-link" href="/search/MemberContributions?house=Commons&amp;
    memberId=115"><div class="primary-text">Mr Maude</div></a> <div class="content">
    <p class="hs_Para">...</p></div></div></div>``. One Contribution per div.contribution;
    a page with none gives an empty list. `url` is the URL requested (any host).
    Raises ParseError for anything that is not a whole debate section page.
    """
    page = map_page(_load_page(body))
    title = _page_title(page)
    if page.main is None:
        raise ParseError(f"Hansard page {url}: no div.primary-content, not a debate page")
    _ensure_whole(body, url)
    subtitle = first_text(page.inside("hero-banner", "h2"))  # "Volume 519: debated on …"
    ext_id, house, date = _page_identity(page, url, subtitle)
    document = _new_document(ext_id, title, house, date, body, fetched_at)
    document.headings, parent = _page_headings(page, title)
    document.kind = _kind_of_section(document.headings)
    cursor = _read_page(page, title)
    document.contributions = _contributions(cursor)
    document.extra = _page_extra(page, subtitle, parent, cursor.others)
    return document


# Nothing looks elements up by id, so the parsers do not index them (collect_ids=False).
_UTF8_PARSER = etree.HTMLParser(encoding="utf-8", collect_ids=False)
_GUESSING_PARSER = etree.HTMLParser(collect_ids=False)


def _load_page(body: bytes) -> Any:
    """Parse HTML bytes (UTF-8 as Hansard serves it; lxml guesses otherwise).

    A plain etree parser, not lxml.html's: see string_value() for why.
    """
    try:
        body.decode("utf-8")
        parser = _UTF8_PARSER
    except UnicodeDecodeError:
        parser = _GUESSING_PARSER
    try:
        root = lxml_html.document_fromstring(body, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"Hansard page: unreadable HTML ({exc})") from exc
    if root is None:
        raise ParseError("Hansard page: empty document")
    return root


def _page_title(page: PageMap) -> str:
    """The hero banner's h1: the section title as the page prints it."""
    title = normalise_space(first_text(page.inside("hero-banner", "h1")))
    if not title:
        raise ParseError("Hansard page: no hero-banner title, not a debate section page")
    return title


def _ensure_whole(body: bytes, url: str) -> None:
    """A page cut short loses contributions silently; Hansard pages always end in </html>."""
    if b"</html>" not in body[-2048:].lower():
        raise ParseError(f"Hansard page {url}: truncated (no closing </html>)")


def _page_identity(page: PageMap, url: str, subtitle: str) -> tuple[str, str, str]:
    """ExtId, house and date as the page states them, else from og:url, else the request.

    The page states its id in its "Download text" link, its house in the body class
    and its date in the hero's h2, `subtitle` ("debated on Wednesday 22 June 2022");
    og:url and the request only echo whatever URL was asked for.
    """
    paths = [_path_parts(page.og_url or ""), _path_parts(url)]
    known = next((parts for parts in paths if parts), None) or {}
    text_link = page.text_link.rstrip("/").rsplit("/", 1)[-1]
    ext_id = text_link or known.get("ext_id")
    house = _house_from_body(page.body_class or "") or known.get("house")
    date = _printed_date(subtitle) or known.get("date")
    if not ext_id or not house or not date:
        raise ParseError(f"Hansard page {url}: cannot tell the section id, house and date")
    return _ext_id(ext_id), _house_name(house), date


def _path_parts(url: str) -> dict[str, str] | None:
    """house, date and ext_id from a debate URL path (double slashes and case tolerated)."""
    match = _DEBATE_PATH.match(urlsplit(url.strip()).path) if url and url.strip() else None
    return match.groupdict() if match else None


def _house_from_body(body_class: str) -> str | None:
    """The house from ``<body class="brand-commons">``."""
    for token in body_class.split():
        if token.startswith("brand-") and token[6:] in HOUSES:
            return token[6:]
    return None


def _printed_date(subtitle: str) -> str | None:
    """ISO date of "Volume 519: debated on Wednesday 24 November 2010"."""
    match = _PRINTED_DATE.search(subtitle)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%d %B %Y").date().isoformat()
    except ValueError:
        return None


def _page_headings(page: PageMap, title: str) -> tuple[list[str], tuple[str, str] | None]:
    """Breadcrumb sections above this one, then its title; and the nearest (id, title) above.

    The crumbs "UK Parliament", "Hansard" and the sitting day are not sections.
    """
    headings: list[str] = []
    parent: tuple[str, str] | None = None
    for crumb in page.inside("breadcrumb", "li"):
        links = _CRUMB_LINKS(crumb)
        parts = _path_parts(links[0]) if links else None
        if parts:
            name = normalise_space(string_value(crumb))
            headings.append(name)
            parent = (parts["ext_id"], name)
    return [*headings, title], parent


def _page_extra(
    page: PageMap, subtitle: str, parent: tuple[str, str] | None, others: list[str]
) -> dict[str, Any]:
    """Volume (from the hero's h2, `subtitle`), the section above, the neighbouring
    sections and the non-contribution items."""
    extra: dict[str, Any] = {}
    volume = _VOLUME.search(subtitle)
    if volume:
        extra["volume"] = int(volume.group(1))
    if parent:
        extra["parent_id"], extra["parent_title"] = parent
    for link in page.inside("actions-right", "a"):
        if "/debates/" not in link.get("href", ""):
            continue
        label = normalise_space(string_value(link)).lower()
        parts = _path_parts(link.get("href", ""))
        if parts and label.startswith(("previous", "next")):
            extra["previous_id" if label.startswith("previous") else "next_id"] = parts["ext_id"]
    if others:
        extra["other_items"] = others
    return extra


def _read_page(page: PageMap, title: str) -> _Cursor:
    """Walk contributions, column markers and other items in document order."""
    cursor = _Cursor()
    sections: dict[Any, str] = {}  # see section_heading()
    items = items_in_main(page)
    for number, (node, parts_from) in enumerate(items, 1):
        if node.tag == "span":
            cursor.mark(node.get("data-column-number", ""))
        elif "contribution" in node.get("class", "").split():
            following = items[number] if number < len(items) else None
            parts = contribution_parts(page, node, parts_from, following)
            section = _printed(section_heading(node, sections)) or title
            cursor.drafts.append(_page_draft(node, parts, section, cursor))
        else:
            cursor.other(normalise_space(string_value(node)))
    return cursor


def _page_draft(node: Any, parts: ContributionParts, section: str, cursor: _Cursor) -> _Draft:
    """One div.contribution: who (as printed, and the member link), what, where."""
    anchor = node.get("id")
    native_id = node.get("data-contribution-id") or _id_from_anchor(anchor)
    return _Draft(
        text="\n\n".join(paragraphs(parts.content)) if parts.content is not None else "",
        tags=frozenset(c for c in parts.paragraph_classes if c.strip()),
        section=section,
        column=cursor.column,
        time=cursor.time,
        speaker_name=_printed(_text(parts.primary)),
        speaker_ref=_member_id(parts.speaker_link or ""),
        speaker_detail=_printed(_text(parts.secondary)),
        native_id=native_id,
        anchor=anchor or (f"contribution-{native_id}" if native_id else None),
    )


def _text(element: Any | None) -> str:
    return string_value(element) if element is not None else ""


@lru_cache(maxsize=4096)  # a page prints each speaker's name and seat many times
def _printed(text: str) -> str | None:
    """A name or seat as printed, whitespace folded; None when blank."""
    return normalise_space(text) or None


def _id_from_anchor(anchor: str | None) -> str | None:
    if anchor and anchor.startswith("contribution-") and len(anchor) > len("contribution-"):
        return anchor.removeprefix("contribution-")
    return None


@lru_cache(maxsize=2048)  # a page links each member it hears many times
def _member_id(href: str) -> str | None:
    """memberId from "/search/MemberContributions?house=Commons&memberId=115" → "115"."""
    values = parse_qs(urlsplit(href).query).get("memberId") if href else None
    value = values[0].strip() if values else ""
    return value if value.isdigit() else None


# --- Hansard API: JSON helpers ---------------------------------------------------------


def _load_object(body: bytes, what: str) -> dict[str, Any]:
    """Decode a JSON object, or raise ParseError saying what was wrong (error objects too)."""
    data = json_object(body, f"Hansard API {what}")
    message = data.get("Message") or data.get("message") or data.get("error")
    if message and "Results" not in data and "Overview" not in data:
        raise ParseError(f"Hansard API {what}: the API returned an error: {message!r}")
    return data


def _list_of_dicts(value: Any, what: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ParseError(f"Hansard API {what}: expected a list of objects")
    return value


def _count(data: dict[str, Any], name: str, what: str) -> int:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ParseError(f"Hansard API {what}: {name!r} is not a count: {value!r}")
    return value


def _text_field(data: dict[str, Any], name: str, what: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ParseError(f"Hansard API {what}: missing {name!r}")
    return value.strip()


def sitting_date(value: Any, what: str = "date") -> str:
    """ISO date of an API date-time: "2010-11-24T00:00:00" → "2010-11-24".

    Sitting dates are calendar dates sent as midnight; the date part is taken as
    given, without moving it between time zones.
    """
    try:
        return isoparse(str(value)).date().isoformat()
    except (ValueError, TypeError, OverflowError) as exc:
        raise ParseError(f"Hansard API: bad {what} {value!r}") from exc


# --- Hansard API: search ---------------------------------------------------------------


def parse_contribution_search(body: bytes) -> SearchResults:
    """Read a contribution search page into the debate sections its results sit in.

    Expects the body of ``/search/contributions/Spoken.json?queryParameters.searchTerm=
    mutuals&queryParameters.skip=0&queryParameters.take=20`` (SearchContributionsQueryResult),
    e.g. ``{"Results": [{"MemberId": 115, "AttributedTo": "Mr Maude", "ContributionExtId":
    "...", "ContributionText": "...", "DebateSection": "Public Sector Mutuals",
    "DebateSectionExtId": "10112451000023", "SittingDate": "2010-11-24T00:00:00",
    "House": "Commons", ...}], "TotalResultCount": 1, "SearchTerms": ["mutuals"]}``.
    `total` counts contributions; each section appears once in `debates`.
    """
    data = _load_object(body, "contribution search")
    results = _list_of_dicts(_required_list(data, "contribution search"), "contribution search")
    debates: dict[str, DebateRef] = {}
    for number, result in enumerate(results):
        ref = _debate_ref(result, "DebateSection", f"contribution search result {number}")
        known = debates.setdefault(ref.id, ref)
        contribution = result.get("ContributionExtId")
        if isinstance(contribution, str) and contribution.strip():
            known.contribution_ids.append(contribution.strip())
    total = _count(data, "TotalResultCount", "contribution search")
    return SearchResults(total=total, count=len(results), debates=list(debates.values()))


def parse_debate_search(body: bytes) -> SearchResults:
    """Read a debate search page into the debate sections it lists.

    Expects the body of ``/search/debates.json?queryParameters.searchTerm=mutuals&...``
    (the swagger types it only as an object; it has the QueryResult[SearchDebateItem]
    shape), e.g. ``{"Results": [{"DebateSection": "Commons Chamber", "SittingDate":
    "2010-11-24T00:00:00", "House": "Commons", "Title": "Public Sector Mutuals",
    "Rank": 1, "DebateSectionExtId": "10112451000023"}], "TotalResultCount": 1}``.
    """
    data = _load_object(body, "debate search")
    results = _list_of_dicts(_required_list(data, "debate search"), "debate search")
    debates: dict[str, DebateRef] = {}
    for number, result in enumerate(results):
        ref = _debate_ref(result, "Title", f"debate search result {number}")
        location = result.get("DebateSection")
        if isinstance(location, str) and location.strip() and result.get("Title"):
            ref.location = normalise_space(location)  # the section's place, not its title
        debates.setdefault(ref.id, ref)
    total = _count(data, "TotalResultCount", "debate search")
    return SearchResults(total=total, count=len(results), debates=list(debates.values()))


def _required_list(data: dict[str, Any], what: str) -> Any:
    if not isinstance(data.get("Results"), list):
        raise ParseError(f"Hansard API {what}: no 'Results' list in the response")
    return data["Results"]


def _debate_ref(result: dict[str, Any], title_key: str, what: str) -> DebateRef:
    """A DebateRef from one result; the title falls back to DebateSection."""
    ext_id = _ext_id(_text_field(result, "DebateSectionExtId", what))
    title_value = result.get(title_key) or result.get("DebateSection")
    title = normalise_space(title_value) if isinstance(title_value, str) else ""
    if not title:
        raise ParseError(f"Hansard API {what}: missing {title_key!r}")
    house = _house_name(result.get("House"))
    date = sitting_date(result.get("SittingDate"), f"SittingDate in {what}")
    return DebateRef(
        ext_id=ext_id,
        title=title,
        house=house,
        date=date,
        url=debate_url(house, date, ext_id, title),
        api_url=api_debate_url(ext_id),
    )


def search_page_is_consistent(results: SearchResults, skip: int, take: int | None) -> bool:
    """Whether a page holds exactly as many results as its total promises.

    Rule: a page asked for with ``skip`` and ``take`` must hold
    ``min(take, max(total - skip, 0))`` results (all of the rest when take is None).
    A page with fewer (say none while the total says more remain) or more than that
    means the total or the page is wrong, and paging on it would stop early or never
    stop: the spider should log the query and not trust `total`.
    """
    remaining = max(results.total - skip, 0)
    expected = remaining if take is None else min(take, remaining)
    return results.count == expected


# --- Hansard API: a debate section -----------------------------------------------------


def parse_debate_json(body: bytes, fetched_at: str) -> Document:
    """Read ``/debates/debate/{ExtId}.json`` into the same Document the page gives.

    Expects the Debate model, e.g. ``{"Overview": {"ExtId": "10112451000023", "Title":
    "Public Sector Mutuals", "House": "Commons", "Date": "2010-11-24T00:00:00",
    "VolumeNo": 519, "Location": "Commons Chamber", ...}, "Navigator": [...], "Items":
    [{"ItemType": "Contribution", "MemberId": 115, "AttributedTo": "Mr Maude", "Value":
    "<p class=\\"hs_Para\\">...</p>", "ExternalId": "...", "HRSTag": "hs_Para", ...}],
    "ChildDebates": [{"Overview": {...}, "Items": [...], "ChildDebates": []}]}``.
    Contributions come from Items of type Contribution, this section's first, then each
    child debate's in order (as the page shows them). Unknown keys are ignored.
    """
    data = _load_object(body, "debate")
    overview = data.get("Overview")
    if not isinstance(overview, dict):
        raise ParseError("Hansard API debate: no 'Overview' object in the response")
    ext_id = _text_field(overview, "ExtId", "debate Overview")
    title = normalise_space(_text_field(overview, "Title", f"debate {ext_id}"))
    house = _house_name(overview.get("House"))
    date = sitting_date(overview.get("Date"), f"Date of debate {ext_id}")
    document = _new_document(ext_id, title, house, date, body, fetched_at)
    location = overview.get("Location") if isinstance(overview.get("Location"), str) else None
    path = _navigator_path(data.get("Navigator"), ext_id)
    document.headings, parent = _json_headings(path, location, title)
    document.kind = _kind_of_section(document.headings, location)
    document.updated_at = overview.get("ContentLastUpdated") or None
    cursor = _Cursor()
    _read_debate(data, title, cursor)
    document.contributions = _contributions(cursor)
    document.extra = _json_extra(overview, parent, cursor.others)
    return document


def _read_debate(debate: dict[str, Any], section: str, cursor: _Cursor) -> None:
    """Items of one (child) debate in order, then its child debates, depth first."""
    for item in _list_of_dicts(debate.get("Items"), f"debate {section!r} Items"):
        value = _fragment(item.get("Value"))
        if str(item.get("ItemType", "")).strip().lower() == "contribution":
            cursor.drafts.append(_json_draft(item, value, section, cursor))
        else:
            cursor.other(normalise_space(string_value(value)))
        for marker in _MARKERS(value):
            cursor.mark(marker)
    for child in _list_of_dicts(debate.get("ChildDebates"), f"debate {section!r} ChildDebates"):
        overview = child.get("Overview") if isinstance(child.get("Overview"), dict) else {}
        title = overview.get("Title") if isinstance(overview.get("Title"), str) else ""
        _read_debate(child, normalise_space(title) or section, cursor)


def _json_draft(item: dict[str, Any], value: Any, section: str, cursor: _Cursor) -> _Draft:
    """One Contribution item: AttributedTo split into name and detail, Value into text."""
    name, detail = split_attribution(item.get("AttributedTo"))
    member = item.get("MemberId")
    external = item.get("ExternalId") if isinstance(item.get("ExternalId"), str) else None
    native_id = external.strip() if external and external.strip() else None
    tag = item.get("HRSTag") if isinstance(item.get("HRSTag"), str) else ""
    return _Draft(
        text="\n\n".join(paragraphs(value)),
        tags=frozenset(t for t in {tag.strip()} | set(_PARAGRAPH_CLASSES(value)) if t.strip()),
        section=section,
        column=cursor.column,
        time=cursor.time,
        speaker_name=name,
        speaker_ref=str(member) if isinstance(member, int) and member > 0 else None,
        speaker_detail=detail,
        native_id=native_id,
        anchor=f"contribution-{native_id}" if native_id else None,
    )


def split_attribution(value: Any) -> tuple[str | None, str | None]:
    """AttributedTo as the page prints it: name, then the bracketed rest.

    "Nick Fletcher (Don Valley) (Con)" → ("Nick Fletcher", "(Don Valley) (Con)");
    "The Secretary of State for Northern Ireland (Brandon Lewis)" → (office, "(Brandon
    Lewis)"); "Mr Maude" → ("Mr Maude", None).
    """
    text = normalise_space(value) if isinstance(value, str) else ""
    if not text:
        return None, None
    name, bracket, rest = text.partition(" (")
    return name.strip() or None, (bracket.strip() + rest).strip() or None


def _navigator_path(navigator: Any, ext_id: str) -> list[dict[str, Any]]:
    """Navigator (SectionTreeItem) entries from the top of the day's tree down to ext_id."""
    items = [i for i in navigator if isinstance(i, dict)] if isinstance(navigator, list) else []
    by_id = {i.get("Id"): i for i in items if i.get("Id") is not None}
    node = next((i for i in items if str(i.get("ExternalId", "")).upper() == ext_id.upper()), None)
    path: list[dict[str, Any]] = []
    while node is not None and all(node is not seen for seen in path):
        path.insert(0, node)
        node = by_id.get(node.get("ParentId"))
    return path


def _json_headings(
    path: list[dict[str, Any]], location: str | None, title: str
) -> tuple[list[str], tuple[str, str] | None]:
    """Sections above this one, then its title (the page's breadcrumb); and the parent's id.

    Without a Navigator entry for the section, the Location ("Commons Chamber") stands
    for the sections above it.
    """
    above = path[:-1]
    headings = [normalise_space(str(n.get("Title") or "")) for n in above]
    headings = [h for h in headings if h]
    if not path and location and normalise_space(location) != title:
        headings = [normalise_space(location)]
    parent_id = str(above[-1].get("ExternalId") or "") if above else ""
    parent = (parent_id, headings[-1]) if parent_id and headings else None
    return [*headings, title], parent


def _json_extra(
    overview: dict[str, Any], parent: tuple[str, str] | None, others: list[str]
) -> dict[str, Any]:
    """Overview fields without a Document column, named as the page parser names them."""
    extra: dict[str, Any] = {}
    volume = overview.get("VolumeNo")
    if isinstance(volume, int) and not isinstance(volume, bool) and volume > 0:
        extra["volume"] = volume
    if parent:
        extra["parent_id"], extra["parent_title"] = parent
    names = {"Location": "location", "HRSTag": "hrs_tag", "Source": "hansard_source"}
    names |= {"PreviousDebateExtId": "previous_id", "NextDebateExtId": "next_id"}
    for key, name in names.items():
        if overview.get(key) not in (None, ""):
            extra[name] = overview[key]
    if others:
        extra["other_items"] = others
    return extra
