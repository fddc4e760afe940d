"""Full-text search over every speech once and every document title, fast at any size.

Plain FTS5 over a million speeches costs seconds for a common word: ranking every match
with bm25 (3.1 s for "the"), and counting facets by joining every match to its row
(measured in benchmarks/RESULTS.md). What this module does instead, each bounded:

- **Date order** walks the index in rowid order and stops at the page: contribution and
  document rowids are date keys (pipelines/search_order.py), so newest-first costs under
  a millisecond whatever matches. Year and date filters become rowid ranges.
- **Relevance** ranks every match when at most `EXACT_LIMIT` match; beyond that it ranks
  the newest `RANK_WINDOW` matches, and says so.
- **Counts and facets** are exact up to `EXACT_LIMIT` matches. Beyond that they are
  estimated from a fixed 1-in-`SAMPLE_EVERY` sample of the matches, spread evenly over
  days and over positions within a day, and marked as estimates. Title hits are
  estimated past `DOCUMENT_SAMPLE_FROM` when the speeches already were: the total is an
  estimate then anyway.
- **Snippets** are made only for the rows of the page.

Speeches are shown once: a speech both Hansard and TheyWorkForYou publish counts under
its Hansard copy (`same_as`, as the `speeches` view does).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from pipelines.search_order import DOCUMENTS_DATE_ORDERED, day_number, day_range
from pipelines.search_samples import LEVELS, member
from pipelines.search_samples import table as sample_table

EXACT_LIMIT = 20_000
RANK_WINDOW = 2_000
SNIPPET_WALK = 4_000  # matches walked to make a page's snippets in one pass
SAMPLE_LEVEL = 5  # documents: 1 in 32; speeches are counted in search_samples' indexes
SAMPLE_EVERY = 1 << SAMPLE_LEVEL
# Title hits past this many are estimated when the speeches were: about 100 sampled rows.
DOCUMENT_SAMPLE_FROM = 100 * SAMPLE_EVERY
MIN_SAMPLE = 1_000  # matches a sample must hold for its estimate to be used
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
    document_sample_from: int = DOCUMENT_SAMPLE_FROM


@dataclass
class Results:
    rows: list[dict[str, Any]]
    total: int
    estimated: bool  # total and facet counts come from a sample
    ranked_within: int | None  # relevance ranked among only this many newest matches
    facets: dict[str, list[tuple[str, int]]]


# --- the two kinds of hit ----------------------------------------------------------------

_SPEECH_COLUMNS = {name: f"s.{name}" for name in FACETS}  # search_facets, narrow
_DOCUMENT_COLUMNS = {name: f"f.{name}" for name in FACETS} | {"party": "null"}


@dataclass(frozen=True)
class _Hits:
    """How to find one kind of hit: its FTS index, the narrow table of its facets, date
    order, columns to show."""

    fts: str
    facets: str  # "table alias", joined on the FTS rowid
    where: str
    columns: dict[str, str]
    date_order: str | None  # an expression to sort by date; None: the key itself
    show: str  # the columns of a result row
    show_from: str  # where they come from, for the keys of a page

    @property
    def key(self) -> str:
        return f"{self.fts}.rowid"

    @property
    def joins(self) -> str:
        alias = self.facets.split()[-1]
        return f"cross join {self.facets} on {alias}.rowid = {self.key}"

    @property
    def dated_rowids(self) -> bool:
        """The rowids are date keys (search_order.py): a date range is a rowid range."""
        return self.date_order is None

    @property
    def by_date(self) -> str:
        return self.date_order or self.key


SPEECHES = _Hits(
    fts="contributions_fts",
    facets="search_facets s",
    where="s.shown",
    columns=_SPEECH_COLUMNS,
    date_order=None,
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
    facets="search_document_facets f",
    where="1",
    columns=_DOCUMENT_COLUMNS,
    date_order=None,
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
# An archive not yet renumbered (search_order.py) until its next build or refresh: its
# documents are sorted by their date column, as before.
UNNUMBERED_DOCUMENTS = replace(DOCUMENTS, date_order="f.date")


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
        if hits.dated_rowids:  # a rowid range: FTS5 seeks straight to it
            low, high = day_range(first, last)
            parts.append(f"{hits.key} between :low and :high")
            params |= {"low": low, "high": high}
        else:
            parts.append(f"{hits.date_order} >= :first and {hits.date_order} <= :last || 'z'")
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
    return member(hits.key, SAMPLE_LEVEL)


@dataclass
class _Counted:
    """One kind of hit counted: the total, the facet counts, and (when every match was
    read) the keys and ranks of the first hits in the query's order."""

    total: int
    estimated: bool
    counts: Counter
    keys: list[tuple[int, float | None]] | None = None


def _counted(
    conn: sqlite3.Connection, hits: _Hits, query: Query, wanted: int, estimated: bool
) -> _Counted:
    """`estimated`: the hits counted before these were estimated, so the total is an
    estimate already, and exact counts of these would add time, not accuracy."""
    if hits is SPEECHES:
        level, sample = _in_samples(conn, query)
        if len(sample) < MIN_SAMPLE or len(sample) << level <= query.exact_limit:
            exact = _exact(conn, hits, query, wanted)
            if exact:
                return exact
        return _estimated(sample, 1 << level)
    limit = min(query.exact_limit, query.document_sample_from) if estimated else query.exact_limit
    if not _more_than(conn, hits, query, limit):
        exact = _exact(conn, hits, query, wanted)
        if exact:
            return exact
    clause, params = _from(hits, query)
    sampled = f"select {_facet_columns(hits)} {clause} and {_sampled(hits)}"
    return _estimated(conn.execute(sampled, params), SAMPLE_EVERY)


def _more_than(conn: sqlite3.Connection, hits: _Hits, query: Query, limit: int) -> bool:
    """Whether more than `limit` hit, counted in the FTS index alone when nothing else is
    asked (2.7 ms for the 8,600 title hits of "the", against 24 ms joined to their facets)."""
    if any(query.filters.values()) or query.date_from or query.date_to:
        clause, params = _from(hits, query)
        sql = f"select count(*) from (select 1 {clause} limit {limit + 1})"
    else:
        sql = f"select count(*) from (select 1 from {hits.fts} where {hits.fts} match :q"
        sql += f" limit {limit + 1})"
        params = {"q": query.q}
    return conn.execute(sql, params).fetchone()[0] > limit


def _exact(conn: sqlite3.Connection, hits: _Hits, query: Query, wanted: int) -> _Counted | None:
    """Every match read once, for counts and page alike; None past `exact_limit` matches."""
    clause, params = _from(hits, query)
    rank = f"bm25({hits.fts})" if query.sort == "relevance" else "null"
    date = hits.date_order or "null"
    rows = conn.execute(
        f"select {hits.key}, {rank}, {date}, {_facet_columns(hits)} {clause}"
        f" limit {query.exact_limit + 1}",
        params,
    ).fetchall()
    if len(rows) > query.exact_limit:
        return None
    counts = _tally(rows, 3, 1)
    if query.sort == "relevance":
        rows.sort(key=lambda r: (r[1], r[0]))
    else:  # as SQL orders: by date (NULL lowest), then key
        rows.sort(
            key=lambda r: (r[2] is not None, r[2] or "", r[0]), reverse=query.sort == "newest"
        )
    return _Counted(len(rows), False, counts, [(r[0], r[1]) for r in rows[:wanted]])


def _in_samples(conn: sqlite3.Connection, query: Query) -> tuple[int, list[tuple]]:
    """(level, facet rows) from the coarsest sample index holding `MIN_SAMPLE` of the
    query's matches, or the finest (search_samples.py): a few thousand rows read however
    many speeches match. A coarse sample's count says how much finer to look next."""
    index, rows = 0, []
    while True:
        level = LEVELS[index]
        sample = replace(SPEECHES, fts=sample_table(level))
        clause, params = _from(sample, query)
        rows = conn.execute(f"select {_facet_columns(sample)} {clause}", params).fetchall()
        if len(rows) >= MIN_SAMPLE or index == len(LEVELS) - 1:
            return level, rows
        index += 1
        expected = len(rows) * (1 << (level - LEVELS[index]))
        while rows and expected < MIN_SAMPLE and index < len(LEVELS) - 1:
            index += 1
            expected = len(rows) * (1 << (level - LEVELS[index]))


def _facet_columns(hits: _Hits) -> str:
    return ", ".join(hits.columns[name] for name in FACETS)


def _estimated(rows: Iterable[tuple], every: int) -> _Counted:
    """Counts from a sample of facet rows, each standing for `every` matches."""
    rows = list(rows)
    return _Counted(len(rows) * every, True, _tally(rows, 0, every))


def _tally(rows: list[tuple], first: int, every: int) -> Counter:
    """Facet counts, keyed (facet, value), from the facet columns of rows starting at
    `first`; a column at a time, which is five times faster than a row at a time."""
    counts: Counter = Counter()
    if not rows:
        return counts
    columns = list(zip(*rows, strict=True))[first:]
    for name, column in zip(FACETS, columns, strict=True):
        for value, n in Counter(column).items():
            if value is not None:
                counts[(name, value)] = n * every
    return counts


# --- the page ----------------------------------------------------------------------------


def _page_keys(
    conn: sqlite3.Connection, hits: _Hits, query: Query, wanted: int
) -> list[tuple[int, float | None]]:
    """The keys (and bm25 ranks) of the first `wanted` hits in the query's order, when
    there are too many to read them all: relevance is ranked among the newest
    `rank_window` of them."""
    clause, params = _from(hits, query)
    if query.sort in ("newest", "oldest"):
        direction = "desc" if query.sort == "newest" else "asc"
        # speeches: the rowid is the date, and FTS5 walks it in order only if it is alone
        columns = dict.fromkeys((hits.by_date, hits.key))
        order = ", ".join(f"{column} {direction}" for column in columns)
        sql = f"select {hits.key}, null {clause} order by {order} limit {wanted}"
    else:
        sql = (
            f"select * from (select {hits.key}, bm25({hits.fts}) as rank {clause} "
            f"order by {hits.by_date} desc limit {query.rank_window}) "
            f"order by rank, 1 limit {wanted}"
        )
    return conn.execute(sql, params).fetchall()


def _page_rows(
    conn: sqlite3.Connection, hits: _Hits, keys: list[tuple[int, float | None]]
) -> list[dict[str, Any]]:
    """What the page shows of these hits, each with its sort key."""
    ranks = dict(keys)
    if not ranks:
        return []
    marks = ", ".join("?" for _ in ranks)
    cursor = conn.execute(f"select {hits.show} from {hits.show_from} in ({marks})", list(ranks))
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor]
    for row in rows:
        row["rank"] = ranks[row["k"]]
    return rows


def _snippet_function(hits: _Hits) -> str:
    """FTS5's snippet of a speech, or the highlighted title of a document."""
    if hits is SPEECHES:
        return f"snippet({hits.fts}, -1, '{HIT_START}', '{HIT_END}', '…', 32)"
    return f"highlight({hits.fts}, 0, '{HIT_START}', '{HIT_END}')"


def _snippets(conn: sqlite3.Connection, hits: _Hits, q: str, keys: list[int]) -> dict[int, str]:
    """The matching passage of each hit of the page, keyed by its key.

    Looking a hit up by rowid evaluates the whole query again for it (0.4 ms a hit for
    `mutual*`, whose every term is sought anew); walking the matches between the page's
    first and last key evaluates it once, and making the snippet only for the page's
    hits halves the cost (measured). The walk stops after `SNIPPET_WALK` matches; a hit
    past that is looked up by rowid."""
    if not keys:
        return {}
    wanted = set(keys)
    marks = ", ".join("?" for _ in wanted)
    rows = conn.execute(
        f"select rowid, case when rowid in ({marks}) then {_snippet_function(hits)} end"
        f" from {hits.fts} where {hits.fts} match ? and rowid between ? and ?"
        f" limit {SNIPPET_WALK}",
        [*wanted, q, min(wanted), max(wanted)],
    )
    found = {key: text for key, text in rows if key in wanted}
    for key in wanted - found.keys():
        row = conn.execute(
            f"select {_snippet_function(hits)} from {hits.fts} where {hits.fts} match ?"
            " and rowid = ?",
            [q, key],
        ).fetchone()
        found[key] = row[0] if row else None
    return found


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
    numbered = conn.execute("PRAGMA user_version").fetchone()[0] >= DOCUMENTS_DATE_ORDERED
    for hits in (SPEECHES, DOCUMENTS if numbered else UNNUMBERED_DOCUMENTS):
        if query.filters.get("party") and hits is not SPEECHES:
            continue  # documents have no party
        counted = _counted(conn, hits, query, wanted, estimated)
        totals += counted.total
        estimated = estimated or counted.estimated
        facets.update(counted.counts)
        keys = counted.keys
        if keys is None:
            keys = _page_keys(conn, hits, query, wanted)
            if query.sort == "relevance":
                ranked_within = query.rank_window
        for row in _page_rows(conn, hits, keys):
            row["hits"] = hits
            rows.append(row)
    rows.sort(key=lambda r: _order_key(r, query.sort))
    page = rows[wanted - query.page_size : wanted]
    for hits in (SPEECHES, DOCUMENTS, UNNUMBERED_DOCUMENTS):
        of_kind = [row for row in page if row["hits"] is hits]
        snippets = _snippets(conn, hits, query.q, [row["k"] for row in of_kind])
        for row in of_kind:
            row["snippet"] = snippets[row["k"]]
    for row in page:
        for name in ("hits", "k", "rank"):
            row.pop(name, None)
    by_facet: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    for (name, value), n in facets.most_common():
        by_facet[name].append((str(value), n))
    return Results(page, totals, estimated, ranked_within, by_facet)
