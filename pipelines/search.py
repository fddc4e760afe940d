"""Full-text search over every speech once and every document title, fast at any size.

Plain FTS5 over a million speeches costs seconds for a common word: ranking every match
with bm25 (3.1 s for "the"), and counting facets by joining every match to its row
(measured in benchmarks/RESULTS.md). What this module does instead, each bounded:

- **Date order** walks the index in rowid order and stops at the page: contribution
  rowids are date keys (pipelines/search_order.py), so newest-first costs under a
  millisecond whatever matches. Year and date filters become rowid ranges.
- **Relevance** ranks every match when at most `EXACT_LIMIT` match; beyond that it ranks
  the newest `RANK_WINDOW` matches, and says so.
- **Counts and facets** are exact up to `EXACT_LIMIT` matches. Beyond that they are
  estimated from a fixed 1-in-`SAMPLE_EVERY` sample of the matches, spread evenly over
  days and over positions within a day, and marked as estimates.
- **Snippets** are made only for the rows of the page.

Speeches are shown once: a speech both Hansard and TheyWorkForYou publish counts under
its Hansard copy (`same_as`, as the `speeches` view does).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipelines.search_order import SLOT_BITS, day_number, day_range

EXACT_LIMIT = 20_000
RANK_WINDOW = 5_000
SAMPLE_EVERY = 32
FACETS = ("source", "kind", "speaker", "party", "house", "year")
HIT_START, HIT_END = "\x02", "\x03"
SORTS = ("relevance", "newest", "oldest")


@dataclass
class Query:
    q: str
    sort: str = "relevance"
    filters: dict[str, str] = field(default_factory=dict)  # FACETS -> value ('' = any)
    date_from: str = ""
    date_to: str = ""
    page: int = 1
    page_size: int = 20
    exact_limit: int = EXACT_LIMIT  # (smaller in tests, to reach the estimating paths)
    rank_window: int = RANK_WINDOW


@dataclass
class Results:
    rows: list[dict[str, Any]]
    total: int
    estimated: bool  # total and facet counts come from a sample
    ranked_within: int | None  # relevance ranked among only this many newest matches
    facets: dict[str, list[tuple[str, int]]]


# --- the two kinds of hit ----------------------------------------------------------------

_SPEECH_COLUMNS = {name: f"s.{name}" for name in FACETS}  # search_facets, narrow
_DOCUMENT_COLUMNS = {
    "source": "d.source",
    "kind": "d.kind",
    "house": "d.house",
    "party": "null",
    "speaker": "coalesce(d.author, json_extract(d.extra, '$.outlet'))",
    "year": "substr(d.date, 1, 4)",
}


@dataclass(frozen=True)
class _Hits:
    """How to find one kind of hit: FROM clause, key, date order, columns to show."""

    fts: str
    key: str
    joins: str
    where: str
    columns: dict[str, str]
    date_order: str  # an expression to sort by date
    show: str  # the columns of a result row
    show_from: str  # where they come from, for the keys of a page


SPEECHES = _Hits(
    fts="contributions_fts",
    key="contributions_fts.rowid",
    joins="cross join search_facets s on s.rowid = contributions_fts.rowid",
    where="s.shown",
    columns=_SPEECH_COLUMNS,
    date_order="contributions_fts.rowid",
    show=(
        "'speech' as type, c.id, c.id as speech_id, c.document_id, d.title, c.date, c.source,"
        " d.kind, d.house, coalesce(p.name, c.speaker_name) as speaker, c.person_id,"
        " c.party, c.office, c.url, c.rowid as k"
    ),
    show_from=(
        "contributions c join documents d on d.id = c.document_id "
        "left join people p on p.person_id = c.person_id where c.rowid"
    ),
)
DOCUMENTS = _Hits(
    fts="documents_fts",
    key="documents_fts.rowid",
    joins="join documents d on d.rowid = documents_fts.rowid",
    where="1",
    columns=_DOCUMENT_COLUMNS,
    date_order="d.date",
    show=(
        "'document' as type, d.id,"
        " (select c.id from contributions c where c.document_id = d.id"
        "  order by c.position limit 1) as speech_id,"
        " d.id as document_id, d.title, d.date, d.source, d.kind, d.house,"
        " coalesce(d.author, json_extract(d.extra, '$.outlet')) as speaker,"
        " null as person_id, null as party, null as office, d.url, d.rowid as k"
    ),
    show_from="documents d where d.rowid",
)


def _conditions(hits: _Hits, query: Query) -> tuple[str, dict[str, Any]]:
    """The WHERE clause of a search, with its parameters: only the filters in use."""
    parts = [f"{hits.fts} match :q", hits.where]
    params: dict[str, Any] = {"q": query.q}
    for name, value in query.filters.items():
        if value and name != "year":
            parts.append(f"{hits.columns[name]} = :{name}")
            params[name] = value
    first, last = _date_window(query)
    if first or last:
        if hits is SPEECHES:  # a rowid range: FTS5 seeks straight to it
            low, high = day_range(first, last)
            parts.append(f"{hits.fts}.rowid between :low and :high")
            params |= {"low": low, "high": high}
        else:
            parts.append("d.date >= :first and d.date <= :last || 'z'")
            params |= {"first": first or "", "last": last or "9999"}
    return " and ".join(parts), params


def _date_window(query: Query) -> tuple[str | None, str | None]:
    """The year filter and the from/to dates, as one inclusive range of ISO days."""
    first, last = query.date_from or None, query.date_to or None
    year = query.filters.get("year")
    if year:
        first = max(filter(None, [first, f"{year}-01-01"]))
        last = min(filter(None, [last, f"{year}-12-31"]))
    return first, last


def _from(hits: _Hits, query: Query) -> tuple[str, dict[str, Any]]:
    where, params = _conditions(hits, query)
    return f"from {hits.fts} {hits.joins} where {where}", params


# --- counting ----------------------------------------------------------------------------


def _sampled(hits: _Hits) -> str:
    # the day and the place in the day both vary the pick, so small days are sampled too
    key = f"{hits.fts}.rowid"
    return f"((({key} >> {SLOT_BITS}) * 7 + {key}) % {SAMPLE_EVERY}) = 0"


def _count(conn: sqlite3.Connection, hits: _Hits, query: Query) -> tuple[int, bool, Counter]:
    """(total, estimated, facet counts keyed by (facet, value)) for one kind of hit."""
    clause, params = _from(hits, query)
    if not any(query.filters.values()) and not (query.date_from or query.date_to):
        # unfiltered, the index alone says whether there are too many to count exactly
        clause_for_cap = f"from {hits.fts} where {hits.fts} match :q"
    else:
        clause_for_cap = clause
    capped = conn.execute(
        f"select count(*) from (select 1 {clause_for_cap} limit {query.exact_limit + 1})",
        params,
    ).fetchone()[0]
    estimated = capped > query.exact_limit
    sample = f" and {_sampled(hits)}" if estimated else ""
    columns = ", ".join(f"{hits.columns[name]}" for name in FACETS)
    counts: Counter = Counter()
    seen = 0
    for row in conn.execute(f"select {columns} {clause}{sample}", params):
        seen += 1
        for name, value in zip(FACETS, row, strict=True):
            if value is not None:
                counts[(name, value)] += 1
    if not estimated:
        return seen, False, counts
    return seen * SAMPLE_EVERY, True, Counter({k: n * SAMPLE_EVERY for k, n in counts.items()})


# --- the page ----------------------------------------------------------------------------


def _page_keys(
    conn: sqlite3.Connection, hits: _Hits, query: Query, ranked_all: bool, wanted: int
) -> list[tuple[int, float | None]]:
    """The keys (and bm25 ranks) of the first `wanted` hits in the query's order."""
    clause, params = _from(hits, query)
    if query.sort in ("newest", "oldest"):
        direction = "desc" if query.sort == "newest" else "asc"
        # speeches: the rowid is the date, and FTS5 walks it in order only if it is alone
        columns = dict.fromkeys((hits.date_order, hits.key))
        order = ", ".join(f"{column} {direction}" for column in columns)
        sql = f"select {hits.key}, null {clause} order by {order} limit {wanted}"
    elif ranked_all:
        sql = (
            f"select {hits.key}, bm25({hits.fts}) as rank {clause} "
            f"order by rank, {hits.key} limit {wanted}"
        )
    else:  # the newest rank_window matches, ranked
        sql = (
            f"select * from (select {hits.key}, bm25({hits.fts}) as rank {clause} "
            f"order by {hits.date_order} desc limit {query.rank_window}) "
            f"order by rank, 1 limit {wanted}"
        )
    return conn.execute(sql, params).fetchall()


def _page_rows(
    conn: sqlite3.Connection, hits: _Hits, query: Query, ranked_all: bool, wanted: int
) -> list[dict[str, Any]]:
    """The first `wanted` hits, each with what the page shows and its sort key."""
    ranks = dict(_page_keys(conn, hits, query, ranked_all, wanted))
    if not ranks:
        return []
    marks = ", ".join("?" for _ in ranks)
    cursor = conn.execute(f"select {hits.show} from {hits.show_from} in ({marks})", list(ranks))
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor]
    for row in rows:
        row["rank"] = ranks[row["k"]]
    return rows


def _snippet(conn: sqlite3.Connection, hits: _Hits, q: str, key: int) -> str | None:
    """The matching passage of one hit: FTS5's snippet (or the title, for a document)."""
    function = (
        f"snippet({hits.fts}, -1, '{HIT_START}', '{HIT_END}', '…', 32)"
        if hits is SPEECHES
        else f"highlight({hits.fts}, 0, '{HIT_START}', '{HIT_END}')"
    )
    row = conn.execute(
        f"select {function} from {hits.fts} where {hits.fts} match ? and rowid = ?", [q, key]
    ).fetchone()
    return row[0] if row else None


def _order_key(row: dict[str, Any], sort: str) -> tuple:
    """The merged order of speeches and documents: within each, the order SQL gave them
    (so that pages neither overlap nor skip), ties between them broken by kind."""
    if sort == "newest":
        return (-day_number(row["date"]), row["type"], -row["k"])
    if sort == "oldest":
        return (row["date"] or "", row["type"], row["k"])
    return (row["rank"], row["type"], row["k"])


def search(conn: sqlite3.Connection, query: Query) -> Results:
    """One page of results for `query`, with the total and the facet counts."""
    totals, estimated, facets = 0, False, Counter()
    ranked_within = None
    wanted = query.page * query.page_size
    rows: list[dict[str, Any]] = []
    for hits in (SPEECHES, DOCUMENTS):
        if query.filters.get("party") and hits is DOCUMENTS:
            continue  # documents have no party
        total, sampled, counts = _count(conn, hits, query)
        totals += total
        estimated = estimated or sampled
        facets.update(counts)
        ranked_all = not sampled and total <= query.exact_limit
        if query.sort == "relevance" and not ranked_all:
            ranked_within = query.rank_window
        for row in _page_rows(conn, hits, query, ranked_all, wanted):
            row["hits"] = hits
            rows.append(row)
    rows.sort(key=lambda r: _order_key(r, query.sort))
    page = rows[wanted - query.page_size : wanted]
    for row in page:
        row["snippet"] = _snippet(conn, row.pop("hits"), query.q, row.pop("k"))
        row.pop("rank", None)
    by_facet: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    for (name, value), n in facets.most_common():
        by_facet[name].append((str(value), n))
    return Results(page, totals, estimated, ranked_within, by_facet)
