"""Claims: the commitments, targets, statistics and funding a text states, with their figures.

    from pipelines.claims import extract_claims
    for c in extract_claims(text, date="2013-02-08", speaker="Francis Maude"):
        c.kind, c.sentence, c.values  # [Value(value=65, unit='organisations', as_of=...)]
        c.metric                      # 'mutuals.count' or None

Modules: `sentences` (splitting that survives 'hon. Friend', 'No. 10', '£10m.'),
`quantities` and `numbers` (figures normalised), `timeframes` (as-of and target dates),
`classify` (the kind), `attribution` (who the sentence credits, quotation), `furniture`
(what is nobody's claim), `metrics` (the topic's series), `extract` (the pipeline),
`evaluation` (scoring against a labelled set).
"""

from __future__ import annotations

from pipelines.claims.extract import extract_claims
from pipelines.claims.metrics import Metric, compile_metrics, load_metrics
from pipelines.claims.model import KINDS, Claim, Value
from pipelines.claims.sentences import Sentence, split_sentences

__all__ = [
    "KINDS",
    "Claim",
    "Metric",
    "Sentence",
    "Value",
    "compile_metrics",
    "extract_claims",
    "load_metrics",
    "split_sentences",
]
