"""The items every parser returns and every pipeline stage reads.

A document carries its contributions so that storage can replace a changed
document whole, in one transaction, and never leave stale paragraphs behind.
Ids come from the source's own identifiers so that re-scraping upserts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Contribution:
    """One speech, paragraph, list item or quotation inside a document."""

    position: int
    text: str
    # paragraph | heading | list_item | quote | table_cell | speech | procedural
    kind: str = "paragraph"
    section: str | None = None  # the nearest heading above it
    speaker_name: str | None = None  # as printed by the source
    speaker_ref: str | None = None  # the source's id for the speaker (slug, member or person id)
    speaker_detail: str | None = None  # constituency and party as printed, e.g. "Horsham (Con)"
    speaker_role: str | None = None  # "minister" when speaking for the government (an answer)
    person_id: str | None = None  # filled by the speakers stage
    party: str | None = None
    office: str | None = None
    resolution: str | None = None  # how the speaker was resolved, or why not
    time: str | None = None
    column: str | None = None
    anchor: str | None = None  # fragment that points at this contribution on the source page
    native_id: str | None = None  # the source's own id (Hansard contribution id, TWFY gid)
    url: str | None = None  # its own page where the source has one; else document url + anchor


@dataclass
class Person:
    """A person the source links to, as the source names them."""

    name: str
    ref: str | None = None  # e.g. GOV.UK slug "francis-maude"
    url: str | None = None
    person_id: str | None = None  # filled by the speakers stage when the register knows them
    office: str | None = None  # offices held on the document's date
    party: str | None = None


@dataclass
class Document:
    """A press release, speech, debate section or article, with provenance."""

    id: str  # "<source>:<native id>"
    source: str
    kind: str
    url: str  # canonical public URL a reader opens
    title: str
    fetched_at: str  # ISO 8601 UTC
    content_sha256: str  # SHA-256 of the response body as fetched
    api_url: str | None = None  # canonical URL of the machine-readable form
    native_id: str | None = None
    description: str | None = None
    published_at: str | None = None  # ISO 8601 timestamp as the source gives it
    updated_at: str | None = None
    date: str | None = None  # ISO date in Europe/London
    house: str | None = None
    part_of: str | None = None  # the published unit it came in (a TWFY day file), replaced whole
    headings: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    author: str | None = None
    government: str | None = None
    history_mode: bool = False  # published under a previous government
    withdrawn_at: str | None = None
    withdrawn_explanation: str | None = None
    language: str | None = None
    licence: str | None = None
    relevance: float | None = None  # filled by the relevance stage
    relevance_terms: dict[str, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # source-specific fields kept verbatim
    contributions: list[Contribution] = field(default_factory=list)
    # the live URL of the body it was parsed from (a TWFY day file gives many documents);
    # bookkeeping for the fetch log, not stored
    fetched_from: str | None = None

    def full_text(self) -> str:
        """Title, description and every contribution, for relevance scoring."""
        parts = [self.title, self.description or ""]
        parts.extend(c.text for c in self.contributions)
        return "\n".join(p for p in parts if p)


@dataclass
class PartManifest:
    """Every document a published unit (a TheyWorkForYou day file) now holds.

    Yielded after that unit's documents: storage removes the unit's documents that are
    not listed, so a newer version of a day replaces the older one whole.
    """

    part_of: str
    document_ids: list[str]
    url: str


@dataclass
class Fetched:
    """A body whose items have all been yielded: yielded last by the spider's callback.

    Storage records it in the fetch log once the run's documents are written, so the next
    run can skip the same body unparsed (see pipelines/fetch_log.py).
    """

    url: str  # live URL
    sha256: str
