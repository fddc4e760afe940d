"""Writing documents into the archive so that re-running a scrape changes nothing.

A document and its contributions are written in one transaction and compared with
what the archive already holds: identical content is left untouched (its FTS rows
are not re-indexed, its fetched time is kept), changed content replaces the old
version whole, so no stale paragraph survives an update.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlite_utils import Database

from pipelines.row_writes import insert_rows, insert_tuples, upsert_rows
from pipelines.schema import ensure_schema
from pipelines.search_order import next_rowids
from pipelines.transactions import write_transaction
from scraper.items import Contribution, Document

Outcome = Literal["new", "updated", "unchanged"]

# Columns that record when or in which run a row was written, or that the linking step
# owns (same_as), not what the source says: a re-fetch neither compares nor overwrites them.
_BOOKKEEPING = {"fetched_at", "run_id", "same_as"}


def is_unwritable(exc: BaseException) -> bool:
    """A write the archive refused as a whole: disk full, locked, read-only, I/O, corrupt.

    Nothing more can be kept until an operator acts, unlike a bad item (IntegrityError).
    """
    return isinstance(exc, sqlite3.OperationalError) or type(exc) is sqlite3.DatabaseError


def size_limit_pages(db: Database) -> int | None:
    """MUTUALS_MAX_DB_MB as SQLite pages: the archive stops growing there, as on a full disk."""
    megabytes = os.environ.get("MUTUALS_MAX_DB_MB")
    if not megabytes:
        return None
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    return max(1, int(float(megabytes) * 1024 * 1024) // page_size)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None


def document_row(doc: Document, run_id: int | None = None) -> dict[str, Any]:
    """The `documents` row for a document; lists and mappings stored as JSON text."""
    return {
        "id": doc.id,
        "source": doc.source,
        "kind": doc.kind,
        "title": doc.title,
        "date": doc.date,
        "url": doc.url,
        "api_url": doc.api_url,
        "native_id": doc.native_id,
        "description": doc.description,
        "published_at": doc.published_at,
        "updated_at": doc.updated_at,
        "house": doc.house,
        "part_of": doc.part_of,
        "headings": _json(doc.headings),
        "organisations": _json(doc.organisations),
        "people": _json([asdict(p) for p in doc.people]),
        "roles": _json(doc.roles),
        "author": doc.author,
        "government": doc.government,
        "history_mode": int(doc.history_mode),
        "withdrawn_at": doc.withdrawn_at,
        "withdrawn_explanation": doc.withdrawn_explanation,
        "language": doc.language,
        "licence": doc.licence,
        "relevance": doc.relevance,
        "relevance_terms": _json(doc.relevance_terms),
        "extra": _json(doc.extra),
        "fetched_at": doc.fetched_at,
        "content_sha256": doc.content_sha256,
        "run_id": run_id,
    }


def contribution_row(doc: Document, c: Contribution) -> dict[str, Any]:
    """A contribution carries its document's provenance, so every row cites its source."""
    return {
        "id": f"{doc.id}#{c.position}",
        "document_id": doc.id,
        "position": c.position,
        "kind": c.kind,
        "section": c.section,
        "speaker_name": c.speaker_name,
        "speaker_ref": c.speaker_ref,
        "speaker_detail": c.speaker_detail,
        "speaker_role": c.speaker_role,
        "person_id": c.person_id,
        "party": c.party,
        "office": c.office,
        "resolution": c.resolution,
        "text": c.text,
        "source": doc.source,
        "date": doc.date,
        "time": c.time,
        "column": c.column,
        "anchor": c.anchor,
        "native_id": c.native_id,
        "url": c.url or (f"{doc.url}#{c.anchor}" if c.anchor else doc.url),
        "fetched_at": doc.fetched_at,
        "content_sha256": doc.content_sha256,
    }


def _content(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in _BOOKKEEPING} for r in rows]


class Archive:
    """The SQLite archive file: schema on open, one transaction per document."""

    def __init__(self, path: Path | str | None = None, db: Database | None = None) -> None:
        self.db = db if db is not None else Database(path)
        # a writer holding the lock briefly (an operator's shell) is waited for, not failed
        busy = float(os.environ.get("MUTUALS_BUSY_TIMEOUT") or 10)
        self.db.execute(f"PRAGMA busy_timeout = {int(busy * 1000)}")
        pages = size_limit_pages(self.db)
        if pages is not None:
            self.db.execute(f"PRAGMA max_page_count = {pages}")
        ensure_schema(self.db)
        if self.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            # NORMAL syncs the WAL at checkpoints, not at every COMMIT (most of a document's
            # commit). Still atomic and consistent, and durable if the process is killed; a
            # power cut may lose the last commits, whole and in order, which the next refresh
            # fetches again (the fetch log is committed after the documents it records).
            self.db.execute("PRAGMA synchronous = NORMAL")

    def close(self) -> None:
        self.db.close()

    def _stored(self, doc_id: str) -> tuple[list[dict], list[dict]]:
        docs = list(self.db.query("select * from documents where id = ?", [doc_id]))
        contribs = list(
            self.db.query(
                "select * from contributions where document_id = ? order by position", [doc_id]
            )
        )
        return docs, contribs

    def write_document(self, doc: Document, run_id: int | None = None) -> Outcome:
        """Insert, replace or leave alone; returns which, for the run's counts."""
        row = document_row(doc, run_id)
        contribs = [contribution_row(doc, c) for c in doc.contributions]
        with write_transaction(self.db):
            old_docs, old_contribs = self._stored(doc.id)
            existed = bool(old_docs)
            if (
                old_docs
                and _content(old_docs) == _content([row])
                and (_content(old_contribs) == _content(contribs))
            ):
                return "unchanged"
            if old_docs and old_docs[0]["date"] != doc.date:
                # its rowids say the old day (pipelines/search_order.py): renumber it whole
                self.db.execute("delete from contributions where document_id = ?", [doc.id])
                self.db.execute("delete from documents where id = ?", [doc.id])
                old_docs, old_contribs = [], []
            self.db.execute(
                "delete from contributions where document_id = ? and position >= ?",
                [doc.id, len(contribs)],
            )
            if old_docs:  # updated in place: its rowid stays
                upsert_rows(self.db, "documents", [row], batch_size=100)
            else:
                key = next_rowids(self.db, doc.date, 1, table="documents")[0]
                insert_rows(self.db, "documents", [row | {"rowid": key}], batch_size=100)
            stored = {c["id"] for c in old_contribs}
            kept = [c for c in contribs if c["id"] in stored]
            if kept:  # updated in place: their rowids stay
                upsert_rows(self.db, "contributions", kept, batch_size=500)
            self._insert_contributions(doc.date, [c for c in contribs if c["id"] not in stored])
        return "updated" if existed else "new"

    def _insert_contributions(self, iso: str | None, rows: list[dict[str, Any]]) -> None:
        """New contributions, each under a rowid that says its date (search_order.py).

        One statement for the lot, not one per row: FTS5 flushes its pending index data
        into a new segment at every statement savepoint, and the triggers write six
        full-text indexes, so a row at a time cost five times what the index work does.
        """
        if not rows:
            return
        names = tuple(rows[0])
        keys = next_rowids(self.db, iso, len(rows))
        insert_tuples(
            self.db,
            "contributions",
            ("rowid", *names),
            [(key, *(row[c] for c in names)) for key, row in zip(keys, rows, strict=True)],
        )

    def retire_part(self, part_of: str, keep: list[str]) -> int:
        """Remove a published unit's documents that its newest version no longer holds."""
        with write_transaction(self.db):
            stale = [
                r["id"]
                for r in self.db.query("select id from documents where part_of = ?", [part_of])
                if r["id"] not in set(keep)
            ]
            for doc_id in stale:
                self.db.execute("delete from contributions where document_id = ?", [doc_id])
                self.db.execute("delete from documents where id = ?", [doc_id])
        return len(stale)

    def prune_events(self, keep_runs: int) -> int:
        """Keep the events of each spider's last `keep_runs` runs; the run rows stay.

        A daily refresh logs every off-topic item it drops (about a thousand a run on the
        recorded corpus), so without a limit the log outgrows the archive.
        """
        with write_transaction(self.db):
            cursor = self.db.execute(
                "delete from scrape_events where run_id in ("
                "  select id from (select id, row_number() over ("
                "    partition by spider order by id desc) as newer from scrape_runs)"
                "  where newer > ?)",
                [keep_runs],
            )
        return cursor.rowcount

    def start_run(self, spider: str, arguments: dict[str, Any] | None = None) -> int:
        with write_transaction(self.db):
            table = self.db["scrape_runs"].insert(
                {
                    "spider": spider,
                    "started_at": utc_now(),
                    "status": "running",
                    "arguments": _json(arguments or {}),
                }
            )
        return int(table.last_pk)

    def close_interrupted_runs(self) -> int:
        """Mark as failed the runs left "running" by a process that died (kill -9, a full
        disk). Called under the refresh lock, when no run can really be in progress; it
        also takes the write lock, so an archive that cannot be written fails here."""
        with write_transaction(self.db):
            cursor = self.db.execute(
                "update scrape_runs set status = 'failed', reason = ? where status = 'running'",
                ["interrupted: the process ended before the run was closed"],
            )
        return cursor.rowcount

    def finish_run(self, run_id: int, **fields: Any) -> None:
        fields.setdefault("finished_at", utc_now())
        if isinstance(fields.get("stats"), dict):
            fields["stats"] = json.dumps(fields["stats"], default=str, sort_keys=True)
        with write_transaction(self.db):
            self.db["scrape_runs"].update(run_id, fields)

    def record_event(self, run_id: int | None, spider: str, kind: str, url: str, reason: str):
        """A dropped item or an error, kept with its URL so an operator can look it up."""
        with write_transaction(self.db):
            self.db["scrape_events"].insert(
                {
                    "run_id": run_id,
                    "spider": spider,
                    "at": utc_now(),
                    "kind": kind,
                    "url": url,
                    "reason": reason,
                }
            )
