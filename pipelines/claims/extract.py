"""extract_claims: from a text to the claims in it, one per sentence that makes one.

The text is split into sentences; furniture, headings, procedure and questions are
skipped; each remaining sentence is classified from its figures, its deadline and its
wording; figures are dated (the document's date unless the sentence gives another) and
assigned to the topic's series. Attribution is tracked across the whole text so 'He said'
and 'the taskforce' resolve, and quotation blocks introduced by 'X said:' are marked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from pipelines.claims.attribution import (
    Credits,
    Quotes,
    Resolver,
    block_source,
    raw_attribution,
)
from pipelines.claims.classify import Verdict, classify, clause_of
from pipelines.claims.furniture import (
    holds_furniture_phrases,
    is_furniture,
    is_procedure,
    is_question,
)
from pipelines.claims.metrics import Metric, assign_metric, resolve_metrics, topical
from pipelines.claims.model import Claim, Value
from pipelines.claims.quantities import Quantity, find_quantities
from pipelines.claims.sentences import Sentence, split_sentences
from pipelines.claims.timeframes import (
    Timeframe,
    find_deadline,
    find_points,
    is_future,
    reference_date,
)

log = logging.getLogger(__name__)


@dataclass
class _Document:
    """What extraction remembers across the sentences of one text."""

    text: str
    ref: date | None
    date_text: str | None
    speaker: str | None
    metrics: tuple[Metric, ...]
    quotes: Quotes
    credits: Credits
    furniture: bool  # whether any sentence may hold a furniture phrase (see is_furniture)
    previous: list[str] = field(default_factory=list)  # earlier sentences, nearest first
    block: str | None = None  # source of an 'X said:' quotation block in progress
    block_line: int = -1
    lead_kind: str | None = None  # kind of the sentence introducing a bullet list


def extract_claims(
    text: str | None,
    date: str | date | None = None,
    speaker: str | None = None,
    metrics: Mapping | Iterable[Metric] | Path | str | None = None,
) -> list[Claim]:
    """The claims in `text`, in order. Never raises: bad input gives fewer claims, not errors.

    `date` is the publication or sitting date ('2013-02-08'), the default date of every
    figure and the reference for relative deadlines. `metrics` defaults to the `metrics:`
    of the topic file (`pipelines.config.topic_path()`), read once per process; a path,
    a mapping or Metric objects may be given instead (see `metrics.resolve_metrics`).
    """
    if not isinstance(text, str) or not text.strip():
        return []
    try:
        document = _document(text, date, speaker, metrics)
        sentences = split_sentences(text)
    except Exception:  # a pipeline must keep going; the log says what to fix
        log.exception("claim extraction failed before the first sentence")
        return []
    claims: list[Claim] = []
    for sentence in sentences:
        try:
            claim = _sentence_claim(sentence, document)
        except Exception:
            log.exception("claim extraction failed on sentence at %d", sentence.start)
            claim = None
        if claim is not None:
            claims.append(claim)
        document.previous.insert(0, sentence.text)
        del document.previous[4:]
    return claims


def _document(
    text: str,
    when: str | date | None,
    speaker: str | None,
    metrics: Mapping | Iterable[Metric] | Path | str | None,
) -> _Document:
    ref = reference_date(when)
    date_text = ref.isoformat()[: _precision(when)] if ref else None
    return _Document(
        text=text,
        ref=ref,
        date_text=date_text,
        speaker=speaker,
        metrics=resolve_metrics(metrics),
        quotes=Quotes.of(text),
        credits=Credits(Resolver(text)),
        furniture=holds_furniture_phrases(text),
    )


def _precision(when: object) -> int:
    """Keep the caller's precision: '2012' stays a year, '2012-06-25' a day."""
    if isinstance(when, str) and re.fullmatch(r"\d{4}(-\d{2})?", when.strip()):
        return len(when.strip())
    return 10


def _sentence_claim(sentence: Sentence, doc: _Document) -> Claim | None:
    """The claim one sentence makes, updating the document's attribution state."""
    text = sentence.text
    if sentence.heading or is_furniture(text, doc.furniture):
        doc.block, doc.lead_kind = None, None
        return None
    source = block_source(text)
    if source is not None:
        doc.block, doc.block_line = doc.credits.resolve(source, sentence.start), sentence.line
        return None
    deferred = doc.block is None  # in a quotation block, a credit on a new line ends it
    if deferred:
        doc.credits.defer(text, sentence.start)  # read if the sentence makes a claim
        attributed = None
    else:
        attributed = _credit(sentence, doc)
    if is_question(text) or is_procedure(text):
        _lead(doc, sentence, None)
        return None
    verdict, quantities, deadline = _judge(sentence, doc)
    _lead(doc, sentence, verdict.kind if verdict else None)
    if verdict is None:
        return None
    if deferred:
        attributed = doc.credits.take_back(text, sentence.start)
    in_block = doc.block is not None and sentence.line != doc.block_line
    return _build(
        sentence,
        doc,
        verdict,
        quantities,
        deadline,
        attributed or (doc.block if in_block else None),
        in_block,
    )


def _credit(sentence: Sentence, doc: _Document) -> str | None:
    """Who the sentence credits, resolved; a credit on a line of its own ends a block."""
    raw = raw_attribution(sentence.text)
    attributed = doc.credits.resolve(raw, sentence.start)
    if raw and sentence.line != doc.block_line:
        doc.block = None  # narrative resumes after the quotation
    return attributed


def _judge(
    sentence: Sentence, doc: _Document
) -> tuple[Verdict | None, list[Quantity], Timeframe | None]:
    """Classify, letting a bullet without a kind of its own inherit its list's commitment."""
    quantities = find_quantities(sentence.text)
    deadline = find_deadline(sentence.text, doc.ref)
    verdict = classify(sentence.text, quantities, deadline, doc.ref)
    if verdict is None and sentence.bullet and doc.lead_kind == "commitment":
        verdict = Verdict("commitment", 0.55)
    return verdict, quantities, deadline


def _lead(doc: _Document, sentence: Sentence, kind: str | None) -> None:
    """Remember the kind of the sentence that may introduce a bulleted list."""
    if not sentence.bullet and len(sentence.text.split(None, 4)) > 3:
        doc.lead_kind = kind


def _build(
    sentence: Sentence,
    doc: _Document,
    verdict: Verdict,
    quantities: list[Quantity],
    deadline: Timeframe | None,
    attributed: str | None,
    in_block: bool,
) -> Claim:
    text = sentence.text
    used = deadline if verdict.kind != "statistic" else None
    points = [p for p in find_points(text, doc.ref) if not _overlaps(p, used)]
    as_of = _sentence_as_of(points, doc)
    topics = topical(doc.metrics, [text, *doc.previous]) if quantities else frozenset()
    values = [
        _value(sentence, doc, verdict, q, deadline, points, as_of, topics) for q in quantities
    ]
    keeps_deadline = deadline is not None and verdict.kind != "statistic"
    return Claim(
        kind=verdict.kind,
        sentence=text,
        start=sentence.start,
        end=sentence.end,
        values=values,
        metric=next((v.metric for v in values if v.metric), None),
        confidence=verdict.confidence,
        as_of=as_of,
        target_date=deadline.when if keeps_deadline else None,
        target_text=deadline.text if keeps_deadline else None,
        speaker=doc.speaker,
        attributed_to=attributed,
        quoted=in_block or doc.quotes.cover(sentence.start, sentence.end),
        negated=verdict.negated,
    )


def _value(
    sentence: Sentence,
    doc: _Document,
    verdict: Verdict,
    q: Quantity,
    deadline: Timeframe | None,
    points: list[Timeframe],
    as_of: str | None,
    topics: frozenset[str],
) -> Value:
    text = sentence.text
    clause = clause_of(text, q.start, q.end)
    targeted = verdict.kind == "target" and _aimed_at(clause)
    metric = assign_metric(doc.metrics, q.unit, verdict.kind, clause, topics)
    series_unit = next((m.unit for m in doc.metrics if m.key == metric and m.unit), None)
    return Value(
        value=q.value,
        unit=series_unit or q.unit,
        currency=q.currency,
        as_of=_value_as_of(text, q, points, doc) or as_of,
        target_date=deadline.when if targeted and deadline else None,
        qualifier=q.qualifier,
        text=q.text,
        metric=metric,
        start=sentence.start + q.start,
        end=sentence.start + q.end,
    )


@cache
def _past_marker() -> re.Pattern[str]:
    return re.compile(
        r"\b(?:already|so far|to date|currently|at present|have|has|had|was|were)\b", re.I
    )


@cache
def _future_marker() -> re.Pattern[str]:
    return re.compile(
        r"\b(?:will|would|shall|plan|plans|aim|aims|expect\w*|target|should|by)\b", re.I
    )


def _aimed_at(clause: str) -> bool:
    """In a target sentence, a figure in a clause about what has been done is not the aim."""
    return not _past_marker().search(clause) or bool(_future_marker().search(clause))


def _sentence_as_of(points: list[Timeframe], doc: _Document) -> str | None:
    """The one past time the sentence names ('in 2010'), else the document's date."""
    past = {p.when for p in points if not is_future(p.when, doc.ref)}
    return past.pop() if len(past) == 1 else doc.date_text


def _overlaps(point: Timeframe, deadline: Timeframe | None) -> bool:
    """'this year' that is the deadline is not also the date the figures refer to."""
    return deadline is not None and point.start < deadline.end and deadline.start < point.end


def _value_as_of(text: str, q: Quantity, points: list[Timeframe], doc: _Document) -> str | None:
    """A time right after the figure: '3,772 in 2011 to 5,789 in the final quarter of last year'."""
    for point in points:
        gap = text[q.end : point.start]
        if 0 <= point.start - q.end <= 45 and not re.search(r"[;:]|\d", gap):
            return None if is_future(point.when, doc.ref) else point.when
    return None
