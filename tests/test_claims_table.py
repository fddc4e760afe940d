"""Claims in the archive: who said each figure, when, in which office, and the series."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import run
from sqlite_utils import Database

MAUDE = "uk.org.publicwhip/person/10423"


def test_the_mutuals_count_series_reads_58_then_65(built: dict) -> None:
    rows = list(
        Database(built["db"]).query(
            "select as_of, value, who from claim_timeline where metric = 'mutuals.count' "
            "order by as_of"
        )
    )
    assert [(r["as_of"][:4], r["value"]) for r in rows] == [("2012", 58.0), ("2013", 65.0)]
    assert rows[1]["who"] == "Francis Maude"


def test_58_mutuals_is_the_taskforce_reports_with_the_articles_date(built: dict) -> None:
    [row] = Database(built["db"]).query("select * from claims where value = 58")
    assert (row["who"], row["as_of"], row["kind"]) == (
        "Mutuals Taskforce report",
        "2012-06-25",
        "statistic",
    )
    assert row["person_id"] is None and row["ministerial"] == 0


def test_maudes_claims_carry_his_office_that_day_and_are_ministerial(built: dict) -> None:
    rows = list(Database(built["db"]).query("select * from claims where person_id = ?", [MAUDE]))
    assert len(rows) > 20
    assert {r["source"] for r in rows} == {"govuk", "hansard", "twfy", "news"}
    assert all(r["ministerial"] == 1 for r in rows)
    assert all("Minister for the Cabinet Office" in r["office"] for r in rows)


def test_funding_is_normalised(built: dict) -> None:
    rows = list(Database(built["db"]).query("select * from claims where kind = 'funding'"))
    assert {(r["value"], r["currency"]) for r in rows} >= {(10_000_000.0, "GBP")}


def test_the_million_workers_target_sits_beside_what_was_reported_later(built: dict) -> None:
    rows = list(
        Database(built["db"]).query(
            "select * from target_outcomes where target_value = 1000000 and target_date = '2015'"
        )
    )
    assert rows and rows[0]["reported_value"] == 20000
    assert rows[0]["reported_on"] == "2012-06-25"


def test_claims_are_searchable(built: dict) -> None:
    db = Database(built["db"])
    hits = db.execute(
        "select count(*) from claims_fts where claims_fts match 'mutuals support programme'"
    ).fetchone()[0]
    assert hits >= 1


def test_rebuilding_claims_without_a_crawl_changes_nothing(built: dict, tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    db.write_bytes(Path(built["db"]).read_bytes())
    before = list(Database(db).query("select * from claims order by id"))
    result = run([sys.executable, "scripts/resolve-speakers"], db)
    assert result.returncode == 0, result.stderr
    assert "claims of 0 documents rewritten" in result.stdout
    assert list(Database(db).query("select * from claims order by id")) == before
