"""Parsers for TheyWorkForYou: parlparse "scrapedxml" day files and the getHansard API.

Pure functions, bytes in and items out. A day file (``/pwdata/scrapedxml/<folder>/
<prefix><date><letter>.xml``) holds one sitting day of one kind of business as a flat
run of headings and speeches; a newer letter (a, b, c...) republishes the whole day
and ``latest="yes"`` on the root marks the current one. The getHansard API search
tells the spider which day files hold what it looks for.

Decisions, so that every version of a day gives the same records:

- One Document per *lowest open heading* that has content under it: a minor heading,
  else the major heading (speeches directly under it, such as "The Secretary of
  State was asked—"), else the oral heading. Headings without content give nothing.
  Content before any heading at all (superseded stub files) is dropped, and
  ``DayFile.warnings`` says so.
- ``id`` is ``twfy:<kind>/<heading gid without the version letter>``, so a newer
  version of the day upserts the same ids; ``part_of`` (``twfy:<kind>/<date>``) names
  the whole day, which storage replaces when a newer version arrives, removing
  headings whose gids moved. ``<kind>`` is the Document kind: the folder, except
  ``lordspages`` → ``lords``. Standing committees sit several to a day, so their
  key is the file stem instead of the date (``twfy:standing/2009-10-20_CHILDPOV_
  07-0_2009-10-29``), and their gids drop the redundant "standing" prefix.
- URLs are TheyWorkForYou's own: ``/<section>/?id=<gid>`` with section debates,
  whall, wms, wrans or lords. Lords written statements and answers sit in the
  same wms and wrans sections as the Commons ones (TWFY loads both into one
  "major"), Public Bill Committees at ``/pbc/<session>/<Bill_Title>/<sitting gid>``
  (built from the file's ``<bill>``; without one, ``/pbc/?id=<gid>``, a guess).
- Contributions: ``<speech>`` (kind "speech", "procedural" without a speaker),
  ``<ques>`` ("question"), ``<reply>`` ("answer", speaker_role "minister"),
  ``<division>`` ("procedural", a one-line summary of counts and tellers, never the
  voters) and any other element carrying text ("procedural"). Written statements,
  and speeches Hansard types as an Answer, get speaker_role "minister". Elements
  whose text is empty are skipped with a warning. ``<bill>`` and ``<committee>``
  (standing committee membership) are metadata, not contributions.
- speaker_ref is the full ``person_id`` if present, else ``speakerid`` (member or
  lord id); parlparse's "unknown" is no id, so it gives None.
- Times as HH:MM:SS: parlparse prints "016:45:00" and "9:30"; "unknown" is None.
- Encodings: the XML declaration decides (UTF-8 without one). A file claiming UTF-8
  that holds other bytes keeps its valid UTF-8 and reads the stray bytes as
  Windows-1252, with a warning giving the first byte position. C1 control
  characters (``&#146;``, or 0x92 in an ISO-8859-1 file) are the Windows-1252
  punctuation Hansard meant, and are read so. HTML entities (``&mdash;``) not
  declared by the file's own DTD are resolved from Python's HTML table; nothing is
  fetched. Malformed or truncated XML raises ParseError with line and column: a
  partial day would replace a whole one.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.entities import name2codepoint
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from scraper.items import Contribution, Document
from scraper.parsers import ParseError
from scraper.parsers.html_text import fold_ascii, fold_spaces, inline_text, normalise_space

SOURCE = "twfy"
WEB_ROOT = "https://www.theyworkforyou.com"
DATA_ROOT = f"{WEB_ROOT}/pwdata/scrapedxml"
LICENCE = "Open Parliament Licence v3.0 (data: mySociety TheyWorkForYou/parlparse)"


@dataclass(frozen=True)
class DayKind:
    """One kind of day file: where it lives, how it is named and where TWFY shows it."""

    folder: str  # scrapedxml folder, e.g. "westminhall"
    prefix: str  # file name prefix, e.g. "westminster"
    kind: str  # Document.kind and the ids' namespace
    section: str  # TWFY URL section, e.g. "whall"
    house: str


_KIND_LIST = (
    DayKind("debates", "debates", "debates", "debates", "commons"),
    DayKind("westminhall", "westminster", "westminhall", "whall", "commons"),
    DayKind("wms", "ministerial", "wms", "wms", "commons"),
    DayKind("wrans", "answers", "wrans", "wrans", "commons"),
    DayKind("lordspages", "daylord", "lords", "lords", "lords"),
    DayKind("lordswms", "lordswms", "lordswms", "wms", "lords"),
    DayKind("lordswrans", "lordswrans", "lordswrans", "wrans", "lords"),
    DayKind("standing", "standing", "standing", "pbc", "commons"),
)
KINDS = {k.folder: k for k in _KIND_LIST}  # by folder
_BY_ANY_NAME = {name: k for k in _KIND_LIST for name in (k.folder, k.prefix, k.kind)}

# TWFY's "major" codes (www/includes/dbtypes.php) → day file kind. 3 and 4 hold both
# Houses; the speaker's house tells them apart. 104 is an alias of 4 in that table,
# taken here to be Lords statements (inferred, not documented).
MAJORS = {
    1: "debates",
    2: "westminhall",
    3: "wrans",
    4: "wms",
    5: "ni",
    6: "standing",
    7: "sp",
    8: "spwrans",
    101: "lordspages",
    104: "lordswms",
}
_LORDS_TWIN = {"wrans": "lordswrans", "wms": "lordswms"}
# TWFY sections of the other parliaments, which have no day file kind here.
_OTHER_SECTIONS = {"ni": "ni", "sp": "sp", "spwrans": "spwrans"}

_DAY_NAME = re.compile(
    r"^(?P<prefix>debates|westminster|ministerial|answers|daylord|lordswms|lordswrans)"
    r"(?P<date>\d{4}-\d{2}-\d{2})(?P<version>[a-z]*)\.xml$"
)
_STANDING_NAME = re.compile(
    r"^standing(?P<key>[^/]*_(?P<date>\d{4}-\d{2}-\d{2}))(?P<version>[a-z]*)\.xml$"
)
_GID_VERSION = re.compile(r"(\d{4}-\d{2}-\d{2})[a-z]+(?=\.)")
_GID_DATE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?P<version>[a-z]*)\.")
_STANDING_GID = re.compile(r"^standing\d{4}-\d{2}-\d{2}_[^_]*_(?P<tail>.+)$")
_STANDING_FILE_GID = re.compile(r"^(standing[^.]*_\d{4}-\d{2}-\d{2}[a-z])\.")
_NEXT_VERSION = re.compile(r"([a-y])\.xml$")
_CLOCK = re.compile(r"^0*(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_ENTITY_REF = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_DTD_ENTITY = re.compile(r"<!ENTITY\s+([A-Za-z][\w.-]*)\s")
_ROOT_START = re.compile(r"<publicwhip[\s>/]")
_SESSION = re.compile(r"(\d{4})-?(\d{2})")
_TAG = re.compile(r"<[^>]*>")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
# The same three patterns over bytes, for days parsed as they are (see _needs_resolving).
_ENTITY_REF_BYTES = re.compile(_ENTITY_REF.pattern.encode("ascii"))
_DTD_ENTITY_BYTES = re.compile(_DTD_ENTITY.pattern.encode("ascii"))
_XML_ENTITY_BYTES = frozenset(name.encode("ascii") for name in _XML_ENTITIES)
# Declared encodings libxml2 decodes exactly as Python does, by these names.
_AS_IS_ENCODINGS = frozenset({b"utf-8", b"iso-8859-1"})

# C1 controls are the Windows-1252 punctuation Hansard meant (0x92 → ’).
_C1 = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_C1_CHARS = re.compile("[\x80-\x9f]")


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the bytes UTF-8 rejects as Windows-1252 (else Latin-1)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return bad.decode("latin-1").translate(_C1), exc.end


codecs.register_error("twfy-cp1252", _cp1252_fallback)

# Blocks inside a speech: each is a paragraph of the contribution's text.
_BLOCKS = frozenset({"p", "div", "blockquote", "ul", "ol", "li", "table", "thead", "tbody"})
_HEADING_TAGS = frozenset({"oral-heading", "major-heading", "minor-heading"})
_METADATA_TAGS = frozenset({"gidredirect", "bill", "committee"})
_ANSWER_TYPES = frozenset({"start answer", "continuation answer"})

# Major headings that continue "Oral Answers to Questions": the departments answering
# (TWFY's list in xml2db.pl, with the departments created since). Any other major
# heading ends the oral questions.
_ORAL_DEPARTMENT_NAMES = """
ADVOCATE GENERAL|ADVOCATE GENERAL FOR SCOTLAND|AGRICULTURE, FISHERIES AND FOOD
ATTORNEY GENERAL|BUSINESS AND TRADE|BUSINESS, ENERGY AND INDUSTRIAL STRATEGY
BUSINESS, ENTERPRISE AND REGULATORY REFORM|BUSINESS, INNOVATION AND SKILLS|CABINET
CABINET OFFICE|CHANCELLOR OF THE DUCHY OF LANCASTER|CHILDREN, SCHOOLS AND FAMILIES
CHURCH COMMISSIONER|CHURCH COMMISSIONERS|COMMUNITIES AND LOCAL GOVERNMENT
CONSTITUTIONAL AFFAIRS|CULTURE, MEDIA AND SPORT|DEFENCE|DEPUTY PRIME MINISTER
DIGITAL, CULTURE, MEDIA AND SPORT|DUCHY OF LANCASTER|EDUCATION|EDUCATION AND EMPLOYMENT
EDUCATION AND SKILLS|ELECTORAL COMMISSION|ELECTORAL COMMISSION COMMITTEE
ENERGY AND CLIMATE CHANGE|ENERGY SECURITY AND NET ZERO|ENVIRONMENT
ENVIRONMENT, FOOD AND RURAL AFFAIRS|ENVIRONMENT, TRANSPORT AND THE REGIONS
EXITING THE EUROPEAN UNION|FOREIGN AND COMMONWEALTH|FOREIGN AND COMMONWEALTH AFFAIRS
FOREIGN AND COMMONWEALTH OFFICE|FOREIGN, COMMONWEALTH AND DEVELOPMENT OFFICE|HEALTH
HEALTH AND SOCIAL CARE|HOME DEPARTMENT|HOME OFFICE|HOUSE OF COMMONS
HOUSE OF COMMONS COMMISSION|HOUSING, COMMUNITIES AND LOCAL GOVERNMENT
INNOVATION, UNIVERSITIES AND SKILLS|INTERNATIONAL DEVELOPMENT|INTERNATIONAL TRADE|JUSTICE
LEADER OF THE HOUSE|LEVELLING UP, HOUSING AND COMMUNITIES|LORD CHANCELLOR
LORD CHANCELLOR'S DEPARTMENT|LORD PRESIDENT OF THE COUNCIL|MINISTER FOR WOMEN
MINISTER FOR WOMEN AND EQUALITIES|NORTHERN IRELAND|OLYMPICS|PRESIDENT OF THE COUNCIL
PRIME MINISTER|PRIVY COUNCIL|PRIVY COUNCIL OFFICE|PUBLIC ACCOUNTS COMMISSION
SCIENCE, INNOVATION AND TECHNOLOGY|SCOTLAND|SOCIAL SECURITY|SOLICITOR GENERAL
SPEAKER'S COMMITTEE ON THE ELECTORAL COMMISSION|TOPICAL QUESTIONS|TRADE AND INDUSTRY
TRANSPORT|TRANSPORT, LOCAL GOVERNMENT AND THE REGIONS|TREASURY|WALES|WOMEN
WOMEN AND EQUALITIES|WORK AND PENSIONS
"""


# --- public values ----------------------------------------------------------------------


@dataclass
class DayFile:
    """One parsed day file: its identity, its documents and what went wrong reading it."""

    kind: str  # the folder: debates, westminhall, wms, wrans, lordspages, lordswms, ...
    date: str  # ISO sitting date
    version: str  # the letter after the date
    latest: bool | None  # root latest="yes"/"no"; None when the file does not say
    part_of: str  # "twfy:<kind>/<date>": replaced whole when a newer version arrives
    file_name: str = ""
    url: str = ""  # canonical live URL of the file
    documents: list[Document] = field(default_factory=list)
    redirects: list[tuple[str, str, str]] = field(default_factory=list)  # old, new, matchtype
    warnings: list[str] = field(default_factory=list)


@dataclass
class TwfyHit:
    """One row of a getHansard search: where it is and which day file holds it."""

    gid: str  # short gid as the API gives it, e.g. "2018-11-14c.369.6"
    date: str | None  # hdate: the sitting (or answer) date
    kind: str | None  # day file kind from `major` (see MAJORS); None when unknown
    person_id: str | None  # "uk.org.publicwhip/person/N"; None when the row has none
    speaker_name: str | None
    listurl: str | None  # absolute, entities decoded
    day_file_url: str | None  # scrapedxml URL of the gid's day file, when derivable
    major: int | None = None
    url: str | None = None  # TWFY page of the gid itself
    parent_title: str | None = None  # the section heading, tags and entities removed
    extract: str | None = None  # the matching passage, tags and entities removed
    time: str | None = None


@dataclass
class TwfySearch:
    """One page of getHansard search results."""

    total: int
    page: int
    per_page: int
    hits: list[TwfyHit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- URLs and identifiers ---------------------------------------------------------------


def day_kind(kind: str) -> DayKind:
    """The DayKind for a folder, file prefix or Document kind ("lords" → lordspages)."""
    found = _BY_ANY_NAME.get(kind)
    if found is None:
        raise ValueError(f"TWFY: unknown day file kind {kind!r}")
    return found


def day_file_url(kind: str, date: str, version: str) -> str:
    """Live URL of a day file: ("debates", "2011-12-14", "a") → .../debates/debates2011-12-14a.xml.

    For standing committees `date` is the file's key, e.g. "2009-10-20_CHILDPOV_07-0_2009-10-29".
    """
    found = day_kind(kind)
    if not re.fullmatch(r"[a-z]", version):
        raise ValueError(f"TWFY: bad version letter {version!r}")
    return f"{DATA_ROOT}/{found.folder}/{found.prefix}{date}{version}.xml"


def next_version_url(url: str) -> str | None:
    """The URL of the next version of a day file (…a.xml → …b.xml); None after z or if not one."""
    parts = urlsplit(url)
    match = _NEXT_VERSION.search(parts.path)
    if not match:
        return None
    path = parts.path[: match.start(1)] + chr(ord(match.group(1)) + 1) + ".xml"
    return parts._replace(path=path).geturl()


def short_gid(gid: str) -> str:
    """ "uk.org.publicwhip/debate/2011-12-14a.777.5" → "2011-12-14a.777.5"."""
    return gid.strip().rsplit("/", 1)[-1]


def unversioned_gid(gid: str) -> str:
    """The gid without the day file's version letter: "2011-12-14a.777.5" → "2011-12-14.777.5"."""
    return _GID_VERSION.sub(r"\1", short_gid(gid), count=1)


def twfy_url(section: str, gid: str) -> str:
    """A TheyWorkForYou page: ("debates", "2011-12-14a.777.6") → …/debates/?id=2011-12-14a.777.6."""
    return f"{WEB_ROOT}/{section}/?id={short_gid(gid)}"


@dataclass(frozen=True)
class _FileName:
    """What a day file's name says: kind, sitting date, key (date or committee stem), letter."""

    kind: DayKind
    date: str
    key: str
    version: str
    name: str

    @property
    def url(self) -> str:
        return f"{DATA_ROOT}/{self.kind.folder}/{self.name}"

    @property
    def part_of(self) -> str:
        return f"{SOURCE}:{self.kind.kind}/{self.key}"


def _file_name(url: str) -> _FileName:
    """Read kind, date and version from a day file URL (its folder must agree if given).

    e.g. ``https://www.theyworkforyou.com/pwdata/scrapedxml/westminhall/westminster2009-10-27a.xml``
    """
    path = urlsplit(url.strip()).path
    folder, _, name = path.rpartition("/")
    match = _DAY_NAME.match(name)
    standing = None if match else _STANDING_NAME.match(name)
    if match:
        kind, key = day_kind(match["prefix"]), match["date"]
    elif standing:
        match, kind, key = standing, KINDS["standing"], standing["key"]
    else:
        raise ParseError(f"TWFY: {url!r} is not a scrapedxml day file name")
    parent = folder.rsplit("/", 1)[-1]
    if parent in KINDS and parent != kind.folder:
        raise ParseError(f"TWFY: {name} does not belong in folder {parent!r}")
    return _FileName(kind, match["date"], key, match["version"], name)


# --- reading the XML --------------------------------------------------------------------


def _decode(body: bytes, warnings: list[str]) -> str:
    """Text of the body in the encoding its declaration names (UTF-8 without one).

    ``<?xml version="1.0" encoding="ISO-8859-1"?>`` → Latin-1. Bytes a UTF-8 file
    cannot hold are read as Windows-1252 (valid UTF-8 around them is kept) and reported
    with the first one's position, so the file is never lost.
    """
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :]
    declared = _DECLARATION.match(body[:256])
    name = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        warnings.append(f"unknown declared encoding {name!r}; read as UTF-8")
        codec = "utf-8"
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        warnings.append(
            f"declared {name} but byte 0x{body[exc.start]:02x} at position {exc.start} is "
            f"not {codec}; bytes that are not {codec} were read as Windows-1252"
        )
        return body.decode(codec, errors="twfy-cp1252")


def _resolve_html_entities(text: str, warnings: list[str]) -> str:
    """Turn HTML entity references the file does not declare into character references.

    Old files declare ``<!DOCTYPE publicwhip [<!ENTITY mdash "&#8212;"> ...]>``; a file
    without that DTD may still say ``&mdash;``, which XML alone cannot read.
    """
    start = _ROOT_START.search(text)
    split = start.start() if start else 0
    declared = set(_DTD_ENTITY.findall(text[:split])) | _XML_ENTITIES
    resolved: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in declared or name not in name2codepoint:
            return match.group(0)
        resolved.append(name)
        return f"&#{name2codepoint[name]};"

    body = _ENTITY_REF.sub(replace, text[split:])
    if resolved:
        names = ", ".join(sorted({f"&{n};" for n in resolved})[:5])
        warnings.append(f"{len(resolved)} undeclared HTML entity references ({names}) resolved")
    return text[:split] + body


def _xml_parser(encoding: str | None = None) -> etree.XMLParser:
    """The one way a day file is parsed: internal entities only, nothing fetched."""
    return etree.XMLParser(
        encoding=encoding,
        resolve_entities="internal",
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


def _load_xml(body: bytes, name: str, warnings: list[str]) -> Any:
    """The <publicwhip> root of a day file, or ParseError with the line and column."""
    if not body.strip():
        raise ParseError(f"TWFY day file {name}: empty body")
    root = _parse_as_is(body)
    if root is None:
        root = _parse_decoded(body, name, warnings)
    if root.tag != "publicwhip":
        raise ParseError(f"TWFY day file {name}: root is <{root.tag}>, not <publicwhip>")
    return root


def _parse_as_is(body: bytes) -> Any | None:
    """The bytes parsed as they are, when that is certain to give what _parse_decoded gives.

    Decoding a day to text, resolving its entities and encoding it again cost a third of
    the parse; most days need none of it. So when libxml2 will decode the bytes exactly
    as _decode would (UTF-8 or ISO-8859-1, declared plainly, no BOM) and no reference
    would be resolved (see _needs_resolving), the bytes go to the parser untouched. Any
    failure (bytes that are not the declared encoding, undeclared entities) returns None
    and the day takes the careful route, which says what went wrong and where.
    """
    if not _decoded_alike(body) or _needs_resolving(body):
        return None
    try:
        return etree.fromstring(body, parser=_xml_parser())
    except etree.XMLSyntaxError:
        return None


def _decoded_alike(body: bytes) -> bool:
    """Whether libxml2 decodes `body` as _decode does, seeing the same declaration.

    The body must start with "<" (no BOM, no UTF-16 or UCS-4 byte pattern libxml2 would
    detect) and either declare UTF-8 or ISO-8859-1 in the first 256 bytes, where _decode
    reads it, or have no declaration at all, which both read as UTF-8.
    """
    if not body.startswith(b"<"):
        return False
    declared = _DECLARATION.match(body[:256])
    if declared is None:
        return not body.startswith(b"<?xml")
    return declared.group(1).lower() in _AS_IS_ENCODINGS


def _needs_resolving(body: bytes) -> bool:
    """Whether _resolve_html_entities might change the day (so the bytes cannot be parsed as
    they are): some ``&name;`` it knows is not declared before the first ``<publicwhip``.

    Errs one way only: references are sought in the whole body, declarations only before
    the earliest place the root could start, so a day it lets through is one the resolver
    leaves as it is. Works on the bytes: names are ASCII, which reads alike in both encodings.
    """
    names = set(_ENTITY_REF_BYTES.findall(body)) - _XML_ENTITY_BYTES
    known = {n for n in names if n.decode("ascii") in name2codepoint}
    if not known:
        return False
    root = body.find(b"<publicwhip")
    declared = set(_DTD_ENTITY_BYTES.findall(body[: max(root, 0)]))
    return not known <= declared


def _parse_decoded(body: bytes, name: str, warnings: list[str]) -> Any:
    """Decode the day as _decode says, resolve HTML entities, and parse the text's UTF-8."""
    text = _resolve_html_entities(_decode(body, warnings), warnings)
    try:
        return etree.fromstring(text.encode("utf-8"), parser=_xml_parser("utf-8"))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise ParseError(
            f"TWFY day file {name}: not well-formed XML at line {line}, column {column}: {exc.msg}"
        ) from exc


def clean_text(text: str | None) -> str:
    """Whitespace folded and C1 controls read as Windows-1252: "Barnardo\\x92s" → "Barnardo’s".

    Called for every paragraph and attribute of a day, so the common cases skip the
    work: blank text (but NEL, U+0085, is whitespace to Python and "…" here), and
    ASCII or printable text, which cannot hold a C1 control, so that folding spaces
    is all it needs (see normalise_space). Returning before the C1 search matters:
    Hansard's curly apostrophes make most paragraphs non-ASCII (7% of a day's parse).
    """
    if not text or (text.isspace() and "\x85" not in text):
        return ""
    if type(text) is str:  # what lxml and json give; the shortcuts may return it as it is
        if text.isascii():
            return fold_ascii(text)
        if text.isprintable():  # so neither a C1 control nor whitespace but spaces
            return fold_spaces(text)
    if _C1_CHARS.search(text):
        text = text.translate(_C1)
    return normalise_space(text)


# clean_text for attributes a day repeats (speakers' names), remembered.
_clean_name = lru_cache(maxsize=4096)(clean_text)


def _element_paragraphs(element: Any) -> list[str]:
    """Paragraph texts of a speech: each <p> (or loose text) one, a table row "a | b".

    ``<speech ...><p pid="a777.6/1">What steps...</p><table><tr><td>a</td><td>b</td>
    </tr></table></speech>`` → ["What steps...", "a | b"]. Texts that clean to nothing
    but spaces and bars are left out.

    One pass over the children, run for every speech of a day: loose text (inline
    elements and tails) gathers in `pending` until a block or the end closes it.
    """
    texts: list[str] = []
    pending = element.text or ""
    for child in element:
        tag = child.tag  # a function for comments and the like, never in _BLOCKS
        if tag in _BLOCKS or tag == "tr":
            _add_paragraph(texts, pending)
            if tag == "tr":
                _add_row(texts, child)
            elif len(child):
                texts += _element_paragraphs(child)
            else:  # most <p>: their text is the paragraph
                _add_paragraph(texts, child.text)
            pending = child.tail or ""
            continue
        if type(tag) is str:
            pending += inline_text(child)
        tail = child.tail
        if tail:
            pending += tail
    _add_paragraph(texts, pending)
    return texts


def _add_paragraph(texts: list[str], raw: str | None) -> None:
    """Append clean_text(raw) unless it is only spaces and bars.

    Blank text (the line breaks between blocks, half the calls) is dropped before
    cleaning; NEL is the one whitespace character that cleans to text ("…").
    """
    if raw and (not raw.isspace() or "\x85" in raw):
        text = clean_text(raw)
        if text.strip(" |"):
            texts.append(text)


def _add_row(texts: list[str], row: Any) -> None:
    """A table row as its cells, cleaned one by one and joined: "a | b"."""
    text = " | ".join(clean_text(inline_text(cell)) for cell in row)
    if text.strip(" |"):
        texts.append(text)


@lru_cache(maxsize=4096)  # a day repeats a few hundred times over thousands of elements
def normalise_time(value: str | None) -> str | None:
    """A parlparse time as HH:MM:SS: "016:45:00" → "16:45:00", "9:30" → "09:30:00", else None."""
    match = _CLOCK.match((value or "").strip())
    if not match:
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return f"{hour:02d}:{minute:02d}:{second:02d}"


_DIVISION_SIDES = {"ayes": "Ayes", "noes": "Noes", "content": "Contents"}
_DIVISION_SIDES |= {"not-content": "Not-Contents"}
_VOTES = {"aye": "Ayes", "no": "Noes", "content": "Contents", "not-content": "Not-Contents"}
# The tellers among a division's voters, in document order: one search in C instead of
# a Python look at each of the 650 names.
_TELLERS = etree.XPath(".//mpname[@teller='yes'] | .//lord[@teller='yes']")


def _division_text(element: Any) -> str:
    """One line for a division, never its voters.

    ``<division divnumber="230" time="022:00:00"><divisioncount ayes="158" noes="246"/>
    <mplist vote="aye"><mpname vote="aye" teller="yes">Stuart, Mr. Graham</mpname>...``
    → "Division No. 230 at 22:00: Ayes 158, Noes 246. Tellers for the Ayes: ...".
    """
    number, clock = element.get("divnumber"), normalise_time(element.get("time"))
    head = f"Division No. {number}" if number else "Division"
    head += f" at {clock[:5]}" if clock else ""
    count = element.find("divisioncount")
    given = dict(count.attrib) if count is not None else {}
    counts = ", ".join(
        f"{label} {given[key]}" for key, label in _DIVISION_SIDES.items() if key in given
    )
    line = f"{head}: {counts}." if counts else f"{head}."
    return " ".join([line, *_tellers(element)])


def _tellers(element: Any) -> list[str]:
    """ "Tellers for the Ayes: A; B." per side, from names marked teller="yes"."""
    sides: dict[str, list[str]] = {}
    for voter in _TELLERS(element):
        name = clean_text(inline_text(voter)).removesuffix("[Teller]").strip()
        sides.setdefault(voter.get("vote") or "", []).append(name)
    lines = [f"Tellers for the {_VOTES.get(v, v)}: {'; '.join(n)}" for v, n in sides.items()]
    return [line if line.endswith(".") else f"{line}." for line in lines]


# --- day files ---------------------------------------------------------------------------


@dataclass
class _Heading:
    """An open heading: its element name, gid and text as printed (whitespace folded)."""

    tag: str
    gid: str
    text: str
    source_url: str | None = None
    # Its document, once content has arrived under it (saves re-deriving the id each time).
    document: Document | None = field(default=None, compare=False, repr=False)


@dataclass
class _Bill:
    """A standing committee file's <bill title=... url=...>: what its TWFY URLs need."""

    title: str
    url: str | None

    @property
    def session(self) -> str | None:
        match = _SESSION.search(self.url or "")
        return f"{match.group(1)}-{match.group(2)}" if match else None

    @property
    def slug(self) -> str:
        """ "Finance (No. 2) Bill" → "Finance_No._2_Bill", as in TWFY's /pbc/ URLs."""
        return "_".join(re.sub(r"[^\w\s.'-]", "", self.title).split())


class _DayReader:
    """Walks a day file's top-level elements once, opening documents under headings."""

    def __init__(self, day: DayFile, name: _FileName, sha256: str, fetched_at: str) -> None:
        self.day, self.name, self.sha256, self.fetched_at = day, name, sha256, fetched_at
        self.oral: _Heading | None = None
        self.major: _Heading | None = None
        self.minor: _Heading | None = None
        self.bill: _Bill | None = None
        self.documents: dict[str, Document] = {}

    def feed(self, element: Any) -> None:
        """Dispatch one top-level element of <publicwhip>."""
        tag = element.tag
        if type(tag) is not str:  # not an element (the parser drops comments and PIs)
            return
        if tag in _HEADING_TAGS:
            self.heading(tag, element)
        elif tag == "gidredirect":
            redirect = (element.get("oldgid"), element.get("newgid"), element.get("matchtype"))
            self.day.redirects.append(tuple(value or "" for value in redirect))
        elif tag == "bill":
            title = clean_text(element.get("title") or inline_text(element))
            self.bill = _Bill(title, element.get("url") or None)
        elif tag not in _METADATA_TAGS:
            self.content(tag, element)

    def heading(self, tag: str, element: Any) -> None:
        """Open a heading: an oral heading resets everything, a major heading the minor."""
        heading = _Heading(
            tag, element.get("id") or "", clean_text(inline_text(element)), element.get("url")
        )
        if tag == "oral-heading":
            self.oral, self.major, self.minor = heading, None, None
        elif tag == "major-heading":
            if self.oral and _department_key(heading.text) not in _ORAL_DEPARTMENTS:
                self.oral = None
            self.major, self.minor = heading, None
        else:
            self.minor = heading

    def content(self, tag: str, element: Any) -> None:
        """Add a speech, question, answer, division or other text to its heading's document."""
        target = self.minor or self.major or self.oral
        if target is None:
            self.warn(f"<{tag}> {_gid_label(element)} before any heading: dropped")
            return
        text = _division_text(element) if tag == "division" else ""
        text = text or "\n\n".join(_element_paragraphs(element))
        if not text:
            self.warn(f"<{tag}> {_gid_label(element)} has no text: skipped")
            return
        document = self.document(target)
        document.contributions.append(_contribution(tag, element, text, document, self))

    def document(self, heading: _Heading) -> Document:
        """The document of a heading, created the first time content arrives under it."""
        if heading.document is None:
            doc_id = self.document_id(heading.gid)
            if doc_id not in self.documents:
                self.documents[doc_id] = self.new_document(doc_id, heading)
            heading.document = self.documents[doc_id]
        return heading.document

    def document_id(self, gid: str) -> str:
        """ "uk.org.publicwhip/debate/2011-12-14a.777.5" → "twfy:debates/2011-12-14.777.5"."""
        if not gid:
            raise ParseError(f"TWFY day file {self.name.name}: a heading has no id")
        return f"{SOURCE}:{self.name.kind.kind}/{unversioned_gid(gid).removeprefix('standing')}"

    def url(self, gid: str) -> str:
        """TWFY's page for a gid; Public Bill Committees have their own scheme."""
        section = self.name.kind.section
        if section != "pbc":
            return twfy_url(section, gid)
        tail = _STANDING_GID.match(short_gid(gid))
        if self.bill and self.bill.session and tail:
            return f"{WEB_ROOT}/pbc/{self.bill.session}/{self.bill.slug}/{tail['tail']}"
        return twfy_url(section, gid)

    def new_document(self, doc_id: str, heading: _Heading) -> Document:
        """A document for a heading, headed by the headings open above it and itself."""
        opened = [h for h in (self.oral, self.major, self.minor) if h is not None]
        headings = opened[: opened.index(heading) + 1]
        document = Document(
            id=doc_id,
            source=SOURCE,
            kind=self.name.kind.kind,
            url=self.url(heading.gid),
            title=heading.text,
            fetched_at=self.fetched_at,
            content_sha256=self.sha256,
            api_url=self.name.url,
            native_id=short_gid(heading.gid),
            date=self.name.date,
            house=self.name.kind.house,
            part_of=self.name.part_of,
            headings=[h.text for h in headings],
            language="en",
            licence=LICENCE,
        )
        document.extra = self.extra(heading)
        return document

    def extra(self, heading: _Heading) -> dict[str, Any]:
        """Version, latest, day file, major heading gid, oral questions; Hansard URL, bill."""
        extra: dict[str, Any] = {
            "version": self.name.version,
            "latest": self.day.latest,
            "day_file": self.name.name,
            "major_heading_gid": short_gid(self.major.gid) if self.major else None,
            "oral_questions": self.oral is not None,
        }
        if heading.source_url:
            extra["hansard_url"] = heading.source_url
        if self.bill:
            extra["bill"], extra["bill_url"] = self.bill.title, self.bill.url
        return extra

    def warn(self, message: str) -> None:
        self.day.warnings.append(message)


def _department_key(text: str) -> str:
    """ "Housing, Communities & Local Government" → "HOUSING COMMUNITIES AND LOCAL GOVERNMENT"."""
    upper = text.upper().replace("&", " AND ").replace("’", "'").replace("'", "")
    return " ".join(re.sub(r"[^A-Z0-9 ]", " ", upper).split())


_ORAL_DEPARTMENTS = frozenset(
    _department_key(name) for name in _ORAL_DEPARTMENT_NAMES.replace("\n", "|").split("|") if name
)


def _gid_label(element: Any) -> str:
    """An element's short gid for a warning, or "(no id)"."""
    return short_gid(element.get("id") or "") or "(no id)"


def _speaker_ref(element: Any) -> str | None:
    """person_id if present, else speakerid; parlparse's "unknown" is no id."""
    for name in ("person_id", "speakerid"):
        value = (element.get(name) or "").strip()
        if value and value.rsplit("/", 1)[-1] != "unknown":
            return value
    return None


def _speaker_role(tag: str, element: Any, kind: DayKind, has_speaker: bool) -> str | None:
    """ "minister" for replies, written statements and what Hansard types an Answer."""
    if tag == "reply":
        return "minister"
    if tag == "speech" and has_speaker and kind.section == "wms":
        return "minister"
    if tag == "speech" and (element.get("type") or "").lower() in _ANSWER_TYPES:
        return "minister"
    return None


def _contribution_kind(tag: str, has_speaker: bool) -> str:
    """A speaker is never read from a nospeaker="true" element, so `has_speaker` says it."""
    if tag == "ques":
        return "question"
    if tag == "reply":
        return "answer"
    if tag == "speech" and has_speaker:
        return "speech"
    return "procedural"


def _contribution(
    tag: str, element: Any, text: str, document: Document, reader: _DayReader
) -> Contribution:
    """One Contribution from a content element and its text, after the document's others.

    ``<speech id="uk.org.publicwhip/debate/2011-12-14a.777.6" person_id="uk.org.
    publicwhip/person/24872" speakername="Ian Murray" colnum="777" time="11:30:00">
    <p pid="a777.6/1">What steps ...</p></speech>``
    """
    get = element.get  # each attribute is read once: a day has thousands of these
    gid = get("id") or ""
    short = short_gid(gid)
    speaker_name = None if get("nospeaker") == "true" else _clean_name(get("speakername")) or None
    has_speaker = speaker_name is not None
    return Contribution(
        position=len(document.contributions),
        text=text,
        kind=_contribution_kind(tag, has_speaker),
        section=document.title,
        speaker_name=speaker_name,
        speaker_ref=_speaker_ref(element) if has_speaker else None,
        speaker_detail=clean_text(get("speakeroffice")) or None,
        speaker_role=_speaker_role(tag, element, reader.name.kind, has_speaker),
        time=normalise_time(get("time")),
        column=(get("colnum") or "").strip() or None,
        native_id=short or None,
        url=reader.url(gid) if gid else document.url,
    )


def _latest(root: Any) -> bool | None:
    value = (root.get("latest") or "").strip().lower()
    return {"yes": True, "no": False}.get(value)


def parse_day_file(body: bytes, url: str, fetched_at: str) -> DayFile:
    """Read a parlparse scrapedxml day file into one Document per heading with content.

    Expects the body of e.g. ``https://www.theyworkforyou.com/pwdata/scrapedxml/debates/
    debates2011-12-14a.xml``: ``<publicwhip scraperversion="a" latest="yes"><oral-heading
    ...>Oral Answers to Questions</oral-heading><major-heading id="uk.org.publicwhip/
    debate/2011-12-14a.777.3">CABINET OFFICE</major-heading><minor-heading id="...777.5">
    Employee Mutuals</minor-heading><speech id="...777.6" person_id="uk.org.publicwhip/
    person/24872" speakername="Ian Murray" colnum="777" time="11:30:00"><p>...</p>
    </speech>...</publicwhip>``. Kind, date and version come from the file name in `url`
    (any host); every document gets the whole body's SHA-256. Raises ParseError for a
    name that is not a day file's, malformed or truncated XML, or another root element.
    """
    name = _file_name(url)
    warnings: list[str] = []
    root = _load_xml(body, name.name, warnings)
    day = DayFile(
        kind=name.kind.folder,
        date=name.date,
        version=name.version,
        latest=_latest(root),
        part_of=name.part_of,
        file_name=name.name,
        url=name.url,
        warnings=warnings,
    )
    printed = root.get("scraperversion") or root.get("scrapeversion")
    if printed and printed != name.version:
        warnings.append(f"root says version {printed!r}, file name {name.version!r}")
    reader = _DayReader(day, name, hashlib.sha256(body).hexdigest(), fetched_at)
    for element in root:
        reader.feed(element)
    day.documents = list(reader.documents.values())
    return day


# --- the getHansard API -----------------------------------------------------------------


def _load_json(body: bytes) -> Any:
    """JSON of an API response; TWFY serves ISO-8859-1, so bytes that are not UTF-8 are read so."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = body.decode("cp1252", errors="twfy-cp1252")
    if not text.strip():
        raise ParseError("TWFY API: empty response")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"TWFY API: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc


def _plain(value: Any) -> str | None:
    """API HTML as text: "Written Answers &#8212; <i>Health</i>" → "Written Answers — Health"."""
    if not isinstance(value, str):
        return None
    return clean_text(html.unescape(_TAG.sub(" ", value))) or None


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _hit_kind(major: int | None, speaker: dict[str, Any]) -> str | None:
    """Day file kind of a row; written answers and statements by the speaker's House."""
    kind = MAJORS.get(major) if major is not None else None
    if kind in _LORDS_TWIN and str(speaker.get("house")) == "2":
        return _LORDS_TWIN[kind]
    return kind


def _hit_day_file(gid: str, kind: str | None, speaker: dict[str, Any]) -> str | None:
    """The day file of a gid carrying a version letter; None when it cannot be told.

    "2018-11-14c.369.6" (major 1) → .../debates/debates2018-11-14c.xml; written answers
    and statements need the speaker's House to choose the Commons or Lords file.
    """
    standing = _STANDING_FILE_GID.match(gid)
    if standing and kind == "standing":
        return f"{DATA_ROOT}/standing/{standing.group(1)}.xml"
    match = _GID_DATE.match(gid)
    if not match or not match["version"] or kind not in _BY_ANY_NAME:
        return None
    if kind in ("wrans", "wms") and str(speaker.get("house")) not in ("1", "2"):
        return None
    return day_file_url(kind, match["date"], match["version"][-1])


def _hit(row: dict[str, Any]) -> TwfyHit:
    """One getHansard row, e.g. {"gid": "2018-11-14c.369.6", "hdate": "2018-11-14",
    "major": "1", "listurl": "/debates/?id=2018-11-14c.369.5&amp;s=diabetes#g369.6",
    "speaker": {"person_id": "10614", "name": "Keith Vaz", "house": "1"}, ...}."""
    gid = short_gid(str(row["gid"]))
    speaker = row.get("speaker") if isinstance(row.get("speaker"), dict) else {}
    major = _int(row.get("major"), -1)
    major_code = major if major >= 0 else None
    kind = _hit_kind(major_code, speaker)
    person = str(row.get("person_id") or speaker.get("person_id") or "").strip()
    listurl = html.unescape(row["listurl"]) if isinstance(row.get("listurl"), str) else None
    section = day_kind(kind).section if kind in _BY_ANY_NAME else _OTHER_SECTIONS.get(kind or "")
    parent = row.get("parent") if isinstance(row.get("parent"), dict) else {}
    return TwfyHit(
        gid=gid,
        date=row.get("hdate") or None,
        kind=kind,
        person_id=f"uk.org.publicwhip/person/{person}" if person not in ("", "0") else None,
        speaker_name=clean_text(speaker.get("name")) or None,
        listurl=f"{WEB_ROOT}{listurl}" if listurl and listurl.startswith("/") else listurl,
        day_file_url=_hit_day_file(gid, kind, speaker),
        major=major_code,
        url=twfy_url(section, gid) if section and section != "pbc" else None,
        parent_title=_plain(parent.get("body")),
        extract=_plain(row.get("extract") or row.get("body")),
        time=normalise_time(row.get("htime")),
    )


def parse_hansard_search(body: bytes) -> TwfySearch:
    """Read a getHansard (or getDebates search) response into its hits.

    Expects ``{"info": {"s": "diabetes", "results_per_page": 20, "page": 1,
    "total_results": 4746}, "rows": [{"gid": ..., "hdate": ..., "major": "1", ...}]}``.
    An error object ``{"error": "Invalid API key"}`` and malformed or truncated JSON
    raise ParseError; no rows give no hits. Rows without a gid are skipped and reported.
    """
    data = _load_json(body)
    if isinstance(data, dict) and "error" in data:
        raise ParseError(f"TWFY API error: {data['error']}")
    if not isinstance(data, dict) or not ({"rows", "info"} & data.keys()):
        raise ParseError("TWFY API: not a search response (no info or rows)")
    rows = data.get("rows") or []
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    if not isinstance(rows, list):
        raise ParseError("TWFY API: rows is not a list")
    search = TwfySearch(
        total=_int(info.get("total_results"), len(rows)),
        page=_int(info.get("page"), 1),
        per_page=_int(info.get("results_per_page"), len(rows)),
    )
    for number, row in enumerate(rows):
        if not isinstance(row, dict) or not row.get("gid"):
            search.warnings.append(f"row {number} has no gid: skipped")
            continue
        search.hits.append(_hit(row))
    return search
