#!/usr/bin/env python3
"""Contributions per second through the normalisation stages, beside a bare executemany.

    .venv/bin/python benchmarks/pipeline.py                        # at least 20,000 contributions
    .venv/bin/python benchmarks/pipeline.py --contributions 50000 --bare-runs 7

Why: the issue's target is "the pipeline at no less than 25% of a bare executemany": all
the pipeline adds to getting contribution rows onto disk (scoring, resolving speakers,
comparing with what is stored, full-text indexing, claims) may cost at most three times
the writing itself. Parsing is left out; benchmarks/parsers.py times it.

What runs: the corpus's TheyWorkForYou day files and Hansard debate pages (real captures;
reconstructions too with --with-reconstructed) are parsed once, untimed, and their
documents copied with changed ids ("~1", "~2"...) until there are at least --contributions
contributions, so that every copy writes new rows. Each document then goes through the
stages in the order scraper/item_pipelines.py runs them: relevance (`score` of its full
text against the topic; nothing is dropped, so that every stage sees every contribution,
and the share the crawl would drop is printed), speakers (`attribute_document` with the
register of `load_register`), store (`Archive.write_document` into a fresh archive in a
temporary directory) and claims (`write_claims`), store and claims in one write transaction
per document as StorePipeline does, its COMMIT timed on a line of its own. The register
load and the archive's creation (schema and register tables, as StorePipeline.open_spider)
happen once, are printed, and are not counted per contribution.

Beside it, in the same run: the same contribution rows (`contribution_row` of every
document after the speakers stage) inserted with one sqlite3 executemany into a plain
table with the same columns (no key, index, trigger or FTS) in a fresh file, in one
transaction; the median of --bare-runs runs. Prints per-stage seconds and contributions/s,
the total, the bare rate, the ratio and a verdict; and, because repeated copies find the
resolver's caches warm, the rates on the first copy (distinct documents) and the repeats.
Last, the floor (`floor_insert`): the same rows into a fresh archive's own table in one
statement, with every index and trigger a search needs but no stage, which no pipeline
can beat.
"""

from __future__ import annotations

import argparse
import copy
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.attribute_speakers import attribute_document
from pipelines.claims_table import write_claims
from pipelines.config import corpus_dir, topic_path
from pipelines.register_tables import ensure_register
from pipelines.relevance import Topic, cached_topic, score
from pipelines.row_writes import insert_rows
from pipelines.schema import CONTRIBUTION_COLUMNS
from pipelines.search_order import DateKeys
from pipelines.speakers import Register, RegisterError, load_register
from pipelines.store import Archive, contribution_row, document_row
from pipelines.transactions import write_transaction
from replay.manifest import ManifestError, load_manifest
from scraper.items import Document
from scraper.parsers import ParseError
from scraper.parsers.hansard import parse_debate_page
from scraper.parsers.twfy import parse_day_file

TARGET = 0.25  # pipeline contributions/s / bare executemany contributions/s
FETCHED_AT = "2025-01-01T00:00:00+00:00"
RECONSTRUCTED = "RECONSTRUCTED"  # how the manifest note of a reconstruction begins
STAGES = ("relevance", "speakers", "store", "claims", "commit")
SQL_TYPES = {str: "TEXT", int: "INTEGER", float: "REAL"}


# --- the documents -------------------------------------------------------------------


def corpus_documents(corpus: Path, reconstructed: bool) -> tuple[list[Document], list[str]]:
    """Documents of the corpus's day files and debate pages, and the files that failed."""
    documents: list[Document] = []
    failed: list[str] = []
    for rec in load_manifest(corpus):
        wanted = rec.kind.startswith("twfy-xml-") or rec.kind == "hansard-html"
        if not wanted or (not reconstructed and rec.note.startswith(RECONSTRUCTED)):
            continue
        body = rec.file.read_bytes()
        try:
            if rec.kind == "hansard-html":
                documents.append(parse_debate_page(body, rec.url, FETCHED_AT))
            else:
                documents.extend(parse_day_file(body, rec.url, FETCHED_AT).documents)
        except ParseError as exc:
            failed.append(f"{rec.file.name}: {exc}")
    return unique_ids(documents), failed


def unique_ids(documents: list[Document]) -> list[Document]:
    """Two versions of one day give the same ids; each must be a new row here."""
    seen: Counter[str] = Counter()
    for doc in documents:
        seen[doc.id] += 1
        if seen[doc.id] > 1:
            doc.id = f"{doc.id}~v{seen[doc.id]}"
    return documents


def contributions(documents: list[Document]) -> int:
    return sum(len(doc.contributions) for doc in documents)


def copies(documents: list[Document], at_least: int) -> list[list[Document]]:
    """The set, then copies with ids suffixed "~1", "~2"... until `at_least` contributions.

    Copies are made before any timing, so copying is never counted.
    """
    batches = [documents]
    per_set = contributions(documents)
    while per_set and per_set * len(batches) < at_least:
        number = len(batches)
        batch = copy.deepcopy(documents)
        for doc in batch:
            doc.id = f"{doc.id}~{number}"
        batches.append(batch)
    return batches


# --- the pipeline --------------------------------------------------------------------


@dataclass
class Context:
    """What every document's run needs: topic, register and the archive written to."""

    topic: Topic
    register: Register
    archive: Archive


@dataclass
class Clock:
    """Seconds per stage, and the tallies the stages report."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    contributions: int = 0
    tally: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    def rate(self, seconds: float) -> float:
        return self.contributions / seconds if seconds else 0.0


def run_document(doc: Document, context: Context, clock: Clock) -> None:
    """One document through relevance, speakers, then store and claims in one transaction."""
    t0 = time.perf_counter()
    result = score(doc.full_text(), context.topic)
    doc.relevance, doc.relevance_terms = result.score, result.matched
    t1 = time.perf_counter()
    clock.tally.update(attribute_document(doc, context.register))
    t2 = time.perf_counter()
    db = context.archive.db
    with write_transaction(db):
        outcome = context.archive.write_document(doc, run_id=None)
        t3 = time.perf_counter()
        claims = write_claims(db, doc.id, context.register) if outcome != "unchanged" else None
        t4 = time.perf_counter()
    t5 = time.perf_counter()
    for stage, seconds in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
        clock.seconds[stage] += seconds
    clock.contributions += len(doc.contributions)
    clock.tally.update(
        {"relevant" if result.relevant else "off-topic": 1, f"store {outcome}": 1}
        | ({f"claims {claims}": 1} if claims else {})
    )


def run_pipeline(batches: list[list[Document]], context: Context) -> list[Clock]:
    """One clock per copy, so the first (distinct documents) can be told from the repeats."""
    clocks = []
    for batch in batches:
        clock = Clock()
        for doc in batch:
            run_document(doc, context, clock)
        clocks.append(clock)
    return clocks


def merged(clocks: list[Clock]) -> Clock:
    total = Clock()
    for clock in clocks:
        for stage in STAGES:
            total.seconds[stage] += clock.seconds[stage]
        total.contributions += clock.contributions
        total.tally.update(clock.tally)
    return total


# --- the bare executemany ------------------------------------------------------------


def bare_rows(batches: list[list[Document]]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The rows the store wrote (speakers resolved), as columns and value tuples."""
    rows = [
        contribution_row(doc, c) for batch in batches for doc in batch for c in doc.contributions
    ]
    columns = list(rows[0]) if rows else []
    return columns, [tuple(row[column] for column in columns) for row in rows]


def bare_insert(folder: Path, number: int, columns: list[str], values: list[tuple]) -> float:
    """Seconds for one executemany of every row into a plain table in a fresh file, committed."""
    path = folder / f"bare-{number}.db"
    types = {column: SQL_TYPES[CONTRIBUTION_COLUMNS.get(column, str)] for column in columns}
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"CREATE TABLE bare ({', '.join(f'[{c}] {types[c]}' for c in columns)})")
        insert = f"INSERT INTO bare VALUES ({', '.join('?' for _ in columns)})"
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(insert, values)
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()
        path.unlink()


def floor_insert(folder: Path, batches: list[list[Document]]) -> tuple[int, float]:
    """(rows, seconds) to put the same contribution rows into a fresh archive's own table,
    keys, indexes, FTS and sample indexes and facet triggers included, in one statement:
    what storing alone costs with no pipeline stage at all.

    Why: the target compares the pipeline with rows written into a plain table. This
    says how much of the gap is the archive's indexes, which every search needs and no
    stage can remove. One statement, because FTS5 flushes its pending index at every
    statement savepoint (pipelines/row_writes.py)."""
    archive = Archive(folder / "floor.db")
    conn = archive.db.conn
    try:
        documents = [document_row(doc) for batch in batches for doc in batch]
        rows = [contribution_row(d, c) for b in batches for d in b for c in d.contributions]
        keys = DateKeys()
        columns = ("rowid", *rows[0])
        values = [(keys.next(row["date"]), *row.values()) for row in rows]
        with write_transaction(archive.db):
            insert_rows(archive.db, "documents", documents, batch_size=100)
            conn.execute(f"CREATE TEMP TABLE staged ({', '.join(f'[{c}]' for c in columns)})")
            marks = ", ".join("?" for _ in columns)
            conn.executemany(f"INSERT INTO temp.staged VALUES ({marks})", values)
        names = ", ".join(f"[{c}]" for c in columns)
        started = time.perf_counter()
        with write_transaction(archive.db):
            conn.execute(f"INSERT INTO contributions ({names}) SELECT {names} FROM temp.staged")
        return len(rows), time.perf_counter() - started
    finally:
        archive.close()


# --- printing ------------------------------------------------------------------------


def print_stages(clock: Clock) -> None:
    print(f"\n{'stage':<44}{'seconds':>9}{'contributions/s':>17}{'share':>7}")
    labels = {
        "relevance": "relevance (score)",
        "speakers": "speakers (attribute_document)",
        "store": "store (Archive.write_document)",
        "claims": "claims (write_claims)",
        "commit": "commit (one per document, as StorePipeline)",
    }
    for stage in STAGES:
        seconds = clock.seconds[stage]
        print(
            f"{labels[stage]:<44}{seconds:>9.2f}{clock.rate(seconds):>17,.0f}"
            f"{100 * seconds / clock.total:>6.1f}%"
        )
    print(f"{'pipeline total':<44}{clock.total:>9.2f}{clock.rate(clock.total):>17,.0f}")


def print_first_and_repeats(clocks: list[Clock]) -> None:
    """Repeats meet warm resolver caches; the first copy says what new text costs."""
    if len(clocks) < 2:
        return
    first, repeats = clocks[0], merged(clocks[1:])
    cells = [
        f"{s} {first.rate(first.seconds[s]):,.0f} / {repeats.rate(repeats.seconds[s]):,.0f}"
        for s in STAGES
    ]
    print(
        f"first copy ({first.contributions:,} contributions) / repeats "
        f"({repeats.contributions:,}), contributions/s: "
        + "; ".join(cells)
        + f"; total {first.rate(first.total):,.0f} / {repeats.rate(repeats.total):,.0f}"
    )


def print_verdict(pipeline_rate: float, bare_rate: float) -> None:
    ratio = pipeline_rate / bare_rate if bare_rate else 0.0
    meets = "MEETS" if ratio >= TARGET else "MISSES"
    print(
        f"\nratio pipeline / bare executemany: {ratio:.4f} ({100 * ratio:.2f}%)\n"
        f"verdict: the pipeline {meets} the target (>= {100 * TARGET:.0f}% of a bare "
        f"executemany): {pipeline_rate:,.0f} against {bare_rate:,.0f} contributions/s, "
        f"{bare_rate / pipeline_rate if pipeline_rate else float('inf'):,.0f}x slower"
    )


# --- main ----------------------------------------------------------------------------


def open_archive(folder: Path) -> tuple[Archive, float, str]:
    """A fresh archive as StorePipeline opens it: schema, then the register tables."""
    started = time.perf_counter()
    archive = Archive(folder / "archive.db")
    outcome = ensure_register(archive.db)
    return archive, time.perf_counter() - started, outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--contributions", type=int, default=20_000, help="at least this many contributions"
    )
    parser.add_argument("--bare-runs", type=int, default=5, help="bare executemany runs (median)")
    parser.add_argument(
        "--with-reconstructed", action="store_true", help="also use the reconstructed files"
    )
    args = parser.parse_args(argv)
    corpus = corpus_dir()
    started = time.perf_counter()
    try:
        documents, failed = corpus_documents(corpus, args.with_reconstructed)
    except ManifestError as exc:
        print(f"cannot read the corpus: {exc}", file=sys.stderr)
        return 2
    parse_seconds = time.perf_counter() - started
    for line in failed:
        print(f"not parsed: {line}")
    if not contributions(documents):
        print(f"no contributions in the day files and debate pages of {corpus}", file=sys.stderr)
        return 2
    batches = copies(documents, args.contributions)
    print(
        f"corpus {corpus}: {len(documents):,} documents, {contributions(documents):,} "
        f"contributions (parsed in {parse_seconds:.2f}s, not counted); as {len(batches)} sets: "
        f"{sum(len(b) for b in batches):,} documents, "
        f"{sum(contributions(b) for b in batches):,} contributions"
    )
    topic = cached_topic(str(topic_path()))
    started = time.perf_counter()
    try:
        register = load_register()
    except RegisterError as exc:
        print(f"cannot load the register: {exc}", file=sys.stderr)
        return 2
    print(f"one-time: register loaded in {time.perf_counter() - started:.2f}s ({register!r})")
    with tempfile.TemporaryDirectory(prefix="mutuals-pipeline-bench-") as tmp:
        folder = Path(tmp)
        archive, setup_seconds, register_outcome = open_archive(folder)
        print(
            f"one-time: fresh archive (schema, register tables {register_outcome}) "
            f"in {setup_seconds:.2f}s"
        )
        try:
            clocks = run_pipeline(batches, Context(topic, register, archive))
        finally:
            archive.close()
        size = (folder / "archive.db").stat().st_size
        columns, values = bare_rows(batches)
        bare = [bare_insert(folder, n, columns, values) for n in range(max(1, args.bare_runs))]
        floor_rows, floor_seconds = floor_insert(folder, batches)
    clock = merged(clocks)
    print_stages(clock)
    print_first_and_repeats(clocks)
    tally = ", ".join(f"{key} {value:,}" for key, value in sorted(clock.tally.items()))
    print(f"outcomes: {tally}; archive file {size / 1e6:.1f} MB")
    median = statistics.median(bare)
    bare_rate = len(values) / median
    print(
        f"\nbare executemany: {len(values):,} rows x {len(columns)} columns into a plain table, "
        f"one transaction: median {median:.3f}s of {len(bare)} runs "
        f"(fastest {min(bare):.3f}s, slowest {max(bare):.3f}s) = {bare_rate:,.0f} contributions/s"
    )
    floor_rate = floor_rows / floor_seconds
    print(
        f"floor: the same rows into the archive's own table (key, indexes, FTS, sample "
        f"indexes, facet triggers) in one statement, no stage: {floor_seconds:.3f}s = "
        f"{floor_rate:,.0f} contributions/s, {100 * floor_rate / bare_rate:.1f}% of the bare "
        f"executemany; the pipeline is {100 * clock.rate(clock.total) / floor_rate:.1f}% of it"
    )
    print_verdict(clock.rate(clock.total), bare_rate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
