"""The archive's own pages on top of Datasette: one search over everything, a page per
speech, per person and per claim series.

Every value from the archive reaches the page through Jinja's autoescape; the only
markup added to archive text is <mark> around search hits, put in after escaping
(`highlight`).

    /-/mutuals?q=...           search speeches and documents at once (FTS5 syntax)
    /-/speech?id=...           one speech (a contributions row) with its cite line
    /-/person?id=...           one person: offices, seats, speeches, claims
    /-/timeline                the claim series; /-/timeline/<metric> one series, with a chart
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from datetime import date as Date
from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from pipelines.search import HIT_END, HIT_START, SORTS, Query
from pipelines.search import search as run_search

PAGE_SIZE = 20  # a search page, as search engines show it: 50 cost twice the snippets and HTML
FACET_LIMIT = 15
# Markers FTS5 puts around hits; they cannot occur in archive text (control characters).
FILTERS = ("source", "kind", "speaker", "party", "house", "year")
SOURCE_NAMES = {
    "govuk": "GOV.UK",
    "hansard": "Hansard",
    "twfy": "TheyWorkForYou",
    "news": "News",
}


def highlight(text: str | None) -> Markup:
    """Escape archive text, then turn the FTS5 hit markers into <mark>."""
    escaped = str(escape(text or ""))
    return Markup(escaped.replace(HIT_START, "<mark>").replace(HIT_END, "</mark>"))


def long_date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        day = Date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def _json(value: str | None) -> Any:
    try:
        return json.loads(value) if value else None
    except ValueError:
        return None


def cite(speech: dict, document: dict) -> str:
    """How to cite a speech: Hansard's form where it applies, else outlet, title, date, URL."""
    extra = _json(document.get("extra")) or {}
    house = {"commons": "HC", "lords": "HL"}.get(document.get("house") or "")
    if house and speech["source"] in ("hansard", "twfy"):
        parts = [f"{house} Deb {long_date(speech['date'])}"]
        if extra.get("volume"):
            parts.append(f"vol {extra['volume']}")
        if speech.get("column"):
            parts.append(f"col {speech['column']}")
        if speech.get("twfy_gid") and not extra.get("volume"):
            parts.append(f"TheyWorkForYou gid {speech['twfy_gid']}")
        return ", ".join(parts)
    organisations = _json(document.get("organisations")) or []
    publisher = (
        extra.get("outlet")
        or (organisations[0] if organisations else None)
        or SOURCE_NAMES.get(speech["source"], speech["source"])
    )
    parts = [publisher, document.get("title"), long_date(speech["date"]), speech["url"]]
    return ", ".join(p for p in parts if p)


def page_url(path: str, args: dict[str, str], **changes: str | None) -> str:
    merged = {k: v for k, v in ({**args, **changes}).items() if v}
    return path + ("?" + urlencode(merged) if merged else "")


async def search(request, datasette) -> Response:
    db = datasette.get_database()
    args = {k: request.args.get(k, "").strip() for k in ("q", "sort", "from", "to", *FILTERS)}
    sort = args["sort"] if args["sort"] in SORTS else "relevance"
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    params = {k: args[k] for k in ("q", *FILTERS)} | {
        "date_from": args["from"],
        "date_to": args["to"],
    }
    context: dict[str, Any] = {
        "args": args,
        "sort": sort,
        "sorts": list(SORTS),
        "rows": [],
        "facets": [],
        "total": 0,
        "error": None,
        "page": page,
        "database": db.name,
    }
    if args["q"]:
        try:
            context |= await _search(db, params, sort, page, args, _time_limit(datasette))
        except sqlite3.OperationalError as error:
            context["error"] = TOO_LONG if str(error) == "interrupted" else _friendly(str(error))
    context["url_with"] = lambda **changes: page_url("/-/mutuals", args, **changes)
    query = {k: v for k, v in params.items() if v}
    context["export"] = {
        fmt: f"/{db.name}/search.{fmt}?" + urlencode(query | {"_size": "max"})
        for fmt in ("csv", "json", "atom")
    }
    context["export"]["csv"] += "&_dl=1"
    context["export"]["json"] += "&_shape=objects"
    html = await datasette.render_template("mutuals_search.html", context, request=request)
    return Response.html(html)


TOO_LONG = (
    "That search took too long to finish. Add a rarer word, a phrase in double "
    "quotes, or a filter (a source, a year, a date range) and search again."
)


def _friendly(message: str) -> str:
    if "fts5" in message or "syntax" in message or "unterminated" in message:
        return (
            "That search could not be understood. Put phrases in matching double quotes "
            '("rights to provide"), join words with AND, OR or NOT between two words '
            "(mutuals AND pathfinder), and end a word with * to match its beginning (mutual*)."
        )
    return f"The search failed: {message}"


def _time_limit(datasette) -> float:
    """Seconds a search may take: MUTUALS_SEARCH_TIME_LIMIT_MS, else Datasette's SQL limit."""
    limit = os.environ.get("MUTUALS_SEARCH_TIME_LIMIT_MS") or datasette.setting("sql_time_limit_ms")
    return float(limit) / 1000


def _within(seconds: float, work):
    """Run `work(conn)` on Datasette's connection, interrupted past `seconds`.

    Datasette's connections build an `sqlite3.Row` and call a Python text factory for
    every value; a search reads thousands of facet values, and that doubled its time for
    a common word (measured). So the search runs with plain tuples and str, and falls
    back to Datasette's lenient decoding only if some text is not UTF-8."""

    def run(conn: sqlite3.Connection):
        deadline = time.monotonic() + seconds
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        row_factory, text_factory = conn.row_factory, conn.text_factory
        conn.row_factory, conn.text_factory = None, str
        try:
            return work(conn)
        except sqlite3.OperationalError as error:
            if "decode" not in str(error):
                raise
            conn.text_factory = text_factory
            return work(conn)
        finally:
            conn.set_progress_handler(None, 10_000)
            conn.row_factory, conn.text_factory = row_factory, text_factory

    return run


async def _search(db, params: dict, sort: str, page: int, args: dict, seconds: float) -> dict:
    """One page of pipelines.search results, with facet links for the page."""
    query = Query(
        q=params["q"],
        sort=sort,
        filters={name: params[name] for name in FILTERS},
        date_from=params["date_from"],
        date_to=params["date_to"],
        page=page,
        page_size=PAGE_SIZE,
    )
    found = await db.execute_fn(_within(seconds, lambda conn: run_search(conn, query)))
    facets = []
    for name in FILTERS:
        values = sorted(found.facets[name], key=lambda vn: (-vn[1], vn[0]))[:FACET_LIMIT]
        facets.append(
            {
                "name": name,
                "selected": args[name],
                "values": [
                    {
                        "value": value,
                        "label": SOURCE_NAMES.get(value, value) if name == "source" else value,
                        "count": count,
                        "url": page_url(
                            "/-/mutuals",
                            args,
                            **{name: "" if args[name] == value else value, "page": ""},
                        ),
                    }
                    for value, count in values
                ],
            }
        )
    results = []
    for row in found.rows:
        result = dict(row)
        result["snippet_html"] = highlight(row["snippet"])
        result["source_name"] = SOURCE_NAMES.get(row["source"], row["source"])
        results.append(result)
    return {
        "rows": results,
        "facets": facets,
        "total": found.total,
        "estimated": found.estimated,
        "ranked_within": found.ranked_within,
        "pages": (found.total + PAGE_SIZE - 1) // PAGE_SIZE,
    }


async def speech(request, datasette) -> Response:
    db = datasette.get_database()
    speech_id = request.args.get("id", "")
    found = await db.execute("select * from contributions where id = ?", [speech_id])
    row = found.first()
    if row is None:
        return await _not_found(datasette, request, f"No speech with id {speech_id!r}.")
    speech = dict(row)
    shown = (
        await db.execute(
            "select hansard_url, twfy_url, twfy_gid, id from speeches where id = ?"
            " or id = ? limit 1",
            [speech_id, speech.get("same_as") or speech_id],
        )
    ).first()
    speech |= {"hansard_url": None, "twfy_url": None, "twfy_gid": None}
    if shown:
        speech |= {k: shown[k] for k in ("hansard_url", "twfy_url", "twfy_gid")}
        speech["shown_id"] = shown["id"]
    document = dict(
        (await db.execute("select * from documents where id = ?", [speech["document_id"]])).first()
    )
    headings = _json(document.get("headings")) or []
    twins = await db.execute(
        "select id from contributions where same_as = ? and id != ?",
        [speech.get("same_as") or "", speech_id],
    )
    ids = [speech_id, *[r["id"] for r in twins.rows]]
    placeholders = ",".join("?" * len(ids))
    claims = await db.execute(
        f"select * from claims where contribution_id in ({placeholders})"
        " order by claim_number, value_number",
        ids,
    )
    neighbours = await db.execute(
        "select id, position, speaker_name from contributions where document_id = ?"
        " and position in (?, ?) order by position",
        [speech["document_id"], speech["position"] - 1, speech["position"] + 1],
    )
    context = {
        "speech": speech,
        "document": document,
        "headings": headings,
        "cite": cite(speech, document),
        "claims": [dict(r) for r in claims.rows],
        "twins": [r["id"] for r in twins.rows],
        "neighbours": [dict(r) for r in neighbours.rows],
        "source_name": (_json(document.get("extra")) or {}).get("outlet")
        or SOURCE_NAMES.get(speech["source"], speech["source"]),
        "long_date": long_date,
        "database": db.name,
    }
    html = await datasette.render_template("mutuals_speech.html", context, request=request)
    return Response.html(html)


async def person(request, datasette) -> Response:
    db = datasette.get_database()
    person_id = request.args.get("id", "")
    row = (await db.execute("select * from people where person_id = ?", [person_id])).first()
    if row is None:
        return await _not_found(datasette, request, f"No person with id {person_id!r}.")
    offices = await db.execute(
        "select * from offices where person_id = ? order by start desc", [person_id]
    )
    memberships = await db.execute(
        "select * from memberships where person_id = ? order by start desc", [person_id]
    )
    speeches = await db.execute(
        "select id, title, date, time, source, office, party, substr(text, 1, 300) as text"
        " from speeches where person_id = ? order by date desc, position limit 200",
        [person_id],
    )
    claims = await db.execute(
        "select * from claims where person_id = ? order by date desc, id limit 200", [person_id]
    )
    context = {
        "person": dict(row),
        "other_names": _json(row["other_names"]) or [],
        "offices": [dict(r) for r in offices.rows],
        "memberships": [dict(r) for r in memberships.rows],
        "speeches": [dict(r) for r in speeches.rows],
        "claims": [dict(r) for r in claims.rows],
        "source_names": SOURCE_NAMES,
        "database": db.name,
    }
    html = await datasette.render_template("mutuals_person.html", context, request=request)
    return Response.html(html)


async def timelines(request, datasette) -> Response:
    db = datasette.get_database()
    metrics = await db.execute(
        "select metric, count(*) as n, min(as_of) as first, max(as_of) as last"
        " from claim_timeline group by metric order by metric"
    )
    context = {"metrics": [dict(r) for r in metrics.rows], "database": db.name}
    html = await datasette.render_template("mutuals_timelines.html", context, request=request)
    return Response.html(html)


async def timeline(request, datasette) -> Response:
    db = datasette.get_database()
    metric = request.url_vars["metric"]
    rows = await db.execute(
        "select t.*, c.contribution_id from claim_timeline t join claims c on c.id = t.id"
        " where t.metric = ? order by t.as_of, t.id",
        [metric],
    )
    points = [dict(r) for r in rows.rows]
    if not points:
        return await _not_found(datasette, request, f"No figures for the series {metric!r}.")
    context = {
        "metric": metric,
        "label": metric_label(metric),
        "points": points,
        "chart": chart(points),
        "database": db.name,
    }
    html = await datasette.render_template("mutuals_timeline.html", context, request=request)
    return Response.html(html)


def as_of_day(as_of: str) -> Date:
    """A claim's as-of date as a day for the chart: "2012" and "2012-06" mean their start."""
    parts = [*as_of[:10].split("-"), "01", "01"][:3]
    try:
        return Date(int(parts[0]), int(parts[1] or 1), int(parts[2] or 1))
    except ValueError:
        return Date(1970, 1, 1)


def metric_label(key: str) -> str:
    """The series' name from the topic file ("Public service mutuals (number)"), else its key."""
    try:
        from pipelines.claims import load_metrics

        return next((m.label for m in load_metrics() if m.key == key), key)
    except Exception:  # serving must not fail on a topic file problem
        return key


def chart(points: list[dict], width: int = 720, height: int = 300) -> dict:
    """Coordinates for a small server-rendered SVG: figures by date, one dot each."""
    margin = {"left": 90, "right": 20, "top": 20, "bottom": 40}
    days = [as_of_day(p["as_of"]).toordinal() for p in points]
    values = [p["value"] for p in points]
    low_day, high_day = min(days), max(days)
    high = max(values) * 1.1 or 1
    span = max(high_day - low_day, 1)
    inner_w = width - margin["left"] - margin["right"]
    inner_h = height - margin["top"] - margin["bottom"]

    def x(day: int) -> float:
        if high_day == low_day:
            return margin["left"] + inner_w / 2
        return round(margin["left"] + (day - low_day) / span * inner_w, 1)

    def y(value: float) -> float:
        return round(margin["top"] + inner_h - value / high * inner_h, 1)

    dots = [
        {
            "x": x(day),
            "y": y(p["value"]),
            "label": f"{p['value']:,.0f}",
            "title": f"{p['as_of']}: {p['value']:,.0f} ({p['who'] or 'unattributed'})",
        }
        for day, p in zip(days, points, strict=True)
    ]
    ticks = [{"y": y(high * i / 4), "label": f"{high * i / 4:,.0f}"} for i in range(5)]
    years = sorted({Date.fromordinal(d).year for d in days})
    return {
        "width": width,
        "height": height,
        "dots": dots,
        "line": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "ticks": ticks,
        "left": margin["left"],
        "right": width - margin["right"],
        "bottom": height - margin["bottom"],
        "years": [
            {"x": x(max(Date(year, 1, 1).toordinal(), low_day)), "label": year} for year in years
        ],
    }


async def _not_found(datasette, request, message: str) -> Response:
    html = await datasette.render_template(
        "mutuals_missing.html", {"message": message}, request=request
    )
    return Response.html(html, status=404)


@hookimpl
def register_routes():
    return [
        (r"^/-/mutuals$", search),
        (r"^/-/speech$", speech),
        (r"^/-/person$", person),
        (r"^/-/timeline$", timelines),
        (r"^/-/timeline/(?P<metric>[^/]+)$", timeline),
    ]


# SQLite's page cache per connection (KiB, as a negative cache_size): a search looks up
# thousands of rows of the narrow facet tables and the FTS sizes at random, and SQLite's
# default 2 MB made it fetch the same pages again and again; 64 MB made a 5,000-match
# search a quarter faster (measured at 1M speeches). Datasette opens a few connections a
# process (its SQL threads).
PAGE_CACHE_KIB = 65_536


@hookimpl
def prepare_connection(conn):
    conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")


@hookimpl
def prepare_jinja2_environment(env):
    # row pages: Datasette's own encoding of primary keys in paths ("/" is "~2F")
    env.filters["tilde"] = tilde_encode


@hookimpl
def menu_links(datasette):
    return [
        {"href": "/-/mutuals", "label": "Search everything"},
        {"href": "/-/timeline", "label": "Claims over time"},
        # datasette-search-all's page; `startup` removes its own menu hook
        {"href": datasette.urls.path("/-/search"), "label": "Search all tables"},
    ]


@hookimpl
def startup(datasette):
    """datasette-search-all, without its menu hook.

    To decide whether to offer "Search all tables", that hook lists every table of every
    database on every page: four queries through the database thread and a loop over some
    thirty full-text shadow tables, 3–4 ms of each page, a tenth of a search (measured).
    The archive's schema always has full-text tables and every table is public, so
    `menu_links` above gives the link without asking. The plugin's page and its other
    hooks are registered again as they were."""
    try:
        import datasette_search_all as search_all
    except ImportError:
        return
    if pm.is_registered(search_all) and hasattr(search_all, "menu_links"):
        name = pm.get_name(search_all)
        pm.unregister(search_all)
        del search_all.menu_links
        pm.register(search_all, name)
