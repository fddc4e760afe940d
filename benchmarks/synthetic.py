#!/usr/bin/env python3
"""A synthetic archive of any size, for timing searches at 1 and 10 million contributions.

    .venv/bin/python benchmarks/synthetic.py --contributions 1000000 --out /tmp/synth-1m.db
    .venv/bin/python benchmarks/synthetic.py --contributions 3000 --out /tmp/s.db --seed 2 --force

Why: the recorded corpus holds a few thousand speeches, and a search that is fast on it
says nothing about an archive of every debate since 1803. This writes a real archive (the
schema, FTS5 indexes, triggers and speaker register of `pipelines.store.Archive`) filled
with made-up documents whose text has the statistics of the real thing, so that posting
lists, bm25 ranking, snippets, facets and the `speeches` view cost what they would.

How realistic it is:

- Words: the vocabulary and its frequencies are those of the TheyWorkForYou day files and
  Hansard pages of the corpus (26,600 distinct tokens, 1.06 million in all), case kept as
  printed (a sentence's first word is counted in lower case when that is its commoner form
  inside sentences: "the", but "I" and "Government"), with commas, semicolons, colons and
  dashes as tokens. Words are drawn independently with those frequencies: a real Zipf-like
  distribution, but no grammar and no real word pairs, so phrase queries of common words
  match less often than in real text.
- Lengths: words per speech, per paragraph and tokens per sentence are drawn from their
  real distributions in the TheyWorkForYou files (6,700 speeches: median 72 words, mean
  143, longest 9,000; sentences: median 22 tokens). Sentences are capitalised and end with
  a full stop; paragraphs are separated by a blank line, as the parsers store them.
- Documents: debate sections of 3 to 40 contributions (Hansard, TheyWorkForYou) and
  GOV.UK or news items of 3 to 15 speaker-less paragraphs, with the kinds, houses, URL
  shapes and licences the parsers give. Titles are real TheyWorkForYou headings or words
  drawn from them. About 4% of parliamentary contributions are procedural (no speaker).
- Dates: sitting days (Monday to Friday, few in August and September) from 1803 (1918
  for TheyWorkForYou, 2000 for news, 2010 for GOV.UK) to November 2026, the volume per
  year growing sixtyfold from 1803 to 2026: about 4% of contributions before 1900, half in
  the 20th century.
- Speakers: 2 to 8 per debate, people of the register with a membership in that House,
  with that membership's party; not checked against the date (an MP of 2010 may speak in
  1850).
- Topic phrases, inserted at a random place in a contribution, per contribution:
  "public service mutuals" 1 in 2,000; "mutualisation", "Mutuals Taskforce",
  "Mutuals Support Programme", "Rights to Provide", "Francis Maude" and "Pathfinder"
  1 in 20,000 each. `--topic-scale` multiplies these rates. "mutual" itself also occurs
  with its corpus frequency ("mutual respect"), and FTS5's porter stemmer matches it for
  "mutuals".
- Rows are inserted in random date order, as an archive filled by many refreshes would be,
  each numbered with its date key as it goes in (`numbered`), as the store numbers them.

Speed: chunks of contributions are generated in worker processes (`--workers`, each chunk
from its own seeded generator, so the output depends on `--seed` and `--chunk-size`, not on
the number of workers) while this process inserts them with executemany, one transaction
per chunk, with the FTS triggers dropped; the FTS indexes are then rebuilt in one pass
and the triggers recreated by `ensure_schema`. At most `workers + 1` chunks are in memory.
ANALYZE runs last (see `analyze`).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import multiprocessing
import os
import random
import re
import sqlite3
import sys
import time
import uuid
from bisect import bisect_left, bisect_right
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from math import exp, log
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import etree
from lxml import html as lxml_html

from pipelines.config import corpus_dir
from pipelines.register_tables import ensure_register
from pipelines.schema import ensure_schema
from pipelines.search_order import (
    DateKeys,
    rebuild_search_document_facets,
    rebuild_search_facets,
)
from pipelines.search_samples import TRIGGER_NAMES as SAMPLE_TRIGGERS
from pipelines.search_samples import rebuild_samples
from pipelines.store import Archive
from pipelines.transactions import write_transaction

# --- reading the corpus ------------------------------------------------------------------

# Words printed with a full stop that does not end the sentence ("my hon. Friend").
# fmt: off
ABBREVIATIONS = frozenset({
    "hon", "Hon", "Mr", "Mrs", "Ms", "Dr", "St", "No", "Nos", "Co", "Ltd", "Cmnd", "Cm", "col",
    "cols", "vol", "para", "paras", "viz", "cf", "Rt", "Col", "Capt", "Gen", "Prof", "Rev",
})
# fmt: on
_ABBREVIATION = rf"\b(?:{'|'.join(sorted(ABBREVIATIONS))})\."
_WORD = r"£?\w+(?:['’.,/-]\w+)*%?"
_MID = r"[,;:—–]|(?<=\s)-(?=\s)"
_END = r"[.?!]+"
TOKEN = re.compile(f"({_ABBREVIATION})|({_WORD})|({_MID})|({_END})")
# In-sentence punctuation tokens; these are attached to the word before them.
PUNCTUATION = frozenset(",;:—–-")
_ATTACH = re.compile(r" (?=[,;:])")
_REPEATED = re.compile(r"([,;:])[,;:]+")


@dataclass
class _Counts:
    """Token frequencies and length distributions, accumulated over the corpus."""

    tokens: Counter[str] = field(default_factory=Counter)
    initial: Counter[str] = field(default_factory=Counter)  # first words of sentences
    sentence_tokens: list[int] = field(default_factory=list)
    paragraph_words: list[int] = field(default_factory=list)
    speech_words: list[int] = field(default_factory=list)
    headings: list[tuple[str, str]] = field(default_factory=list)  # (major, minor)

    def add_paragraph(self, text: str) -> int:
        """Count one paragraph's tokens and sentence lengths; return its number of words."""
        words = sentence = 0
        for abbreviation, word, mid, end in TOKEN.findall(text):
            if end or mid:
                if end and sentence:
                    self.sentence_tokens.append(sentence)
                    sentence = 0
                elif mid and sentence:
                    self.tokens[mid] += 1
                    sentence += 1
                continue
            (self.tokens if sentence else self.initial)[abbreviation or word] += 1
            sentence += 1
            words += 1
        if sentence:
            self.sentence_tokens.append(sentence)
        return words


@dataclass(frozen=True)
class Vocabulary:
    """What the generator draws from: tokens with their frequencies, lengths, headings.

    `urn` holds each token as many times as the corpus has it (about a million entries),
    so a uniform draw from it is a draw with the real frequencies: what
    `random.choices(tokens, cum_weights=cum_weights)` does, five times faster (no bisect).
    """

    tokens: tuple[str, ...]  # distinct, commonest first
    cum_weights: tuple[int, ...]
    urn: tuple[str, ...]
    tokens_per_word: float
    sentence_tokens: tuple[int, ...]
    paragraph_words: tuple[int, ...]
    speech_words: tuple[int, ...]
    headings: tuple[tuple[str, str], ...]
    heading_words: tuple[str, ...]


def corpus_files(limit: int | None = None) -> tuple[Path, ...]:
    """TheyWorkForYou day files and Hansard pages; `limit` takes that many, evenly spread."""
    root = corpus_dir()
    files = sorted((root / "twfy" / "xml").glob("*/*.xml"))
    files += sorted((root / "hansard" / "html").glob("*.html"))
    files += sorted((root / "hansard" / "publications-html").glob("*.html"))
    if limit and limit < len(files):
        step = len(files) / limit
        files = [files[int(i * step)] for i in range(limit)]
    return tuple(files)


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _read_twfy(path: Path, counts: _Counts) -> None:
    """Speeches (with their paragraphs) and headings of one TheyWorkForYou day file."""
    parser = etree.XMLParser(recover=True, huge_tree=True, no_network=True)
    root = etree.parse(str(path), parser).getroot()
    major = ""
    for element in root.iter("major-heading", "minor-heading", "speech", "ques", "reply"):
        if element.tag == "major-heading":
            major = _text(element)
            counts.headings.append((major, major))
        elif element.tag == "minor-heading":
            counts.headings.append((major, _text(element)))
        else:
            _read_speech(element, counts)


def _read_speech(element: Any, counts: _Counts) -> None:
    words = 0
    for paragraph in element.iter("p"):
        size = counts.add_paragraph(_text(paragraph))
        if size:
            counts.paragraph_words.append(size)
            words += size
    if words:
        counts.speech_words.append(words)


def _read_hansard(path: Path, counts: _Counts) -> None:
    """Contribution paragraphs of a Hansard page (every paragraph of an old excerpt)."""
    root = lxml_html.parse(str(path)).getroot()
    paragraphs = root.xpath("//div[contains(@class, 'contribution')]/div[@class='content']//p")
    for paragraph in paragraphs or root.xpath("//p"):
        counts.add_paragraph(_text(paragraph))


def _fold_initials(counts: _Counts) -> Counter[str]:
    """A sentence's first word counts as lower case when that form is the commoner one
    inside sentences ("The" → "the", but "I", "Minister" and "Government" stay)."""
    tokens = Counter(counts.tokens)
    for word, n in counts.initial.items():
        lower = word.lower()
        tokens[lower if counts.tokens[lower] > counts.tokens[word] else word] += n
    return tokens


@lru_cache(maxsize=4)
def build_vocabulary(files: tuple[Path, ...]) -> Vocabulary:
    """Read the files once per process (about two seconds for the whole corpus)."""
    counts = _Counts()
    for path in files:
        reader = _read_twfy if path.suffix == ".xml" else _read_hansard
        reader(path, counts)
    if not counts.speech_words:
        raise SystemExit("no TheyWorkForYou speeches read: is MUTUALS_CORPUS right?")
    ranked = _fold_initials(counts).most_common()
    total = sum(n for _, n in ranked)
    punctuation = sum(n for token, n in ranked if token in PUNCTUATION)
    common = {token.lower() for token, _ in ranked[:200]}
    names = {name for heading in counts.headings for name in heading}
    words = (w for name in names for w in name.split() if w.isalpha() and w.lower() not in common)
    return Vocabulary(
        tokens=tuple(token for token, _ in ranked),
        cum_weights=tuple(itertools.accumulate(n for _, n in ranked)),
        urn=tuple(itertools.chain.from_iterable(itertools.repeat(t, n) for t, n in ranked)),
        tokens_per_word=total / (total - punctuation),
        sentence_tokens=tuple(counts.sentence_tokens),
        paragraph_words=tuple(counts.paragraph_words),
        speech_words=tuple(counts.speech_words),
        headings=tuple((major, minor) for major, minor in counts.headings if minor),
        heading_words=tuple(sorted(words)),
    )


# --- what the documents look like -------------------------------------------------------

START = date(1803, 1, 1)
END = date(2026, 11, 19)
GROWTH = log(60) / (END.year - START.year)  # volume per year grows sixtyfold
FETCHED_FROM = date(2024, 1, 1)

TOPICS: tuple[tuple[str, float], ...] = (
    ("public service mutuals", 1 / 2_000),
    ("mutualisation", 1 / 20_000),
    ("Mutuals Taskforce", 1 / 20_000),
    ("Mutuals Support Programme", 1 / 20_000),
    ("Rights to Provide", 1 / 20_000),
    ("Francis Maude", 1 / 20_000),
    ("Pathfinder", 1 / 20_000),
)

PARLIAMENT_LICENCE = "Open Parliament Licence v3.0"
NEWS_HOSTS = (
    "www.thirdsector.co.uk",
    "www.publicfinance.co.uk",
    "www.theguardian.com",
    "www.civilsociety.co.uk",
    "www.civilserviceworld.com",
    "www.spectator.co.uk",
    "www.thenews.coop",
    "lgiu.org",
)
# twfy kind → (house, TheyWorkForYou URL section, weight)
TWFY_KINDS = {
    "debates": ("commons", "debates", 45),
    "westminhall": ("commons", "whall", 8),
    "wms": ("commons", "wms", 4),
    "wrans": ("commons", "wrans", 15),
    "lords": ("lords", "lords", 20),
    "lordswms": ("lords", "wms", 2),
    "lordswrans": ("lords", "wrans", 4),
    "standing": ("commons", "pbc", 2),
}


@dataclass(frozen=True)
class Source:
    name: str
    weight: float  # share of documents
    first_day: date
    kinds: tuple[str, ...]
    kind_weights: tuple[float, ...]
    licence: str
    paragraphs: bool  # speaker-less paragraphs rather than speeches


SOURCES = (
    Source(
        "hansard",
        0.46,
        START,
        ("debate", "oral_questions", "written_statement"),
        (60, 30, 10),
        PARLIAMENT_LICENCE,
        False,
    ),
    Source(
        "twfy",
        0.44,
        date(1918, 1, 1),
        tuple(TWFY_KINDS),
        tuple(w for *_, w in TWFY_KINDS.values()),
        f"{PARLIAMENT_LICENCE} (data: mySociety TheyWorkForYou/parlparse)",
        False,
    ),
    Source(
        "govuk",
        0.06,
        date(2010, 1, 1),
        ("press_release", "news_story", "speech", "written_statement", "oral_statement"),
        (50, 25, 15, 6, 4),
        "Open Government Licence v3.0",
        True,
    ),
    Source("news", 0.04, date(2000, 1, 1), ("article",), (1,), "", True),
)
SOURCE_WEIGHTS = tuple(itertools.accumulate(s.weight for s in SOURCES))

DOCUMENT_COLUMNS = (
    "id",
    "source",
    "kind",
    "title",
    "date",
    "url",
    "house",
    "headings",
    "description",
    "licence",
    "fetched_at",
    "content_sha256",
)
CONTRIBUTION_COLUMNS = (
    "id",
    "document_id",
    "position",
    "kind",
    "section",
    "speaker_name",
    "person_id",
    "party",
    "source",
    "date",
    "column",
    "url",
    "text",
    "fetched_at",
    "content_sha256",
)
Row = tuple[Any, ...]


def _day_weight(day: date) -> float:
    """Sitting days: Monday to Thursday, Fridays less, few in August and September."""
    weekday = day.weekday()
    if weekday > 4 or (day.month == 1 and day.day < 8) or (day.month == 12 and day.day > 22):
        return 0.0
    weight = 0.4 if weekday == 4 else 1.0
    weight *= {8: 0.03, 9: 0.2}.get(day.month, 1.0)
    return weight * exp(GROWTH * (day.year - START.year))


def sitting_days() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Every possible sitting day as ISO text, with cumulative weights."""
    days, weights = [], []
    day = START
    while day <= END:
        weight = _day_weight(day)
        if weight:
            days.append(day.isoformat())
            weights.append(weight)
        day += timedelta(days=1)
    return tuple(days), tuple(itertools.accumulate(weights))


@dataclass(frozen=True)
class Speaker:
    name: str
    person_id: str
    party: str


def load_speakers(conn: sqlite3.Connection) -> dict[str, tuple[Speaker, ...]]:
    """People with a membership, by house, with that membership's party."""
    rows = conn.execute(
        "select m.house, coalesce(p.name, m.name), m.person_id, m.party from memberships m "
        "join people p on p.person_id = m.person_id where coalesce(m.party, '') != '' "
        "and coalesce(p.name, m.name) is not null order by m.id"
    ).fetchall()
    speakers: dict[str, list[Speaker]] = {}
    for house, name, person_id, party in rows:
        speakers.setdefault(house, []).append(Speaker(name, person_id, party))
    if not speakers:
        raise SystemExit("the register gave no memberships: is MUTUALS_REGISTER right?")
    return {house: tuple(people) for house, people in speakers.items()}


@dataclass(frozen=True)
class World:
    """Everything a chunk's generator needs; sent once to each worker."""

    vocabulary: Vocabulary
    speakers: dict[str, tuple[Speaker, ...]]
    days: tuple[str, ...]
    day_weights: tuple[float, ...]
    topic_scale: float = 1.0


# --- generating ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChunkSpec:
    seed: int
    index: int
    contributions: int
    first_document: int  # document numbers: at most `contributions` of them from here


@dataclass
class Chunk:
    documents: list[Row]
    contributions: list[Row]
    seconds: float


class Generator:
    """Documents and their contributions, drawn with one seeded random generator."""

    def __init__(self, world: World, rng: random.Random) -> None:
        self.world, self.vocab, self.rng = world, world.vocabulary, rng
        self.first_index = {
            s.name: bisect_left(world.days, s.first_day.isoformat()) for s in SOURCES
        }
        self.topic_total = sum(rate for _, rate in TOPICS) * world.topic_scale

    # text

    def sentences(self, words: int) -> list[str]:
        """About `words` words as tokens, cut into capitalised sentences with full stops."""
        rng, vocab = self.rng, self.vocab
        k = max(1, round(words * vocab.tokens_per_word))
        tokens = rng.choices(vocab.urn, k=k)
        out: list[str] = []
        start = 0
        while start < k:
            size = rng.choice(vocab.sentence_tokens)
            sentence, start = tokens[start : start + size], start + size
            while sentence and sentence[0] in PUNCTUATION:
                sentence.pop(0)
            while sentence and sentence[-1] in PUNCTUATION:
                sentence.pop()
            if sentence:
                sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
                if not sentence[-1].endswith("."):  # "hon." has its own
                    sentence[-1] += "."
                out.extend(sentence)
        return out

    def paragraph(self, words: int) -> str:
        """Never empty (a draw of punctuation alone is drawn again)."""
        while not (tokens := self.sentences(words)):
            continue
        return _REPEATED.sub(r"\1", _ATTACH.sub("", " ".join(tokens)))

    def speech(self) -> str:
        """A speech of a real speech's length, in paragraphs of real paragraph lengths."""
        remaining = self.rng.choice(self.vocab.speech_words)
        paragraphs = []
        while remaining > 0:
            size = min(remaining, self.rng.choice(self.vocab.paragraph_words))
            paragraphs.append(self.paragraph(size))
            remaining -= size
        return "\n\n".join(paragraphs)

    def with_topic(self, text: str) -> str:
        """Now and then, a topic phrase at a random place (see TOPICS)."""
        if self.rng.random() >= self.topic_total:
            return text
        phrases, rates = zip(*TOPICS, strict=True)
        (phrase,) = self.rng.choices(phrases, weights=rates)
        at = text.find(" ", self.rng.randrange(len(text))) if text else -1
        if at < 0:
            at = len(text) - 1 if text.endswith(".") else len(text)
        if text[at - 1 : at] == ".":  # at a sentence's start
            phrase = phrase[0].upper() + phrase[1:]
        return f"{text[:at]} {phrase}{text[at:]}".strip()

    # metadata

    def day(self, source: str) -> str:
        weights = self.world.day_weights
        first = self.first_index[source]
        low = weights[first - 1] if first else 0.0
        at = low + self.rng.random() * (weights[-1] - low)
        return self.world.days[min(bisect_right(weights, at, lo=first), len(weights) - 1)]

    def fetched_at(self, day: str) -> str:
        start = max(date.fromisoformat(day), FETCHED_FROM)
        seconds = self.rng.randrange(max(1, (END - start).days) * 86_400)
        moment = datetime(start.year, start.month, start.day) + timedelta(seconds=seconds)
        return f"{moment.isoformat(timespec='seconds')}+00:00"

    def title(self, source: Source) -> tuple[str, list[str] | None]:
        """A real heading (or heading words) for a debate; a drawn line for the others."""
        rng = self.rng
        if source.paragraphs:
            words = rng.choices(self.vocab.urn, k=12)
            line = " ".join(w for w in words[: rng.randint(5, 12)] if w not in PUNCTUATION)
            return line[:1].upper() + line[1:], None
        major, minor = rng.choice(self.vocab.headings)
        if rng.random() < 0.25:
            minor = " ".join(rng.choices(self.vocab.heading_words, k=rng.randint(2, 5))).title()
        return minor, [major, minor] if major != minor else [minor]

    def cast(self, house: str) -> list[Speaker]:
        """The 2 to 8 people who speak in a debate."""
        people = self.world.speakers.get(house) or next(iter(self.world.speakers.values()))
        return self.rng.sample(people, min(len(people), self.rng.randint(2, 8)))

    def contribution_count(self, source: Source, remaining: int) -> int:
        """3-40 per debate, 3-15 paragraphs per article; the chunk's last takes the rest."""
        low, high, mean = (3, 15, 5) if source.paragraphs else (3, 40, 9)
        count = min(high, low + int(self.rng.expovariate(1 / mean)))
        if remaining - count < low:
            count = remaining if remaining <= high else remaining - low
        return max(1, min(count, remaining))


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "item"


def _urls(
    gen: Generator, source: Source, kind: str, house: str | None, number: int, day: str, title: str
) -> tuple[str, Callable[[int], str]]:
    """The document's URL (unique: it holds the number) and a function giving each
    contribution's."""
    if source.name == "hansard":
        hexid = str(uuid.UUID(int=(gen.rng.getrandbits(96) << 32) | number)).upper()
        camel = "".join(w.title() for w in _slug(title).split("-"))
        house_name = (house or "commons").title()
        url = f"https://hansard.parliament.uk/{house_name}/{day}/debates/{hexid}/{camel}"
        return url, lambda position: f"{url}#contribution-{number}-{position}"
    if source.name == "twfy":
        section = TWFY_KINDS[kind][1]
        column = gen.rng.randint(1, 1500)
        url = f"https://www.theyworkforyou.com/{section}/?id={day}a.{column}.{number}"
        return url, lambda position: f"{url}.{position}"
    if source.name == "govuk":
        url = f"https://www.gov.uk/government/news/{_slug(title)}-{number}"
    else:
        url = f"https://{gen.rng.choice(NEWS_HOSTS)}/{number}/{_slug(title)}"
    return url, lambda position: f"{url}#p{position}"


def _house(gen: Generator, source: Source, kind: str) -> str | None:
    if source.name == "twfy":
        return TWFY_KINDS[kind][0]
    if source.name == "hansard":
        return "lords" if gen.rng.random() < 0.3 else "commons"
    return None


def _contribution_kind(source: Source, kind: str, position: int, speaker: Any) -> str:
    if source.paragraphs:
        return "paragraph"
    if speaker is None:
        return "procedural"
    if kind in ("wrans", "lordswrans"):
        return "answer" if position % 2 else "question"
    return "speech"


@dataclass(frozen=True)
class _Document:
    """What a document's contributions repeat from it."""

    id: str
    source: Source
    kind: str
    title: str
    day: str
    fetched_at: str
    sha: str


def _contents(
    gen: Generator, source: Source, house: str | None, count: int
) -> tuple[list[str], list[Speaker | None]]:
    """Each contribution's text and speaker (None: procedural, or a paragraph)."""
    rng = gen.rng
    cast = gen.cast(house) if house else []
    texts: list[str] = []
    speakers: list[Speaker | None] = []
    for _ in range(count):
        speakers.append(rng.choice(cast) if cast and rng.random() >= 0.04 else None)
        words = rng.choice(gen.vocab.paragraph_words) if source.paragraphs else 0
        texts.append(gen.with_topic(gen.paragraph(words) if words else gen.speech()))
    return texts, speakers


def _contribution_rows(
    gen: Generator,
    doc: _Document,
    contents: tuple[list[str], list[Speaker | None]],
    url: Callable[[int], str],
    column: int | None,
) -> Iterator[Row]:
    for position, (text, speaker) in enumerate(zip(*contents, strict=True)):
        if column is not None and gen.rng.random() < 0.15:
            column += 1
        who = (speaker.name, speaker.person_id, speaker.party) if speaker else (None,) * 3
        kind = _contribution_kind(doc.source, doc.kind, position, speaker)
        yield (
            f"{doc.id}#{position}",
            doc.id,
            position,
            kind,
            doc.title,
            *who,
            doc.source.name,
            doc.day,
            None if column is None else str(column),
            url(position),
            text,
            doc.fetched_at,
            doc.sha,
        )


def generate_document(gen: Generator, number: int, source: Source, count: int) -> list[Row]:
    """One document row followed by its `count` contribution rows."""
    rng = gen.rng
    (kind,) = rng.choices(source.kinds, weights=source.kind_weights)
    house, day = _house(gen, source, kind), gen.day(source.name)
    title, headings = gen.title(source)
    url, contribution_url = _urls(gen, source, kind, house, number, day, title)
    contents = _contents(gen, source, house, count)
    sha = hashlib.sha256("\n\n".join([title, *contents[0]]).encode()).hexdigest()
    doc = _Document(f"{source.name}:{number}", source, kind, title, day, gen.fetched_at(day), sha)
    description = gen.paragraph(rng.randint(12, 30)) if source.name == "govuk" else None
    document = (
        doc.id,
        source.name,
        kind,
        title,
        day,
        url,
        house,
        json.dumps(headings) if headings else None,
        description,
        source.licence or None,
        doc.fetched_at,
        sha,
    )
    column = rng.randint(1, 1500) if house else None
    return [document, *_contribution_rows(gen, doc, contents, contribution_url, column)]


def generate_chunk(world: World, spec: ChunkSpec) -> Chunk:
    """`spec.contributions` contributions in whole documents, in random date order."""
    started = time.perf_counter()
    gen = Generator(world, random.Random(f"{spec.seed}/{spec.index}"))
    documents: list[Row] = []
    contributions: list[Row] = []
    remaining, number = spec.contributions, spec.first_document
    while remaining > 0:
        (source,) = gen.rng.choices(SOURCES, cum_weights=SOURCE_WEIGHTS)
        count = gen.contribution_count(source, remaining)
        document, *rows = generate_document(gen, number, source, count)
        documents.append(document)
        contributions.extend(rows)
        remaining -= count
        number += 1
    return Chunk(documents, contributions, time.perf_counter() - started)


def chunk_specs(total: int, size: int, seed: int) -> Iterator[ChunkSpec]:
    for index, start in enumerate(range(0, total, size)):
        yield ChunkSpec(seed, index, min(size, total - start), start + 1)


_WORKER_WORLD: World | None = None


def _init_worker(world: World) -> None:
    global _WORKER_WORLD
    _WORKER_WORLD = world


def _generate_in_worker(spec: ChunkSpec) -> Chunk:
    assert _WORKER_WORLD is not None
    return generate_chunk(_WORKER_WORLD, spec)


def generate_chunks(world: World, specs: Iterable[ChunkSpec], workers: int) -> Iterator[Chunk]:
    """Chunks in order; with workers, at most `workers + 1` generated ahead of the caller."""
    if workers <= 0:
        for spec in specs:
            yield generate_chunk(world, spec)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_init_worker, initargs=(world,)) as pool:
        pending: deque[Any] = deque()
        for spec in specs:
            pending.append(pool.apply_async(_generate_in_worker, (spec,)))
            if len(pending) > workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


# --- writing -----------------------------------------------------------------------------

FTS_TRIGGERS = tuple(f"{t}_{s}" for t in ("documents", "contributions") for s in ("ai", "ad", "au"))


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f"[{c}]" for c in columns)
    return f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' * len(columns))})"


def prepare_bulk(conn: sqlite3.Connection) -> None:
    """Fast, unsafe settings for a file nobody else uses; no FTS or facet triggers while
    filling (the indexes and the search_facets table are rebuilt in one pass after)."""
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -512000")  # 500 MB
    conn.execute("PRAGMA temp_store = MEMORY")
    facet_triggers = [
        f"search_{t}facets_{e}" for t in ("", "document_") for e in ("ai", "au", "ad")
    ]
    for trigger in (*FTS_TRIGGERS, *facet_triggers, *SAMPLE_TRIGGERS):
        conn.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")


def numbered(rows: list[Row], keys: DateKeys, date: int) -> list[Row]:
    """(rowid, *row) for each row, its date key (the date is column `date`) handed out as
    it goes in (as the store numbers rows), in rowid order, which inserts faster.
    Renumbering ten million rows afterwards took 15 GB of memory and most of an hour
    before it was stopped (measured)."""
    return sorted((keys.next(row[date]), *row) for row in rows)


@dataclass
class Keys:
    """Date keys of each table, handed out across chunks."""

    documents: DateKeys = field(default_factory=DateKeys)
    contributions: DateKeys = field(default_factory=DateKeys)


def insert_chunk(conn: sqlite3.Connection, chunk: Chunk, keys: Keys) -> None:
    conn.execute("BEGIN")
    conn.executemany(
        _insert_sql("documents", ("rowid", *DOCUMENT_COLUMNS)),
        numbered(chunk.documents, keys.documents, list(DOCUMENT_COLUMNS).index("date")),
    )
    conn.executemany(
        _insert_sql("contributions", ("rowid", *CONTRIBUTION_COLUMNS)),
        numbered(chunk.contributions, keys.contributions, list(CONTRIBUTION_COLUMNS).index("date")),
    )
    conn.execute("COMMIT")


def rebuild_fts(conn: sqlite3.Connection) -> None:
    for table in ("documents", "contributions"):
        conn.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES('rebuild')")
    conn.commit()


class Progress:
    """Rows per second on stderr: tqdm when installed, else a line every few seconds."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.started, self.shown = total, 0, time.perf_counter(), 0.0
        try:
            from tqdm import tqdm
        except ImportError:
            self.bar = None
        else:
            self.bar = tqdm(total=total, unit=" rows", unit_scale=True, file=sys.stderr)

    def update(self, rows: int) -> None:
        self.done += rows
        if self.bar is not None:
            self.bar.update(rows)
            return
        elapsed = time.perf_counter() - self.started
        if elapsed - self.shown >= 5 or self.done == self.total:
            self.shown = elapsed
            print(
                f"  {self.done:>12,} / {self.total:,} contributions, "
                f"{self.done / max(elapsed, 1e-9):,.0f} rows/s",
                file=sys.stderr,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@dataclass
class Timings:
    setup: float = 0.0
    generation: float = 0.0  # summed over the processes that generated
    insert: float = 0.0
    fill: float = 0.0  # wall time of generating and inserting, which overlap
    search_tables: float = 0.0
    fts: float = 0.0
    finish: float = 0.0
    documents: int = 0
    contributions: int = 0


def fill(conn: sqlite3.Connection, chunks: Iterable[Chunk], timings: Timings, total: int) -> None:
    """Insert every chunk, one transaction each, showing progress."""
    progress = Progress(total)
    keys = Keys()
    for chunk in chunks:
        started = time.perf_counter()
        insert_chunk(conn, chunk, keys)
        timings.insert += time.perf_counter() - started
        timings.generation += chunk.seconds
        timings.documents += len(chunk.documents)
        timings.contributions += len(chunk.contributions)
        progress.update(len(chunk.contributions))
    progress.close()


def _timed(timings: Timings, name: str, action: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = action()
    setattr(timings, name, getattr(timings, name) + time.perf_counter() - started)
    return result


def _remove(out: Path) -> None:
    for path in (out, Path(f"{out}-wal"), Path(f"{out}-shm")):
        path.unlink(missing_ok=True)


def build(args: argparse.Namespace) -> Timings:
    """The whole run: vocabulary, register, chunks, FTS rebuild, triggers, ANALYZE."""
    timings = Timings()
    files = corpus_files(args.vocabulary_files)
    vocabulary = _timed(timings, "setup", lambda: build_vocabulary(files))
    archive = _timed(timings, "setup", lambda: Archive(args.out))
    conn = archive.db.conn
    _timed(timings, "setup", lambda: ensure_register(archive.db))
    days, weights = sitting_days()
    world = World(vocabulary, load_speakers(conn), days, weights, args.topic_scale)
    prepare_bulk(conn)
    specs = chunk_specs(args.contributions, args.chunk_size, args.seed)
    chunks = generate_chunks(world, specs, args.workers)
    _timed(timings, "fill", lambda: fill(conn, chunks, timings, args.contributions))
    print("rebuilding the FTS indexes...", file=sys.stderr)
    _timed(timings, "fts", lambda: rebuild_fts(conn))
    print("filling the search tables...", file=sys.stderr)
    _timed(timings, "search_tables", lambda: _search_tables(archive))
    _timed(timings, "finish", lambda: _finish(archive))
    return timings


def _search_tables(archive: Archive) -> None:
    """The narrow facet tables and the sample indexes, which the bulk load left empty."""
    with write_transaction(archive.db):
        rebuild_search_facets(archive.db)
        rebuild_search_document_facets(archive.db)
        rebuild_samples(archive.db)


def _finish(archive: Archive) -> None:
    """Triggers back (CREATE TRIGGER IF NOT EXISTS), statistics, WAL folded in."""
    ensure_schema(archive.db)
    analyze(archive.db.conn)
    archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    archive.close()


def analyze(conn: sqlite3.Connection) -> None:
    """ANALYZE, as a large archive should be: the planner then knows the tables' sizes.

    (The index on `same_as` is partial, `WHERE same_as IS NOT NULL`, so its statistics
    cannot claim that every row shares one value while the column is NULL everywhere,
    which once made every search through the `speeches` view scan all contributions.)
    """
    conn.execute("ANALYZE")
    conn.commit()


def _rate(rows: int, seconds: float) -> str:
    return f"{seconds:8.1f} s  {rows / seconds if seconds else 0:>10,.0f} rows/s"


def summary(timings: Timings, out: Path, seconds: float, workers: int) -> str:
    size = sum(p.stat().st_size for p in (out, Path(f"{out}-wal")) if p.exists())
    n = timings.contributions
    processes = f"summed over {workers} workers" if workers else "in this process"
    return "\n".join(
        [
            f"contributions  {n:,}",
            f"documents      {timings.documents:,}",
            f"file           {out} {size / 1e6:,.1f} MB ({size:,} bytes)",
            f"seconds        {seconds:.1f} wall",
            f"setup          {timings.setup:8.1f} s  (vocabulary, schema, register)",
            f"generation     {_rate(n, timings.generation)}  (process time, {processes})",
            f"insert         {_rate(n, timings.insert)}",
            f"fill           {_rate(n, timings.fill)}  (wall: generation and insert overlap)",
            f"fts rebuild    {_rate(n, timings.fts)}",
            f"search tables  {_rate(n, timings.search_tables)}  (facet tables, sample indexes)",
            f"finish         {timings.finish:8.1f} s  (triggers, ANALYZE, checkpoint)",
            f"overall        {_rate(n, seconds)}",
        ]
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contributions", type=int, required=True, help="how many to write")
    parser.add_argument("--out", type=Path, required=True, help="the archive file to create")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="replace an existing --out")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="generating processes (0: generate in this one); default: one per core",
    )
    parser.add_argument("--chunk-size", type=int, default=50_000, help="contributions per chunk")
    parser.add_argument(
        "--vocabulary-files", type=int, help="read only this many corpus files (quick tests)"
    )
    parser.add_argument(
        "--topic-scale", type=float, default=1.0, help="multiply the topic phrases' rates"
    )
    args = parser.parse_args(argv)
    if args.contributions < 1 or args.chunk_size < 1:
        parser.error("--contributions and --chunk-size must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.out.exists() and not args.force:
        print(f"{args.out} exists; use --force to replace it", file=sys.stderr)
        return 2
    _remove(args.out)
    started = time.perf_counter()
    timings = build(args)
    print(summary(timings, args.out, time.perf_counter() - started, args.workers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
