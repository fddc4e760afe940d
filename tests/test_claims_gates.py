"""The cheap tests that spare regex scans never change what the scans find.

Claim extraction runs a pattern only where a cheaper test says it may match (a word, a
phrase, a literal of the folded text), and tries some patterns only where a match may
begin (a stop, a digit run, a subject's first word). Each such test is written beside the
pattern it serves, so editing one without the other would silently lose claims. These
tests write strings from each pattern itself (a random walk over its parse, in every
case and with the letters a case-insensitive pattern folds), put them among other words,
and check the cheap test on every string the pattern matches: a pattern that gains an
alternative its test does not know fails here.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import cache
from re import _constants as sre
from re import _parser

import pytest

from pipelines.casefold import ascii_folded, folded_words
from pipelines.claims import attribution, classify, metrics, quantities, sentences, timeframes
from pipelines.claims.furniture import holds_furniture_phrases, is_furniture
from pipelines.claims.scan import matches_at

ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:!?'’\"“”-–()£$€%\n"
FOLDS = {"i": "\u0131", "I": "\u0130", "s": "\u017f", "k": "\u212a"}  # what IGNORECASE also takes
AROUND = ["", "The ", "In 2010, ", "and ", "he said that ", "(", "“", "• ", "  ", "Yes. "]
SAMPLES = 1500


def _member(items: list, rng: random.Random) -> str:
    """A character of a character set, as the parse gives it."""
    if items and items[0][0] is sre.NEGATE:
        return rng.choice(_outside(tuple(items[1:])))
    op, av = rng.choice(items)
    if op is sre.LITERAL:
        return chr(av)
    if op is sre.RANGE:
        return chr(rng.randint(av[0], min(av[1], av[0] + 300)))
    return rng.choice(_inside(((op, av),)))


@cache
def _inside(items: tuple) -> list[str]:
    return [ch for ch in ALPHABET if _in_set(items, ch)] or ["_"]


@cache
def _outside(items: tuple) -> list[str]:
    return [ch for ch in ALPHABET if not _in_set(items, ch)] or [" "]


def _in_set(items: tuple | list, ch: str) -> bool:
    categories = {
        sre.CATEGORY_DIGIT: str.isdigit,
        sre.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(),
        sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
        sre.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
        sre.CATEGORY_SPACE: str.isspace,
        sre.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    }
    for op, av in items:
        if (op is sre.LITERAL and ch == chr(av)) or (op is sre.RANGE and av[0] <= ord(ch) <= av[1]):
            return True
        if op is sre.CATEGORY and categories[av](ch):
            return True
    return False


def _emit(items, rng: random.Random, out: list[str], groups: dict[int, str]) -> None:
    """A random string the parsed items may match (assertions are checked afterwards)."""
    for op, av in items:
        if op is sre.LITERAL:
            out.append(chr(av))
        elif op is sre.NOT_LITERAL:
            out.append(rng.choice([ch for ch in ALPHABET if ord(ch) != av]))
        elif op is sre.ANY:
            out.append(rng.choice(ALPHABET[:-1]))
        elif op is sre.IN:
            out.append(_member(av, rng))
        elif op is sre.BRANCH:
            _emit(rng.choice(av[1]), rng, out, groups)
        elif op is sre.SUBPATTERN:
            start = len(out)
            _emit(av[-1], rng, out, groups)
            if av[0] is not None:
                groups[av[0]] = "".join(out[start:])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, item = av
            for _ in range(rng.randint(low, min(high, low + 3))):
                _emit(item, rng, out, groups)
        elif op is sre.ATOMIC_GROUP:
            _emit(av, rng, out, groups)
        elif op is sre.GROUPREF:
            out.append(groups.get(av, ""))


def _vary(text: str, rng: random.Random) -> str:
    """Any case, and now and then a letter a case-insensitive pattern takes for another."""
    chars = []
    for ch in text:
        if ch in FOLDS and rng.random() < 0.05:
            ch = FOLDS[ch]
        elif rng.random() < 0.3:
            ch = ch.swapcase()
        chars.append(ch)
    return "".join(chars)


def matched(pattern: re.Pattern[str], seed: int, vary: bool = True) -> list[str]:
    """Strings written from `pattern`, among other words, that it matches."""
    rng = random.Random(seed)
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    found = []
    for _ in range(SAMPLES):
        out: list[str] = []
        _emit(parsed, rng, out, {})
        body = "".join(out)
        if vary and rng.random() < 0.5:  # half as written: some patterns are case-sensitive
            body = _vary(body, rng)
        text = rng.choice(AROUND) + body + rng.choice(AROUND)
        if pattern.search(text):
            found.append(text)
    assert len(found) > SAMPLES // 20, f"too few samples match {pattern.pattern[:60]!r}"
    return found


def spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


# --- classify -------------------------------------------------------------------------


def gates(text: str) -> classify._Gates:
    return classify._gates(folded_words(text), ascii_folded(text))


@pytest.mark.parametrize(
    ("name", "gate"),
    [
        ("commit", lambda t: gates(t).commit),
        ("reported", lambda t: gates(t).reported),
        ("passive", lambda t: gates(t).passive),
        ("announce", lambda t: gates(t).announce),
        ("promise", lambda t: gates(t).promise),
    ],
)
def test_a_commitment_pattern_runs_wherever_it_matches(
    name: str, gate: Callable[[str], bool]
) -> None:
    pattern = getattr(classify._patterns(), name)
    for text in matched(pattern, seed=hash(name) % 1000):
        assert classify._may_commit(folded_words(text)), text
        assert gate(text), text


def test_the_commit_pattern_is_tried_wherever_a_subject_begins() -> None:
    pattern = classify._patterns().commit
    for text in matched(pattern, seed=1):
        found = spans(classify._commit_matches(text, ascii_folded(text)))
        assert found == spans(pattern.finditer(text)), text


@pytest.mark.parametrize("name", ["target_noun", "intent", "goal"])
def test_a_target_pattern_runs_wherever_it_matches(name: str) -> None:
    pattern = getattr(classify._patterns(), name)
    for text in matched(pattern, seed=len(name)):
        assert pattern in [p for p, _ in classify._aims(text)], text


# --- quantities -------------------------------------------------------------------------


def test_the_ratio_pattern_runs_wherever_it_matches() -> None:
    pattern = dict(quantities._patterns().special)["ratio"]
    for text in matched(pattern, seed=2, vary=False):
        assert quantities._patterns().ratio_tail.search(ascii_folded(text)), text


def test_the_number_pattern_is_tried_wherever_a_number_begins() -> None:
    pattern = quantities._patterns().number
    for text in matched(pattern, seed=3):
        assert spans(quantities._number_matches(text)) == spans(pattern.finditer(text)), text


def test_the_special_patterns_run_wherever_they_match() -> None:
    for name, pattern in quantities._patterns().special:
        for text in matched(pattern, seed=4):
            masked = quantities._mask_urls(text)
            numbered = quantities._may_hold_number(masked)
            possible = quantities._possible_specials(masked, masked.lower(), numbered)
            if numbered or name not in quantities.NEEDS_NUMBER:
                hinted = any(h in masked.lower() for h in quantities.SPECIAL_HINTS[name])
                assert (name, pattern) in possible or not hinted, (name, text)


# --- sentences, attribution, metrics, furniture, dates ---------------------------------


def test_a_boundary_is_tried_wherever_one_begins() -> None:
    rng = random.Random(5)
    pieces = ["Yes", ".", "...", "…", "!?", "?", " ", "  ", "No. 10", "”", ")", "'", "A", "x", "4"]
    for _ in range(5000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        found = spans(sentences._boundaries(line))
        assert found == spans(sentences._patterns().boundary.finditer(line)), line


def test_the_trailing_credit_is_read_wherever_it_matches() -> None:
    for text in matched(attribution._patterns().trailing, seed=6, vary=False):
        assert attribution._ends_with_verb(text), text


def test_the_verb_test_reads_the_words_the_lower_cased_text_has() -> None:
    rng = random.Random(7)
    words = [*attribution.VERBS, "the", "ONS", "\u017faid", "sa\u0131d", "\u0130", ",", ".", "x"]
    for _ in range(5000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        expected = bool(attribution._verb_words() & set(re.findall("[a-z]+", text.lower())))
        assert attribution._names_verb(text, text.lower()) == expected, text


def test_a_name_is_looked_for_backwards_as_forwards() -> None:
    rng = random.Random(8)
    words = ["The", "Mutuals", "Taskforce", "taskforce", "Report", ".", "said", "\n", "A", "Big"]
    pattern = re.compile(r"((?:[A-Z][\w'’-]*\s+){1,4})(?i:taskforce)")
    for _ in range(2000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 400)))
        end = rng.randint(0, len(text))
        expected = list(reversed(spans(pattern.finditer(text, 0, end))))
        lower = text.lower()
        held = (lambda a, b, t=lower: "taskforce" in t[a:b]) if end % 2 else (lambda a, b: True)
        assert spans(attribution._backwards(pattern, text, end, True, held)) == expected


def test_quotes_cover_a_sentence_as_their_spans_do() -> None:
    rng = random.Random(9)
    for _ in range(2000):
        text = "".join(rng.choice('ab “”«»"\n') for _ in range(rng.randint(0, 200)))
        quotes = attribution.Quotes.of(text)
        spans_ = attribution.quote_spans(text)
        for _ in range(20):
            start, end = sorted(rng.randint(0, len(text)) for _ in range(2))
            assert quotes.cover(start, end) == attribution.is_quoted(start, end, spans_)


def test_a_metric_pattern_is_searched_wherever_it_matches() -> None:
    for metric in metrics.load_metrics():
        for pattern in (*metric.patterns, *metric.near, *metric.exclude):
            needs = metrics._needs(pattern)
            assert needs, pattern.pattern  # the topic file's patterns all have words
            for text in matched(pattern, seed=10):
                assert any(part in ascii_folded(text) for part in needs), (pattern, text)


def test_furniture_phrases_are_looked_for_only_in_texts_that_hold_them() -> None:
    text = "Read more about it. We will act. Share this page. Published 1 May. Skip to content"
    held = holds_furniture_phrases(text)
    assert held
    for sentence in sentences.split_sentences(text):
        assert is_furniture(sentence.text, held) == is_furniture(sentence.text)
    assert not holds_furniture_phrases("We will act.")
    assert is_furniture("Published 1 May 2013", False)


def test_a_document_date_reads_as_strptime_reads_it() -> None:
    from datetime import datetime

    def strptime_date(text: str):
        for length, form in ((10, "%Y-%m-%d"), (7, "%Y-%m"), (4, "%Y")):
            try:
                return datetime.strptime(text[:length], form).date()
            except ValueError:
                continue
        return None

    rng = random.Random(11)
    for _ in range(5000):
        text = "-".join(
            rng.choice(parts)
            for parts in (
                ["2012", "0000", "0999", "99", "٢٠١٢"],
                ["01", "02", "13", "6"],
                ["29", "30", "00", "7"],
            )
        ) + rng.choice(["", "T10:00", "x"])
        assert timeframes.reference_date(text) == strptime_date(text), text


def test_matches_at_is_finditer_where_the_places_hold_every_match() -> None:
    pattern = re.compile(r"(?<![a-z])ab+")
    text = "ab xab abb ab-abbb"
    places = [m.start() for m in re.finditer("a", text)]
    assert spans(matches_at(pattern, text, places)) == spans(pattern.finditer(text))
