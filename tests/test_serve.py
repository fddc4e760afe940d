"""Serving promises: Datasette answers searches over the built archive, and every table
and column a user sees is described in metadata.yml."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from conftest import MUTUALS_DOCUMENTS, serving
from sqlite_utils import Database

from pipelines.config import REPO_ROOT
from pipelines.store import Archive

RIGHTS_TO_PROVIDE = "govuk:/government/news/big-society-plans-for-better-public-services"


@pytest.fixture(scope="module")
def served(built: dict) -> Iterator[str]:
    with serving(built["db"]) as origin:
        yield origin


def test_search_for_mutuals_finds_the_press_release(served: str) -> None:
    response = httpx.get(served + "/archive/contributions.json?_search=mutuals&_shape=objects")
    assert response.status_code == 200
    rows = response.json()["rows"]
    assert RIGHTS_TO_PROVIDE in {r["document_id"] for r in rows}


def test_search_for_pathfinder_finds_maudes_answer_with_its_link(served: str) -> None:
    url = served + "/archive/contributions.json?_search=pathfinder&source=hansard&_shape=objects"
    rows = httpx.get(url).json()["rows"]
    assert rows and all(r["person_id"] == "uk.org.publicwhip/person/10423" for r in rows)
    assert all(
        r["url"].startswith("https://hansard.parliament.uk/Commons/2010-11-24/") for r in rows
    )


def test_document_search_covers_titles_and_descriptions(served: str) -> None:
    response = httpx.get(served + "/archive/documents.json?_search=mutual&_shape=objects")
    ids = {r["id"] for r in response.json()["rows"]}
    assert ids == set(MUTUALS_DOCUMENTS.values())


def test_search_over_speeches_finds_every_source_once(served: str) -> None:
    url = served + "/archive/speeches.json?_search=mutuals&_shape=objects&_size=100"
    rows = httpx.get(url).json()["rows"]
    assert {r["source"] for r in rows} == {"govuk", "hansard", "twfy", "news"}
    assert len({r["id"] for r in rows}) == len(rows)


def test_search_all_page_searches_every_searchable_table(served: str) -> None:
    response = httpx.get(served + "/-/search?q=pathfinder")
    assert response.status_code == 200
    for table in ("documents", "contributions"):
        assert f'href="/archive/{table}?_search=pathfinder"' in response.text


def test_facet_suggestions_are_off(served: str) -> None:
    settings = httpx.get(served + "/-/settings.json").json()
    assert settings["suggest_facets"] is False


def test_metadata_is_served(served: str) -> None:
    metadata = httpx.get(served + "/-/metadata.json").json()
    assert metadata["title"] == "Mutuals Archive"
    assert "Open Government Licence" in metadata["license"]


def test_serve_refuses_a_missing_archive(tmp_path: Path) -> None:
    env = os.environ | {"MUTUALS_DB": str(tmp_path / "missing.db")}
    result = subprocess.run(
        [sys.executable, "scripts/serve"], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "make archive" in result.stderr


def test_every_table_and_column_is_described(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive.db")
    db: Database = archive.db
    described = yaml.safe_load((REPO_ROOT / "metadata.yml").read_text())
    tables = described["databases"]["archive"]["tables"]
    hidden = {t for t in db.table_names() if "_fts" in t}
    for table in (set(db.table_names()) | set(db.view_names())) - hidden:
        assert tables.get(table, {}).get("description"), f"{table} has no description"
        columns = tables[table].get("columns", {})
        missing = [c for c in db[table].columns_dict if not columns.get(c)]
        assert not missing, f"{table}: columns without a description: {missing}"
