"""What the archive was built from: every body processed, by URL and hash.

A refresh fetches thousands of pages that have not changed since the last run; parsing,
scoring and comparing them again would cost as much as the first crawl. The fetch log
lets a spider recognise a body it has processed before and skip it, with three guards
so that a skip can never lose data:

- the body's SHA-256 must be the one recorded;
- the code and configuration that processed it (parsers, pipelines, topics.yml,
  sources.yml) must be unchanged: after an upgrade every body is processed once again;
- the archive must still hold every document that body gave (matched by
  `documents.content_sha256`), so a restored or edited archive is filled in again.

Entries are written only after the documents of the body are stored (at the end of a
spider's run), so a crash leaves at worst entries missing, and the next run re-parses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlite_utils import Database

from pipelines.config import REPO_ROOT, topic_path
from pipelines.transactions import write_transaction

FETCH_COLUMNS: dict[str, type] = {
    "url": str,
    "sha256": str,
    "processed_with": str,
    "documents": int,
    "processed_at": str,
    "run_id": int,
}

# what decides the items a body gives: the code that parses and filters it, and its configuration
_CODE_PACKAGES = ("scraper", "pipelines")


@dataclass(frozen=True)
class FetchEntry:
    url: str  # the live URL (not the replay server's), so entries survive a change of port
    sha256: str
    documents: int  # how many documents of the archive came from this body


def sha256_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _config_files() -> list[Path]:
    from scraper.sources import sources_path  # the outlets file, wherever MUTUALS_SOURCES says

    return [topic_path(), sources_path()]


@lru_cache(maxsize=1)
def processing_fingerprint() -> str:
    """A hash of the code and configuration that turn a body into items.

    Deliberately coarse: any change to a parser, a pipeline stage or a config file
    invalidates every entry, and the next refresh processes everything once.
    """
    digest = hashlib.sha256()
    files = sorted(p for pkg in _CODE_PACKAGES for p in (REPO_ROOT / pkg).rglob("*.py"))
    for path in [*files, *_config_files()]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
    return digest.hexdigest()


def ensure_fetch_table(db: Database) -> None:
    db["fetches"].create(FETCH_COLUMNS, pk="url", if_not_exists=True)
    db.execute("CREATE INDEX IF NOT EXISTS documents_content_sha256 ON documents(content_sha256)")


class FetchLog:
    """Read and write the `fetches` table of one archive."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.fingerprint = processing_fingerprint()
        self._ready = False  # the table exists (looked up until it does, then never again)

    def known(self, url: str, sha256: str) -> int | None:
        """How many documents this very body gave, if it was processed as it would be now
        and they are all still in the archive; None means: process it."""
        self._ready = self._ready or self.db["fetches"].exists()
        if not self._ready:
            return None
        row = self.db.execute(
            "select documents from fetches where url = ? and sha256 = ? and processed_with = ?",
            [url, sha256, self.fingerprint],
        ).fetchone()
        if row is None:
            return None
        documents = row[0]
        if documents:
            held = self.db.execute(
                "select count(*) from documents where content_sha256 = ?", [sha256]
            ).fetchone()[0]
            if held < documents:
                return None
        return documents

    def record(self, entries: Iterable[FetchEntry], run_id: int | None, at: str) -> int:
        rows = [
            {
                "url": e.url,
                "sha256": e.sha256,
                "processed_with": self.fingerprint,
                "documents": e.documents,
                "processed_at": at,
                "run_id": run_id,
            }
            for e in entries
        ]
        if not rows:
            return 0
        changed = [r for r in rows if not self._same(r)]
        with write_transaction(self.db):
            self.db["fetches"].upsert_all(changed, pk="url", batch_size=500)
        return len(changed)

    def _same(self, row: dict) -> bool:
        """An entry that says nothing new is not rewritten: an idle refresh writes nothing."""
        stored = self.db.execute(
            "select sha256, processed_with, documents from fetches where url = ?", [row["url"]]
        ).fetchone()
        return stored == (row["sha256"], row["processed_with"], row["documents"])
