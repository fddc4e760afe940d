"""Shared fixtures: the recorded corpus, a fresh archive, and a small document factory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlite_utils import Database

from pipelines.config import REPO_ROOT, corpus_dir
from pipelines.store import Archive
from scraper.items import Contribution, Document, Person


@pytest.fixture(scope="session")
def corpus() -> Path:
    path = corpus_dir()
    if not (path / "MANIFEST.tsv").exists():
        pytest.fail(f"recorded corpus not found at {path}; set MUTUALS_CORPUS")
    return path


@pytest.fixture(scope="session")
def seeds(corpus: Path) -> Path:
    return corpus.parent / "seeds"


@pytest.fixture
def archive() -> Archive:
    return Archive(db=Database(memory=True))


# The mutuals documents of the recorded corpus, by source: what the offline build must hold.
MUTUALS_DOCUMENTS = {
    "govuk": "govuk:/government/news/big-society-plans-for-better-public-services",
    "hansard": "hansard:10112451000023",
    "twfy": "twfy:debates/2011-12-14.777.5",
    "news (Third Sector)": "news:67f8f6599a2f53fb",
    "news (Public Finance)": "news:b8f515f3156de490",
}


def make_document(paragraphs: list[str], **fields) -> Document:
    defaults = dict(
        id="govuk:/government/news/example",
        source="govuk",
        kind="press_release",
        url="https://www.gov.uk/government/news/example",
        title="Example press release about mutuals",
        fetched_at="2026-11-22T10:00:00+00:00",
        content_sha256="0" * 64,
        date="2010-11-17",
        organisations=["Cabinet Office"],
        people=[Person(name="Francis Maude", ref="francis-maude")],
    )
    defaults.update(fields)
    contributions = [Contribution(position=i, text=t) for i, t in enumerate(paragraphs)]
    return Document(contributions=contributions, **defaults)


def run(command: list[str], db: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = os.environ | {"MUTUALS_DB": str(db)} | env
    return subprocess.run(
        command, cwd=REPO_ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


def snapshot(db_file: Path) -> dict[str, list[dict]]:
    db = Database(db_file)
    tables = ("documents", "contributions", "documents_fts", "contributions_fts")
    dump = {t: list(db.query(f"select rowid, * from [{t}] order by rowid")) for t in tables}
    db.close()
    return dump


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("build") / "archive.db"
    first = run([sys.executable, "scripts/build"], db)
    after_first = snapshot(db)
    second = run([sys.executable, "scripts/build"], db)
    return {"db": db, "first": first, "second": second, "after_first": after_first}


def crawl_spider(
    server, db: Path, spider: str, *arguments: str, settings: dict | None = None, **env: str
) -> dict:
    """`scrapy crawl <spider>` against a replay server, as the offline build points it."""
    from scraper.crawl import replayed_settings

    values = replayed_settings(server.base_url, server.origin) | (settings or {})
    command = [sys.executable, "-m", "scrapy", "crawl", spider, *arguments]
    for name, value in values.items():
        command += ["-s", f"{name}={value}"]
    result = run(command, db, **env)
    assert result.returncode == 0, result.stderr[-3000:]
    database = Database(db)
    return {
        "log": result.stderr,
        "run": list(database.query("select * from scrape_runs order by id"))[-1],
        "events": list(database.query("select kind, url, reason from scrape_events")),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read() if process.stderr else "datasette exited")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {seconds}s")


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """`scripts/serve` on an archive, as README's first command runs it; yields its origin."""
    port = free_port()
    env = os.environ | {"MUTUALS_DB": str(db), "MUTUALS_PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, "scripts/serve"], cwd=REPO_ROOT, env=env, stderr=subprocess.PIPE
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(origin + "/-/versions.json", process)
        yield origin
    finally:
        process.terminate()
        process.wait(timeout=10)
