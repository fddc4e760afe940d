"""The corpus manifest as the replay server needs it: which file answers which live URL.

The spiders only ever see URLs, so everything here is about turning the manifest's
`url` column and an incoming request path into the same lookup key, and about
choosing one file where the corpus recorded a URL more than once.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from w3lib.url import canonicalize_url

MANIFEST_NAME = "MANIFEST.tsv"
_REQUIRED_COLUMNS = ("file", "kind", "url", "note")


class ManifestError(ValueError):
    """The corpus cannot be replayed as described; raised before any socket is bound."""


@dataclass(frozen=True)
class Recording:
    """One recorded response: the file on disk and the live URL it stands for."""

    file: Path
    kind: str
    url: str
    note: str


def load_manifest(corpus: Path) -> list[Recording]:
    """Read MANIFEST.tsv, failing loudly so a broken corpus never serves silent 404s."""
    corpus = Path(corpus)
    manifest = corpus / MANIFEST_NAME
    if not manifest.is_file():
        raise ManifestError(f"no {MANIFEST_NAME} in corpus folder {corpus}: {manifest} is missing")
    with manifest.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        _check_columns(manifest, reader.fieldnames)
        return [_recording(corpus, manifest, line, row) for line, row in enumerate(reader, 2)]


def _check_columns(manifest: Path, fieldnames: Iterable[str] | None) -> None:
    missing = [name for name in _REQUIRED_COLUMNS if name not in (fieldnames or ())]
    if missing:
        raise ManifestError(f"{manifest}: header lacks column(s) {', '.join(missing)}")


def _recording(corpus: Path, manifest: Path, line: int, row: dict[str, str]) -> Recording:
    name, url = (row.get("file") or "").strip(), (row.get("url") or "").strip()
    if not name or not url:
        raise ManifestError(f"{manifest} line {line}: empty file or url column")
    path = (corpus / name).resolve()
    if not path.is_file():
        raise ManifestError(f"{manifest} line {line}: recorded file {name} not found at {path}")
    return Recording(file=path, kind=row.get("kind") or "", url=url, note=row.get("note") or "")


def url_key(url: str) -> str:
    """Key a live URL or a replay request path the same way, so either finds the recording.

    A request path "/www.gov.uk/api/x?b=2&a=1" is read as "https://www.gov.uk/api/x?b=2&a=1".
    The scheme and fragment are dropped (the corpus holds one response per resource),
    the host is lowercased, percent-encoding is normalised and query arguments sorted by
    w3lib's canonicalize_url, so argument order and escaping style never cause a miss.
    The path keeps its case: live servers differ on that and the manifest records both.
    """
    if url.startswith("/"):
        url = "https://" + url.lstrip("/")
    parts = urlsplit(canonicalize_url(url))
    key = f"/{parts.netloc.lower()}{parts.path or '/'}"
    return f"{key}?{parts.query}" if parts.query else key


def recordings_by_key(recordings: Iterable[Recording]) -> dict[str, Recording]:
    """Choose one recording per URL, because a replay can answer a URL only one way.

    Rule: among recordings of the same URL, the most recently updated state of the
    resource wins. For JSON files that date is `public_updated_at`, falling back to
    `updated_at` (GOV.UK Content API items); a dated recording beats an undated one.
    When no date decides (non-JSON files, missing dates, or equal dates) the recording
    listed last in MANIFEST.tsv wins. So the GOV.UK speech at
    .../lord-mcnally-s-speaking-note-for-westminster-legal-policy-forum-event is served
    from speech-with-updates.json (public_updated_at 2012-06-13) rather than
    best-practice-speaking-notes.json (2012-05-22), and the publications.parliament.uk
    page 110719-0001.htm from the last of its two excerpts in the manifest.
    """
    groups: dict[str, list[Recording]] = {}
    for recording in recordings:
        groups.setdefault(url_key(recording.url), []).append(recording)
    return {key: _latest(group) for key, group in groups.items()}


def _latest(group: list[Recording]) -> Recording:
    if len(group) == 1:
        return group[0]
    ranked = [(_updated_at(rec), index, rec) for index, rec in enumerate(group)]
    return max(ranked, key=lambda item: (item[0] is not None, item[0] or _EPOCH, item[1]))[2]


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _updated_at(recording: Recording) -> datetime | None:
    """The resource's last update as the recording states it; None when it cannot say."""
    if recording.file.suffix.lower() != ".json":
        return None
    try:
        data = json.loads(recording.file.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    for field in ("public_updated_at", "updated_at"):
        stamp = _parse_timestamp(data.get(field))
        if stamp is not None:
            return stamp
    return None


def _parse_timestamp(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def content_type_for(recording: Recording) -> str:
    """The Content-Type the live site sent, so Scrapy picks the same Response class and decoding.

    XML and HTML get no charset on purpose: the XML declaration or the page's meta tag
    decides, as it did live. TheyWorkForYou API answers were served as ISO-8859-1
    JavaScript, and getMPs.json really is Latin-1, so a UTF-8 label would misdecode it.
    """
    suffix = recording.file.suffix.lower()
    if suffix == ".json":
        if recording.kind == "twfy-api-json":
            return "text/javascript; charset=iso-8859-1"
        return "application/json; charset=utf-8"
    return _TYPES_BY_SUFFIX.get(suffix, "application/octet-stream")


_TYPES_BY_SUFFIX = {
    ".xml": "application/xml",
    ".html": "text/html",
    ".htm": "text/html",
    ".tsv": "text/tab-separated-values; charset=utf-8",
}
