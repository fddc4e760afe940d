"""Thin Scrapy adapters over `pipelines/`: validate → relevance → speakers → store.

Each stage does one thing; the logic lives in `pipelines/` so that the same code can
re-normalise an archive without crawling. Every drop names its reason, which Scrapy
logs with the item and the run log keeps in `scrape_events`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from pipelines.attribute_speakers import attribute_document
from pipelines.claims_table import write_claims
from pipelines.config import db_path, topic_path
from pipelines.fetch_log import FetchEntry, FetchLog
from pipelines.register_tables import ensure_register
from pipelines.relevance import Topic, cached_topic, score
from pipelines.same_as import LINKED_SOURCES, link_debates
from pipelines.speakers import load_register
from pipelines.store import Archive, utc_now
from pipelines.transactions import write_transaction
from scraper.items import Document, Fetched, PartManifest
from scraper.problems import stop_if_unwritable

Item = Document | PartManifest | Fetched


def archive_path(crawler: Crawler) -> Path:
    return Path(crawler.settings.get("MUTUALS_DB") or db_path())


class ValidatePipeline:
    """Drop what cannot be a useful archive entry: no title, no URL, no text."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Document | PartManifest) -> Document | PartManifest:
        if isinstance(item, PartManifest | Fetched):
            return item
        if not isinstance(item, Document):
            raise DropItem(f"not a Document: {type(item).__name__}")
        if not item.title or not item.url:
            raise DropItem("no title or URL")
        if not any(c.text.strip() for c in item.contributions):
            raise DropItem("no body text")
        if not item.date:
            self.crawler.stats.inc_value("validate/no_date")
        return item


class RelevancePipeline:
    """Score against the topic; drop what is not about it, saying what it matched."""

    def __init__(self, crawler: Crawler, topic: Topic) -> None:
        self.crawler = crawler
        self.topic = topic

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("MUTUALS_TOPIC") or topic_path()
        return cls(crawler, cached_topic(str(path)))

    def process_item(self, item: Item) -> Item:
        if not isinstance(item, Document):
            return item
        result = score(item.full_text(), self.topic)
        item.relevance = result.score
        item.relevance_terms = result.matched
        if not result.relevant:
            self.crawler.stats.inc_value("relevance/dropped")
            raise DropItem(
                f"off-topic for {self.topic.name!r} "
                f"(score {result.score:g} < {self.topic.threshold:g}; matched {result.matched})"
            )
        return item


class SpeakersPipeline:
    """Resolve every named speaker against the register: person, party and office that day."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Item) -> Item:
        if not isinstance(item, Document):
            return item
        counts = attribute_document(item, load_register())
        for outcome, n in counts.items():
            self.crawler.stats.inc_value(f"speakers/{outcome}", n)
        return item


class StorePipeline:
    """Write each document in its own transaction and count new, updated, unchanged.

    At the end of the run, every body all of whose documents were stored goes into the
    fetch log, so the next run need not parse it again.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.archive: Archive | None = None
        self.dates: set[str] = set()  # sitting days written, to link across sources at the end
        self.fetched: dict[str, str] = {}  # live URL -> SHA-256 of bodies fully yielded
        self.stored: dict[str, int] = {}  # live URL -> documents stored from it
        self.failed: set[str] = set()  # bodies an item of which failed in a pipeline stage

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.item_error, signal=signals.item_error)
        return pipeline

    def open_spider(self) -> None:
        self.archive = Archive(archive_path(self.crawler))
        # the register this run resolves with; parsed only if its files changed
        ensure_register(self.archive.db)

    def item_error(self, item: object, **_: object) -> None:
        source = getattr(item, "fetched_from", None) or getattr(item, "url", None)
        if source:
            self.failed.add(source)

    def close_spider(self) -> None:
        if self.archive is None:
            return
        try:
            with stop_if_unwritable(self.crawler, "at the end of the run", stop=False):
                self._finish()
        finally:
            self.archive.close()

    def _finish(self) -> None:
        assert self.archive is not None
        if self.dates:
            linked = link_debates(self.archive.db, self.dates)
            self.crawler.stats.inc_value("archive/linked_clusters", linked["clusters"])
        entries = [
            FetchEntry(url, digest, self.stored.get(url, 0))
            for url, digest in self.fetched.items()
            if url not in self.failed
        ]
        logged = FetchLog(self.archive.db).record(
            entries, self.crawler.stats.get_value("archive/run_id"), utc_now()
        )
        self.crawler.stats.set_value("fetch_log/recorded", logged)

    def process_item(self, item: Item) -> Item:
        assert self.archive is not None
        if isinstance(item, Fetched):
            self.fetched[item.url] = item.sha256
            return item
        with stop_if_unwritable(self.crawler, f"storing {item.url}"):
            return self._store(item)
        self.failed.add(getattr(item, "fetched_from", None) or item.url)
        raise DropItem(f"not stored: {self.crawler.stats.get_value('archive/unwritable')}")

    def _store(self, item: Document | PartManifest) -> Document | PartManifest:
        assert self.archive is not None
        if isinstance(item, PartManifest):
            removed = self.archive.retire_part(item.part_of, item.document_ids)
            self.crawler.stats.inc_value("archive/removed", removed)
            return item
        run_id = self.crawler.stats.get_value("archive/run_id")
        # a document and its claims in one transaction: a crash between the two would
        # leave claims of the old text that no later run (seeing the text unchanged) mends
        with write_transaction(self.archive.db):
            outcome = self.archive.write_document(item, run_id=run_id)
            claims = (
                write_claims(self.archive.db, item.id, load_register())
                if outcome != "unchanged"
                else None
            )
        self.crawler.stats.inc_value(f"archive/{outcome}")
        if claims is not None:
            self.crawler.stats.inc_value(f"claims/{claims}")
        if item.fetched_from:
            self.stored[item.fetched_from] = self.stored.get(item.fetched_from, 0) + 1
        if item.source in LINKED_SOURCES and item.date:
            self.dates.add(item.date)
        return item
