"""The synthetic archive (benchmarks/synthetic.py) is a real, searchable archive.

One small archive is generated for the module (a few seconds, most of them reading the
speaker register) and checked with plain sqlite3: counts, FTS5 search through the
`speeches` view, the FTS triggers restored, dates, parties, sources and a Zipf-like skew.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from benchmarks import synthetic

CONTRIBUTIONS = 3_000


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "synth.db"
    argv = ["--contributions", str(CONTRIBUTIONS), "--out", str(out), "--seed", "3"]
    # topic phrases 20 times as often, so that 3,000 contributions surely hold some
    argv += ["--workers", "0", "--vocabulary-files", "10", "--topic-scale", "20"]
    assert synthetic.main(argv) == 0
    return out


@pytest.fixture
def db(generated: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(generated)
    yield conn
    conn.close()


def scalar(db: sqlite3.Connection, sql: str, *params: object) -> object:
    return db.execute(sql, params).fetchone()[0]


def test_counts_and_ids(db: sqlite3.Connection) -> None:
    assert scalar(db, "select count(*) from contributions") == CONTRIBUTIONS
    documents = scalar(db, "select count(*) from documents")
    assert CONTRIBUTIONS / 40 < documents < CONTRIBUTIONS / 3
    assert (
        scalar(db, "select count(*) from contributions where id != document_id || '#' || position")
        == 0
    )
    assert (
        scalar(
            db,
            "select count(*) from contributions c "
            "left join documents d on d.id = c.document_id where d.id is null",
        )
        == 0
    )
    assert scalar(db, "select count(distinct url) from documents") == documents
    assert scalar(db, "select count(*) from contributions where same_as is not null") == 0
    assert scalar(db, "select count(*) from people") > 1000  # the register was loaded


def test_refuses_to_overwrite(generated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--contributions", "10", "--out", str(generated)]
    assert synthetic.main(argv) == 2
    assert "--force" in capsys.readouterr().err


def test_fts_search_through_the_speeches_view(db: sqlite3.Connection) -> None:
    found = db.execute(
        "select s.id, s.text from contributions_fts f "
        "join speeches s on s.contribution_rowid = f.rowid "
        "where contributions_fts match ?",
        ['"public service mutuals"'],
    ).fetchall()
    assert found
    assert all("public service mutuals" in text.lower() for _, text in found)
    assert scalar(
        db, "select count(*) from contributions_fts where contributions_fts match 'mutuals'"
    ) >= len(found)
    assert scalar(db, "select count(*) from documents_fts") == scalar(
        db, "select count(*) from documents"
    )


def test_speeches_view_uses_the_same_as_index(db: sqlite3.Connection) -> None:
    """After ANALYZE the twin join must not scan the table once per row (see analyze())."""
    plan = " | ".join(
        row[-1]
        for row in db.execute(
            "explain query plan select count(*) from contributions_fts f "
            "join speeches s on s.contribution_rowid = f.rowid where contributions_fts match 'the'"
        )
    )
    assert "SCAN twin" not in plan, plan


def test_triggers_are_back(db: sqlite3.Connection) -> None:
    names = {r[0] for r in db.execute("select name from sqlite_master where type = 'trigger'")}
    assert set(synthetic.FTS_TRIGGERS) <= names
    db.execute(
        "insert into contributions (id, document_id, position, text) "
        "values ('x#0', 'hansard:1', 0, 'Zanzibarian cooperatives thrive.')"
    )
    db.execute(
        "insert into documents (id, source, url, title) "
        "values ('x', 'news', 'https://example.org/x', 'Quixotic headline')"
    )
    assert (
        scalar(
            db, "select count(*) from contributions_fts where contributions_fts match 'zanzibarian'"
        )
        == 1
    )
    assert (
        scalar(db, "select count(*) from documents_fts where documents_fts match 'quixotic'") == 1
    )
    db.rollback()


def test_dates_parties_sources_and_kinds(db: sqlite3.Connection) -> None:
    first, last = db.execute("select min(date), max(date) from contributions").fetchone()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", last)
    assert int(last[:4]) - int(first[:4]) > 100
    old = scalar(db, "select count(*) from contributions where date < '1900'")
    new = scalar(db, "select count(*) from contributions where date >= '1900'")
    assert old < new / 3  # volume grows over time
    assert scalar(db, "select count(distinct party) from contributions") >= 5
    sources = {r[0] for r in db.execute("select distinct source from documents")}
    assert sources == {"hansard", "twfy", "govuk", "news"}
    speakerless = scalar(
        db,
        "select count(*) from contributions where source in ('govuk', 'news') "
        "and (speaker_name is not null or kind != 'paragraph')",
    )
    assert speakerless == 0
    # the party is that of a membership of the person
    assert (
        scalar(
            db,
            "select count(*) from contributions c where person_id is not null and not exists "
            "(select 1 from memberships m where m.person_id = c.person_id and m.party = c.party)",
        )
        == 0
    )


def test_rowids_are_in_date_order_as_the_store_numbers_them(db: sqlite3.Connection) -> None:
    """Generated in random date order, numbered by date at the end (search_order.py)."""
    dates = [r[0] for r in db.execute("select date from contributions order by rowid")]
    assert dates == sorted(dates)
    newest = db.execute(
        "select c.date from contributions_fts f join contributions c on c.rowid = f.rowid "
        "where contributions_fts match 'the' order by f.rowid desc limit 1"
    ).fetchone()[0]
    assert newest == max(dates)


def test_text_looks_like_speeches_with_a_zipf_like_skew(db: sqlite3.Connection) -> None:
    texts = [r[0] for r in db.execute("select text from contributions")]
    lengths = sorted(len(t.split()) for t in texts)
    assert 40 <= lengths[len(lengths) // 2] <= 150  # median words per contribution
    assert lengths[-1] > 5 * lengths[len(lengths) // 2]  # a long tail
    paragraphs = [p for t in texts for p in t.split("\n\n")]
    assert all(p.endswith(".") and not p[0].islower() for p in paragraphs)
    # sentences start with a capital ("my hon. Friend" is not a sentence's end)
    pairs = re.findall(r"(\w+)\. (?=(\w))", "\n".join(texts))
    starts = [start for word, start in pairs if word not in synthetic.ABBREVIATIONS]
    assert len(starts) > 1000 and not any(start.islower() for start in starts)
    ranked = Counter(w for t in texts for w in re.findall(r"\w+", t.lower())).most_common()
    assert len(ranked) > 1000
    assert ranked[0][1] > 50 * ranked[999][1]


def test_chunks_do_not_depend_on_the_number_of_workers() -> None:
    vocabulary = synthetic.build_vocabulary(synthetic.corpus_files(10))
    assert len(vocabulary.urn) == vocabulary.cum_weights[-1]  # every token as often as read
    speakers = {
        "commons": tuple(synthetic.Speaker(f"MP {i}", f"p/{i}", "Lab") for i in range(10)),
        "lords": tuple(synthetic.Speaker(f"Lord {i}", f"l/{i}", "XB") for i in range(10)),
    }
    world = synthetic.World(vocabulary, speakers, *synthetic.sitting_days())
    specs = list(synthetic.chunk_specs(1_200, 400, seed=5))
    inline = list(synthetic.generate_chunks(world, specs, workers=0))
    parallel = list(synthetic.generate_chunks(world, specs, workers=2))
    assert [c.contributions for c in inline] == [c.contributions for c in parallel]
    assert sum(len(c.contributions) for c in inline) == 1_200
    ids = [row[0] for c in inline for row in c.documents]
    assert len(ids) == len(set(ids))
