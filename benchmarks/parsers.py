#!/usr/bin/env python3
"""How fast each parser reads the recorded corpus, beside a bare parse of the same bytes.

    .venv/bin/python benchmarks/parsers.py                     # at least 2 s per side and parser
    .venv/bin/python benchmarks/parsers.py --seconds 5 --rounds 6
    .venv/bin/python benchmarks/parsers.py --with-reconstructed

Why: the issue's target is "parsers at no less than half the speed of a bare lxml parse of
the same pages". The bare parse of a format is the floor any parser of that format pays, so
the ratio parser speed / bare speed says what the parser adds on top of reading the bytes,
whatever the machine: lxml.html.fromstring for HTML pages, lxml.etree.fromstring for XML day
files, and for JSON items (GOV.UK content items, Guardian API items) json.loads plus
lxml.html.fragment_fromstring of the HTML body inside the JSON (GOV.UK details.body,
Guardian fields.body or its body blocks), since that body is the page a reader sees and
any parser of the item must parse it. Their smaller HTML fields (a withdrawal notice, a
standfirst) are left out of the bare side, so it stays the minimum. json.loads alone, the
bare parse of earlier runs, is timed as well and its ratio printed beside, so that neither
figure is hidden; only the first is judged against the target.

For each parser (GOV.UK content items, Hansard debate pages and debate JSON, TheyWorkForYou
day files, news article pages, Guardian API items) it takes the files of the matching kinds
in MANIFEST.tsv: the real captures only, since reconstructions are not captures, unless
--with-reconstructed. A warm-up pass finds the files the parser rejects (ParseError,
UnsupportedDocument), which are counted and left out of both sides. Then whole passes over
the remaining files alternate between the parser and the bare parse (and json.loads alone,
for JSON items), in --rounds slices so that all sides see the same load on a shared machine,
until each side has run for at least --seconds. Prints a table of pages/s and MB/s (10^6
bytes) for both sides and the ratio (for JSON items a second row: json.loads alone), then
one line per parser saying whether it meets the target (ratio >= 0.5).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import etree
from lxml import html as lxml_html

from pipelines.config import corpus_dir
from replay.manifest import ManifestError, Recording, load_manifest
from scraper.parsers import ParseError, UnsupportedDocument
from scraper.parsers.govuk import _body_html, _dict, parse_content
from scraper.parsers.hansard import parse_debate_json, parse_debate_page
from scraper.parsers.news import Outlet, _guardian_body, parse_article, parse_guardian_item
from scraper.parsers.twfy import parse_day_file
from scraper.sources import load_sources, outlet_for

TARGET = 0.5  # parser speed / bare speed
FETCHED_AT = "2025-01-01T00:00:00+00:00"  # after every capture, so no date is "in the future"
RECONSTRUCTED = "RECONSTRUCTED"  # how the manifest note of a reconstruction begins


@dataclass(frozen=True)
class Page:
    """One recorded file as a parser receives it: the bytes and the live URL."""

    name: str
    url: str
    body: bytes


@lru_cache(maxsize=64)
def _outlet(url: str) -> Outlet | None:
    """The outlet overrides the news spider would pass for this URL (looked up once)."""
    source = outlet_for(url, load_sources())
    return source.outlet if source else None


@dataclass(frozen=True)
class Subject:
    """A parser, the manifest kinds it reads, and the bare parse of their format.

    `also` is a further reference, timed and printed but not judged: json.loads alone for
    the JSON items, the bare parse earlier runs compared them with.
    """

    name: str
    kinds: tuple[str, ...]  # manifest kinds, matched as prefixes ("twfy-xml-" takes them all)
    parse: Callable[[Page], object]
    bare_name: str
    bare: Callable[[bytes], object]
    also_name: str | None = None
    also: Callable[[bytes], object] | None = None

    def reads(self, recording: Recording) -> bool:
        return recording.kind.startswith(self.kinds)


def html_body(html: object) -> object | None:
    """lxml.html's parse of an HTML body fragment: what any reader of a JSON item must do.

    A blank or missing body parses to nothing, as the parsers read it as no text.
    """
    if not isinstance(html, str) or not html.strip():
        return None
    return lxml_html.fragment_fromstring(html, create_parent="div")


def govuk_body(item: dict) -> object:
    """details.body as the GOV.UK parser reads it: HTML, or a list's text/html part."""
    return _body_html(_dict(item.get("details")).get("body"))


def guardian_body(data: dict) -> object:
    """fields.body of a Guardian item, else its body blocks' HTML joined (show-blocks=all)."""
    content = _dict(_dict(data.get("response")).get("content"))
    return _guardian_body(content, _dict(content.get("fields")))


def govuk_bare(body: bytes) -> object:
    """json.loads and lxml.html of details.body: the bare parse of a GOV.UK content item."""
    return html_body(govuk_body(_dict(json.loads(body))))


def guardian_bare(body: bytes) -> object:
    """json.loads and lxml.html of the body: the bare parse of a Guardian API item."""
    return html_body(guardian_body(_dict(json.loads(body))))


JSON_AND_HTML = "json.loads+lxml.html"


SUBJECTS = (
    Subject(
        "GOV.UK content items",
        ("govuk-content-json",),
        lambda p: parse_content(p.body, FETCHED_AT),
        JSON_AND_HTML,
        govuk_bare,
        "json.loads alone",
        json.loads,
    ),
    Subject(
        "Hansard debate pages",
        ("hansard-html",),
        lambda p: parse_debate_page(p.body, p.url, FETCHED_AT),
        "lxml.html.fromstring",
        lxml_html.fromstring,
    ),
    Subject(
        "Hansard debate JSON",
        ("hansard-debate-json", "hansard-api-debate-json"),
        lambda p: parse_debate_json(p.body, FETCHED_AT),
        "json.loads",
        json.loads,
    ),
    Subject(
        "TheyWorkForYou day files",
        ("twfy-xml-",),
        lambda p: parse_day_file(p.body, p.url, FETCHED_AT),
        "lxml.etree.fromstring",
        etree.fromstring,
    ),
    Subject(
        "News article pages",
        ("news-article-html",),
        lambda p: parse_article(p.body, p.url, FETCHED_AT, outlet=_outlet(p.url)),
        "lxml.html.fromstring",
        lxml_html.fromstring,
    ),
    Subject(
        "Guardian API items",
        ("guardian-item-json",),
        lambda p: parse_guardian_item(p.body, FETCHED_AT),
        JSON_AND_HTML,
        guardian_bare,
        "json.loads alone",
        json.loads,
    ),
)


@dataclass
class Side:
    """Whole passes over a subject's pages and the time they took."""

    passes: int = 0
    seconds: float = 0.0

    def rate(self, per_pass: float) -> float:
        return self.passes * per_pass / self.seconds if self.seconds else 0.0


@dataclass
class Result:
    """One parser's measurement beside the bare parse of the same pages."""

    subject: Subject
    pages: list[Page] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    parser: Side = field(default_factory=Side)
    bare: Side = field(default_factory=Side)
    also: Side = field(default_factory=Side)  # the subject's `also` reference, if any

    @property
    def bytes(self) -> int:
        return sum(len(page.body) for page in self.pages)

    def pages_per_second(self, side: Side) -> float:
        return side.rate(len(self.pages))

    def mb_per_second(self, side: Side) -> float:
        return side.rate(self.bytes / 1e6)

    @property
    def ratio(self) -> float | None:
        return self.ratio_to(self.bare)

    def ratio_to(self, side: Side) -> float | None:
        reference = self.pages_per_second(side)
        return self.pages_per_second(self.parser) / reference if reference and self.pages else None


def corpus_pages(recordings: list[Recording], subject: Subject, reconstructed: bool) -> list[Page]:
    """The subject's files from the manifest, read once so disk time is never timed."""
    return [
        Page(rec.file.name, rec.url, rec.file.read_bytes())
        for rec in recordings
        if subject.reads(rec) and (reconstructed or not rec.note.startswith(RECONSTRUCTED))
    ]


def warm_up(result: Result, pages: list[Page]) -> None:
    """One untimed pass of both sides: imports, caches and rejections settle here.

    A file either side rejects is counted and left out of both, so the two sides always
    read the same bytes.
    """
    for page in pages:
        try:
            result.subject.parse(page)
        except (ParseError, UnsupportedDocument) as exc:
            result.rejected.append((page.name, f"{type(exc).__name__}: {exc}"))
            continue
        try:
            result.subject.bare(page.body)
            if result.subject.also is not None:
                result.subject.also(page.body)
        except (ValueError, etree.LxmlError) as exc:
            result.rejected.append((page.name, f"bare {result.subject.bare_name}: {exc}"))
            continue
        result.pages.append(page)


def timed_passes(work: Callable[[], None], side: Side, min_seconds: float) -> None:
    """Whole passes until `min_seconds` have gone by (at least one), added to `side`."""
    gc.collect()  # the other side's garbage is not this side's cost
    started = time.perf_counter()
    while True:
        work()
        side.passes += 1
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            break
    side.seconds += elapsed


def measure(result: Result, seconds: float, rounds: int) -> None:
    """Alternate parser and bare slices so that a busy machine slows all sides alike."""
    parse, pages, also = result.subject.parse, result.pages, result.subject.also

    def parser_pass() -> None:
        for page in pages:
            parse(page)

    def bare_pass(bare: Callable[[bytes], object]) -> Callable[[], None]:
        def run() -> None:
            for page in pages:
                bare(page.body)

        return run

    for _ in range(rounds):
        timed_passes(parser_pass, result.parser, seconds / rounds)
        timed_passes(bare_pass(result.subject.bare), result.bare, seconds / rounds)
        if also is not None:
            timed_passes(bare_pass(also), result.also, seconds / rounds)


HEADER = (
    f"{'parser':<26}{'files':>6}{'rej.':>5}{'MB':>7}"
    f"{'pages/s':>10}{'MB/s':>8}   {'bare parse':<22}{'pages/s':>10}{'MB/s':>8}{'ratio':>8}"
)


def table_row(result: Result) -> str:
    name = result.subject.name
    if not result.pages:
        files = len(result.rejected)
        return f"{name:<26}{files:>6}{files:>5}{'':>7}  (nothing to time)"
    return (
        f"{name:<26}{len(result.pages) + len(result.rejected):>6}{len(result.rejected):>5}"
        f"{result.bytes / 1e6:>7.2f}"
        f"{result.pages_per_second(result.parser):>10,.1f}"
        f"{result.mb_per_second(result.parser):>8.2f}   {result.subject.bare_name:<22}"
        f"{result.pages_per_second(result.bare):>10,.1f}"
        f"{result.mb_per_second(result.bare):>8.2f}{result.ratio:>8.3f}"
    ) + also_row(result)


def also_row(result: Result) -> str:
    """The second reference of a JSON item parser (json.loads alone), on a row of its own."""
    ratio = result.ratio_to(result.also)
    if result.subject.also_name is None or ratio is None:
        return ""
    return (
        f"\n{'':<65}{result.subject.also_name:<22}"
        f"{result.pages_per_second(result.also):>10,.1f}"
        f"{result.mb_per_second(result.also):>8.2f}{ratio:>8.3f}"
    )


def verdict(result: Result) -> str:
    """One honest line: measured or not, and the ratio against the target."""
    name, ratio = result.subject.name, result.ratio
    if ratio is None:
        what = "no file of kind " + " / ".join(result.subject.kinds) + " in the corpus"
        if result.rejected:
            what = f"all {len(result.rejected)} files rejected"
        return f"{name}: NOT MEASURED ({what})"
    meets = "MEETS" if ratio >= TARGET else "MISSES"
    also = result.ratio_to(result.also) if result.subject.also_name else None
    against_also = f"; {also:.3f} against {result.subject.also_name}" if also else ""
    return (
        f"{name}: {meets} the target: {ratio:.3f} of the speed of a bare "
        f"{result.subject.bare_name} of the same {len(result.pages)} files "
        f"(target >= {TARGET}; {1 / ratio:.1f}x the bare parse's time{against_also})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=float, default=2.0, help="minimum time per parser and per bare side"
    )
    parser.add_argument(
        "--rounds", type=int, default=4, help="alternating parser/bare slices per parser"
    )
    parser.add_argument("--corpus", type=Path, default=None, help="a corpus folder")
    parser.add_argument(
        "--with-reconstructed", action="store_true", help="also time the reconstructed files"
    )
    parser.add_argument("--rejections", action="store_true", help="list the rejected files")
    args = parser.parse_args(argv)
    corpus = args.corpus or corpus_dir()
    try:
        recordings = load_manifest(corpus)
    except ManifestError as exc:
        print(f"cannot read the corpus: {exc}", file=sys.stderr)
        return 2
    which = "real captures and reconstructions" if args.with_reconstructed else "real captures"
    print(
        f"corpus {corpus} ({which}); at least {args.seconds:g} s per side in "
        f"{args.rounds} alternating rounds; MB = 10^6 bytes; ratio = parser pages/s / bare pages/s"
    )
    results = []
    for subject in SUBJECTS:
        result = Result(subject)
        warm_up(result, corpus_pages(recordings, subject, args.with_reconstructed))
        if result.pages:
            measure(result, args.seconds, max(1, args.rounds))
        results.append(result)
    print(f"\n{HEADER}")
    for result in results:
        print(table_row(result))
    if args.rejections:
        for result in results:
            for name, why in result.rejected:
                print(f"  rejected by {result.subject.name}: {name}: {why[:150]}")
    print(
        f"\nNote: for JSON items the bare parse ({JSON_AND_HTML}) is json.loads plus "
        "lxml.html.fragment_fromstring\nof the HTML body inside the JSON; the row below "
        "it times json.loads alone, the bare parse\nof earlier runs. Only the first ratio "
        "is judged against the target.\n"
    )
    for result in results:
        print(verdict(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
