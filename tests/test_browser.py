"""The archive as a person uses it: Playwright driving Debian's Chromium against scripts/serve.

Every page is reached by clicking from the one before, as a reader would, and a screenshot
of each is saved under test-artifacts/screenshots/ (README names the folder).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import serving
from lxml import etree
from sqlite_utils import Database

from pipelines.config import REPO_ROOT

playwright = pytest.importorskip("playwright.sync_api")

SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("MUTUALS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's own phoning home is refused on this closed network; switch it off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SEED_TITLES = [
    "Big Society plans for better public services",
    "Public Sector Mutuals",
    "Employee Mutuals",
    "Government departments to set out plans for public sector mutuals this year, "
    "taskforce report says",
    "When the feeling’s mutual",
]


@pytest.fixture(scope="module")
def origin(built: dict) -> Iterator[str]:
    with serving(built["db"]) as url:
        yield url


@pytest.fixture(scope="module")
def page(origin: str):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 1000})
        tab.set_default_timeout(10_000)
        yield tab
        browser.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def search_mutuals(page, origin: str) -> None:
    page.goto(origin + "/")
    page.locator("a:visible", has_text="Search everything").first.click()
    page.fill("input[name=q]", "mutuals")
    page.click("input[type=submit]")
    page.wait_for_selector(".mutuals-result")


def test_search_finds_the_five_seed_documents_with_highlights(page, origin: str) -> None:
    search_mutuals(page, origin)
    shot(page, "01-search-mutuals")
    titles = page.locator(".mutuals-result strong").all_inner_texts()
    for title in SEED_TITLES:
        assert title in titles, title
    assert page.locator(".snippet mark").count() > 5
    assert page.locator(".mutuals-facets").inner_text().count("Hansard") >= 1


def test_a_facet_narrows_the_results(page, origin: str) -> None:
    search_mutuals(page, origin)
    page.locator(".mutuals-facets a", has_text="Hansard").first.click()
    page.wait_for_selector(".mutuals-result")
    shot(page, "02-search-facet-hansard")
    sources = page.locator(".mutuals-result .meta").all_inner_texts()
    assert sources and all("Hansard" in s for s in sources)


def test_open_a_speech_and_its_source_link(page, origin: str) -> None:
    search_mutuals(page, origin)
    page.locator(".mutuals-result", has_text="Ian Murray").first.locator("a.speech-link").click()
    page.wait_for_selector(".cite-line")
    shot(page, "03-speech")
    assert "Ian Murray" in page.inner_text(".speaker")
    assert "Shadow Minister" in page.inner_text(".speaker")
    source = page.get_attribute("a.source-link", "href")
    assert source == "https://www.theyworkforyou.com/debates/?id=2011-12-14a.777.6"
    assert "TheyWorkForYou gid 2011-12-14a.777.6" in page.inner_text(".cite-line")


def test_open_a_person_and_their_timeline(page, origin: str) -> None:
    search_mutuals(page, origin)
    page.locator(".mutuals-result a", has_text="Francis Maude").first.click()
    page.wait_for_selector("table.offices")
    shot(page, "04-person-francis-maude")
    assert "The Paymaster General and Minister for the Cabinet Office" in page.inner_text("body")
    page.locator("table.claims a", has_text="mutuals.count").first.click()
    page.wait_for_selector("svg")
    shot(page, "05-timeline-mutuals-count")
    body = page.inner_text("body")
    assert "58" in body and "65" in body


def test_subscribe_to_the_feed_of_a_search(page, origin: str) -> None:
    search_mutuals(page, origin)
    href = page.get_attribute("a:has-text('Atom feed')", "href")
    feed = httpx.get(origin + href)
    assert feed.status_code == 200
    root = etree.fromstring(feed.content)
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert entries, feed.text[:500]
    page.goto(origin + "/-/mutuals?q=mutuals")
    assert page.locator("link[type='application/atom+xml']").count() == 1


HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> hostile mutuals text'


@pytest.fixture(scope="module")
def hostile_origin(built: dict, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of the archive with one speech whose text is script, served on its own."""
    db_file = tmp_path_factory.mktemp("hostile") / "archive.db"
    db_file.write_bytes(Path(built["db"]).read_bytes())
    db = Database(db_file)
    row = next(db.query("select * from contributions where source = 'hansard' limit 1"))
    db["contributions"].insert(row | {"id": row["id"] + "x", "position": 99, "text": HOSTILE})
    db.conn.commit()
    db.close()
    with serving(db_file) as url:
        yield url


def test_a_hostile_speech_is_shown_as_text(page, hostile_origin: str) -> None:
    """Script in archived text stays text: it is shown, and nothing runs."""
    alerts: list[str] = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_origin + "/-/mutuals?q=hostile")
    page.wait_for_selector(".mutuals-result")
    page.locator(".mutuals-result a.speech-link").first.click()
    page.wait_for_selector(".speech-text")
    shot(page, "06-hostile-speech-escaped")
    assert "<script>alert(1)</script>" in page.inner_text(".speech-text")
    assert page.locator(".speech-text script, .speech-text img").count() == 0
    assert alerts == []
