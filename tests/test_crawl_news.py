"""The news spider through Scrapy over HTTP against the replay server (as a mirror)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import crawl_spider, run, snapshot
from sqlite_utils import Database

from replay.server import Canned, ReplayServer

THIRD_SECTOR = (
    "https://www.thirdsector.co.uk/government-departments-set-plans-public-sector-mutuals"
    "-year-taskforce-report-says/policy-and-politics/article/1137976"
)
PUBLIC_FINANCE = "https://www.publicfinance.co.uk/2013/02/when-the-feelings-mutual"
FEED = "https://www.thirdsector.co.uk/rss/news"
MAUDE = "uk.org.publicwhip/person/10423"


def crawl(server: ReplayServer, db: Path, *arguments: str) -> dict:
    return crawl_spider(server, db, "news", *arguments, settings={"RETRY_TIMES": 0})


@pytest.fixture(scope="module")
def articles(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("news") / "archive.db"
    urls = f"urls={THIRD_SECTOR},{PUBLIC_FINANCE}"
    with ReplayServer(corpus) as server:
        first = crawl(server, db, "-a", urls)
        after = snapshot(db)
        second = crawl(server, db, "-a", urls)
    return {"db": db, "first": first, "second": second, "after": after}


def documents(db: Path) -> dict[str, dict]:
    return {r["title"]: r for r in Database(db).query("select * from documents")}


def test_both_mutuals_articles_are_archived(articles: dict) -> None:
    docs = documents(articles["db"])
    third = docs[
        "Government departments to set out plans for public sector mutuals this year, "
        "taskforce report says"
    ]
    public = docs["When the feeling’s mutual"]
    assert (third["date"], third["author"]) == ("2012-06-25", None)
    assert (public["date"], public["author"]) == ("2013-02-08", "Francis Maude")
    assert third["url"] == THIRD_SECTOR and public["source"] == "news"


def test_maudes_statements_are_his_contributions(articles: dict) -> None:
    rows = list(
        Database(articles["db"]).query(
            "select c.* from contributions c join documents d on d.id = c.document_id "
            "where d.url = ? order by position",
            [THIRD_SECTOR],
        )
    )
    maude = [r for r in rows if r["person_id"] == MAUDE]
    assert len(maude) == 5
    assert all("Cabinet Office" in r["office"] for r in maude)
    assert any("from the margin to the mainstream" in r["text"] for r in maude)
    le_grand = [r for r in rows if r["speaker_name"] == "Julian Le Grand"]
    assert len(le_grand) == 2 and all(r["person_id"] is None for r in le_grand)


def test_no_page_furniture_reaches_the_archive(articles: dict) -> None:
    text = " ".join(
        r["text"] for r in Database(articles["db"]).query("select text from contributions")
    )
    for furniture in ("Register now", "Disqus", "Did you enjoy this article", "AddToAny"):
        assert furniture not in text


def test_recrawling_changes_nothing(articles: dict) -> None:
    assert snapshot(articles["db"]) == articles["after"]
    assert (articles["second"]["run"]["new"], articles["second"]["run"]["unchanged"]) == (0, 2)


FEED_BODY = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Third Sector</title>
<item><title>Taskforce report: mutuals plans</title><link>{THIRD_SECTOR}</link>
<description>Public service mutuals and the Mutuals Taskforce.</description></item>
<item><title>Charity shop sales rise</title><link>https://www.thirdsector.co.uk/shops/1</link>
<description>Retail figures for charity shops.</description></item>
</channel></rss>""".encode()  # hand-made in RSS 2.0 form: no feed was recorded


def test_a_feed_yields_only_its_entries_about_the_topic(corpus: Path, tmp_path: Path) -> None:
    with ReplayServer(corpus, overrides={FEED: Canned(200, FEED_BODY)}) as server:
        out = crawl(server, tmp_path / "a.db", "-a", "outlets=Third Sector")
        fetched = [
            path for _, path, _ in server.requests if "/article/" in path or "/shops/" in path
        ]
    assert len(fetched) == 1 and fetched[0].endswith("/article/1137976")
    assert out["run"]["new"] == 1


LAYOUT_CHANGED = b"""<html><head><title>Mutuals | Public Finance</title></head>
<body><nav>Home News Opinion</nav><div id="app"></div></body></html>"""


def test_an_outlet_whose_layout_changed_fails_the_run(corpus: Path, tmp_path: Path) -> None:
    broken = {PUBLIC_FINANCE: Canned(200, LAYOUT_CHANGED)}
    with ReplayServer(corpus, overrides=broken) as server:
        out = crawl(server, tmp_path / "a.db", "-a", f"urls={PUBLIC_FINANCE},{THIRD_SECTOR}")
    assert out["run"]["status"] == "failed"
    assert "every article of Public Finance (1) failed extraction" in out["run"]["reason"]
    kinds = {(e["kind"], e["url"]) for e in out["events"]}
    assert ("error:extraction_failed", PUBLIC_FINANCE) in kinds
    assert ("error:source_failed", "Public Finance") in kinds


def test_a_failed_outlet_makes_the_build_exit_non_zero(corpus: Path, tmp_path: Path) -> None:
    """The offline build over a corpus whose only news page lost its article body."""
    other = tmp_path / "corpus"
    other.mkdir()
    (other / "page.html").write_bytes(LAYOUT_CHANGED)
    header = "file\tkind\tsource_repo\tsource_path\tcommit\turl\tlicence\tnote\n"
    row = f"page.html\tnews-article-html\t\t\t\t{PUBLIC_FINANCE}\tx\tlayout changed\n"
    (other / "MANIFEST.tsv").write_text(header + row)
    result = run(
        [sys.executable, "scripts/build"],
        tmp_path / "b.db",
        MUTUALS_CORPUS=str(other),
        MUTUALS_REGISTER=str(corpus / "members"),
    )
    assert result.returncode == 1
    assert "news       failed" in result.stdout
