"""Running the spiders for a build or a refresh: live, or against the recorded corpus.

`scripts/build` and `scripts/refresh` share this, so the offline demo, the tests and the
cron job crawl the same way; only where the requests go differs.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pipelines.config import corpus_dir
from pipelines.register_tables import ensure_register
from pipelines.runs import last_run_id, runs_after
from pipelines.store import Archive
from replay.faults import load_faults
from replay.manifest import load_manifest
from replay.server import ReplayServer
from scraper.archive_writer import run_writers
from scraper.crawl import replayed_settings, run_spiders, spider_class

# a build or refresh writes its own archive: never a distributed worker (README), even
# with MUTUALS_REDIS_URL in the environment
LOCAL = {"MUTUALS_REDIS_URL": ""}


@dataclass
class Outcome:
    runs: list[dict] = field(default_factory=list)
    unrecorded: int = 0  # offline only: requests the corpus had no recording for
    skipped: list[str] = field(default_factory=list)  # spiders with nothing recorded
    unwritable: list[str] = field(default_factory=list)  # why the archive refused a write


class ArchiveUnwritable(Exception):
    """The archive cannot be written at all, found before any spider started."""


def what_to_do(message: str) -> str:
    """The operator's next step for an archive that refused a write, by SQLite's reason."""
    if "locked" in message:
        step = (
            "Another process holds the archive's write lock (a sqlite3 shell in a "
            "transaction, a second writer): end it"
        )
    elif "full" in message:
        step = "Free disk space, or raise MUTUALS_MAX_DB_MB if the archive hit that limit"
    elif "readonly" in message or "read-only" in message:
        step = "Make the archive and its folder writable by this user"
    else:
        step = "Check the disk and the file (PRAGMA integrity_check)"
    return (
        f"{step}, then run again. Every document written before the failure is whole; "
        "what was not written is fetched again next time."
    )


def report_unwritable(outcome: Outcome) -> bool:
    """Print, for the cron mail, each write the archive refused and what to do; any?"""
    for message in outcome.unwritable:
        print(f"FAILED: {message}", file=sys.stderr)
    if outcome.unwritable:
        print(what_to_do(outcome.unwritable[0]), file=sys.stderr)
    return bool(outcome.unwritable)


def _unwritable(stats: dict[str, dict]) -> list[str]:
    return sorted({s["archive/unwritable"] for s in stats.values() if s.get("archive/unwritable")})


def incremental_settings(db: Path) -> dict[str, object]:
    """Scrapy's HTTP cache under the RFC 2616 policy, beside the archive: a refresh asks
    with If-None-Match / If-Modified-Since and a 304 (or a still-fresh copy) costs the
    source nothing."""
    return {
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.RFC2616Policy",
        "HTTPCACHE_DIR": str(db.with_name(db.name + ".httpcache")),
    }


def prepare(db: Path) -> None:
    """Schema and register tables in place before spiders run concurrently; a broken
    register raises RegisterError, and an archive that cannot be written (locked by
    another writer past the busy timeout, read-only, full) sqlite3.OperationalError,
    here rather than in every spider."""
    try:
        archive = Archive(db)
    except sqlite3.OperationalError as exc:
        raise ArchiveUnwritable(f"the archive {db} could not be opened for writing: {exc}") from exc
    try:
        ensure_register(archive.db)
        archive.close_interrupted_runs()
    except sqlite3.OperationalError as exc:
        raise ArchiveUnwritable(f"the archive {db} could not be written: {exc}") from exc
    finally:
        archive.close()


def recorded_urls(spider: type, urls: list[str]) -> list[str]:
    accepts = getattr(spider, "accepts_document_url", None)
    return sorted({u for u in urls if accepts and accepts(u)})


def recorded_arguments(
    live_urls: list[str], arguments: dict[str, dict[str, str]], folder: Path
) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Each spider's arguments for crawling the recorded corpus (its discovery, and every
    recorded document of its source, listed in a file in `folder`); and the spiders of
    whose source nothing is recorded, which are left out."""
    chosen, skipped = {}, []
    for name, spider_arguments in arguments.items():
        urls = recorded_urls(spider_class(name), live_urls)
        if not urls:
            skipped.append(name)
            continue
        listing = folder / f"{name}.urls"
        listing.write_text("\n".join(urls))
        chosen[name] = {"urls_file": str(listing), "discover": "yes"} | spider_arguments
    return chosen, skipped


def _log_level(verbose: bool) -> str:
    return "INFO" if verbose else "ERROR"  # the summary says the rest


def crawl_live(
    db: Path, arguments: dict[str, dict[str, str]], verbose: bool, extra: dict | None = None
) -> Outcome:
    prepare(db)
    before = last_run_id(db)
    settings = {"MUTUALS_DB": str(db), "LOG_LEVEL": _log_level(verbose)} | (extra or {})
    stats = run_spiders(arguments, settings | LOCAL)
    return Outcome(runs=runs_after(db, before), unwritable=_unwritable(stats))


def crawl_recorded(
    corpus: Path,
    db: Path,
    arguments: dict[str, dict[str, str]],
    verbose: bool,
    extra: dict | None = None,
) -> Outcome:
    """Every spider's discovery against the recorded searches, and every recorded document."""
    live_urls = [r.url for r in load_manifest(corpus)]
    outcome = Outcome()
    prepare(db)
    before = last_run_id(db)
    # a fixed port (MUTUALS_REPLAY_PORT) keeps URLs, and so HTTP cache entries, the same
    port = int(os.environ.get("MUTUALS_REPLAY_PORT") or 0)
    server = ReplayServer(corpus, port=port)
    faults = os.environ.get("MUTUALS_REPLAY_FAULTS")  # a drill: see replay/faults.py
    for url, canned in (load_faults(faults, server.recordings) if faults else {}).items():
        server.override(url, canned)
    with server, tempfile.TemporaryDirectory() as tmp:
        chosen, outcome.skipped = recorded_arguments(live_urls, arguments, Path(tmp))
        overrides = (
            replayed_settings(server.base_url, server.origin)
            | {
                "MUTUALS_DB": str(db),
                "LOG_LEVEL": _log_level(verbose),
            }
            | (extra or {})
            | LOCAL
        )
        if chosen:
            outcome.unwritable = _unwritable(run_spiders(chosen, overrides))
        outcome.unrecorded = sum(
            1
            for _, path, status in server.requests
            if status == 404 and not path.endswith("/robots.txt")
        )
    outcome.runs = runs_after(db, before)
    return outcome


def replay_base(origin: str) -> Callable[[str], str]:
    """Where a replay server already running at `origin` serves a live base URL."""
    origin = origin.rstrip("/")

    def base_url(live_base: str) -> str:
        parts = urlsplit(live_base)
        return f"{origin}/{parts.netloc}{parts.path}".rstrip("/")

    return base_url


def crawl_worker(
    redis_url: str,
    crawl: str,
    arguments: dict[str, dict[str, str]],
    verbose: bool,
    replay: str | None = None,
    extra: dict | None = None,
) -> tuple[dict[str, dict], list[str]]:
    """Crawl as one worker of the distributed crawl `crawl` (README: Distributed crawling):
    live, or against the replay server at `replay` over the recorded corpus as the
    offline build does. Each spider's final stats, and the spiders left out (offline,
    when nothing of their source is recorded)."""
    settings = {"MUTUALS_REDIS_URL": redis_url, "MUTUALS_CRAWL": crawl}
    settings |= {"LOG_LEVEL": _log_level(verbose)}
    if replay is None:
        return run_spiders(arguments, settings | (extra or {})), []
    live_urls = [r.url for r in load_manifest(corpus_dir())]
    with tempfile.TemporaryDirectory() as tmp:
        chosen, skipped = recorded_arguments(live_urls, arguments, Path(tmp))
        overrides = replayed_settings(replay_base(replay), replay.rstrip("/"))
        stats = run_spiders(chosen, overrides | settings | (extra or {})) if chosen else {}
    return stats, skipped


def store_from_redis(
    db: Path, redis_url: str, crawl: str, names: list[str], verbose: bool, wait: float
) -> Outcome:
    """Be the one writer of the distributed crawl `crawl`: store what its workers send
    into `db` until they have all finished, one run per source as a crawl would record."""
    prepare(db)
    before = last_run_id(db)
    settings = {"MUTUALS_DB": str(db), "LOG_LEVEL": _log_level(verbose)}
    stats = run_writers(names, redis_url, crawl, wait, settings | LOCAL)
    return Outcome(runs=runs_after(db, before), unwritable=_unwritable(stats))
