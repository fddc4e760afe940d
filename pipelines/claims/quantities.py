"""Figures in a sentence, normalised: what a number is, what it counts, how it is hedged.

A careful reader lists '58 public service mutuals', '£10m', '45%', 'seven-fold', '4 in
10', but not '2010', '12 July', 'clause 2(7)', 'aged 23', 'for five years', '11:30 am' or
'the 24th round'. So every number found is checked against those non-figure readings
before it becomes a `Quantity`, and a count gets the noun it counts ('mutuals', 'staff')
or, when elliptical ('another 40 in the pipeline'), the unit of the figure before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple

from pipelines.casefold import ascii_folded, folded_words
from pipelines.claims.numbers import (
    DIGITS_PATTERN,
    FRACTIONS,
    MULTIPLE_VERBS,
    SCALES,
    WORD_NUMBER_PATTERN,
    parse_number,
    tidy,
)
from pipelines.claims.scan import matches_at, occurrences
from pipelines.claims.wordlists import words

CURRENCIES = {"£": "GBP", "$": "USD", "us$": "USD", "€": "EUR"}
MONTHS = words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
TIME_UNITS = words(
    "year years month months week weeks day days hour hours minute minutes second seconds "
    "decade decades century centuries night nights weekend weekends fortnight fortnights "
    "session sessions term terms year-old year-olds"
)
REFERENCE_WORDS = words(
    "section sections clause clauses schedule schedules paragraph paragraphs para paras "
    "article articles amendment amendments column columns col cols c vol volume volumes "
    "question questions rule rules regulation regulations part parts chapter chapters page "
    "pages p pp line lines tier tiers phase phases round rounds no nos number order act item "
    "items motion table tables annex appendix hc hl box stage stages level levels category "
    "band bands grade grades division room cm cmnd option options type types step steps covid "
    "lot flight route junction platform group figure figures point points subsection "
    "subsections cl reg regs s ss sch art arts pt ch division standing key channel bus ward "
    "wave district"
)
DEFINITE_BEFORE = words(
    "top biggest largest smallest first last next past previous latest all both these those "
    "every each"
)
BARE_ALLOWED_BEFORE = words(
    "has have had was were is are be been of to at than about around only just some another "
    "further total from by nearly almost over under approximately roughly with and or between "
    "now reached stood rose fell increased decreased grew dropped remaining extra additional "
    "hit topped exceeded passed estimated"
)
WORD_NUMBER_ALLOWED_BEFORE = words("remaining another further only just")
IRREGULAR_PLURALS = words(
    "people staff children men women police personnel cattle sheep fish data media clergy "
    "folk crew offspring youth deer aircraft"
)
UNIT_WORDS = words("gw mw kw gwh twh mwh mm cm km kg mph hectares acres")
STOP_WORDS = words(
    "a an the this that these those its their his her our my your of in on at to for from "
    "with by and or but nor than as per into onto over under within between across through "
    "since after before during until including while whereas who which whom whose where when "
    "is are was were be been being have has had will would shall should can could may might "
    "must do does did not also there here so if such each every it they we he she you i "
    "already now then still just only even yet"
)
# A sentence holds a digit or one of these for any number to be read in it: the number
# words, and the scales that 'a million' is read before (tests/test_claims_word_tests.py).
NUMBER_WORDS = words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety million billion thousand"
)
# Where a number match may begin (see `_number_matches`), besides a digit or one of the
# signs £ $ € US$ of its currency group: the number words its spelled numbers begin with,
# and the scales 'a'/'an' is read before.
SCALE_WORDS = words("million billion thousand")
SPELLED_NUMBERS = NUMBER_WORDS - SCALE_WORDS
ORDINAL_HALVES = words("first second latter former back other")
# Things a speech counts about itself or a Bill: 'two clauses', 'three questions'.
DISCOURSE_UNITS = words(
    "clauses subsections sections amendments paragraphs schedules questions points issues "
    "strands reasons ways things matters aspects options speeches interventions"
)
NOT_FIGURE_UNITS = TIME_UNITS | DISCOURSE_UNITS
LY_NOUNS = words("family families supply supplies ally allies assembly")
QUALIFIERS = (
    "up to about",
    "well over",
    "well above",
    "well under",
    "just over",
    "just under",
    "more than",
    "less than",
    "fewer than",
    "no more than",
    "no fewer than",
    "no less than",
    "at least",
    "at most",
    "up to",
    "in excess of",
    "upwards of",
    "close to",
    "in the region of",
    "an estimated",
    "estimated",
    "something like",
    "getting on for",
    "as many as",
    "as much as",
    "over",
    "under",
    "nearly",
    "almost",
    "around",
    "about",
    "approximately",
    "roughly",
    "some",
    "below",
    "above",
)


@dataclass(frozen=True)
class Quantity:
    """A figure found in a sentence; offsets are relative to the sentence."""

    value: float | int
    unit: str | None
    currency: str | None
    qualifier: str | None
    text: str
    start: int
    end: int
    kind: str  # 'money', 'percent', 'times', 'count'


class _Candidate(NamedTuple):
    """A number before it is accepted: enough context to decide what it is.

    A named tuple, not a frozen dataclass: one is made for every number a sentence holds,
    and a tuple is made at a fraction of the cost.
    """

    number: float
    start: int
    end: int
    currency: str | None = None
    scale: float = 1.0
    percent: str | None = None  # 'percent' or 'percentage points'
    suffix: str | None = None
    digits: bool = True
    comma: bool = False
    decimal: bool = False


@dataclass(frozen=True)
class _Patterns:
    url: re.Pattern[str]
    digit: re.Pattern[str]
    figure_run: re.Pattern[str]
    number: re.Pattern[str]
    special: tuple[tuple[str, re.Pattern[str]], ...]
    ratio_tail: re.Pattern[str]
    qualifier: re.Pattern[str]
    word: re.Pattern[str]
    number_of: re.Pattern[str]
    connector: re.Pattern[str]
    age_after: re.Pattern[str]
    age_before: re.Pattern[str]
    name_age: re.Pattern[str]
    of_the: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """Compiled on first use (importing the package does no work)."""
    num = rf"(?:{DIGITS_PATTERN}|(?i:{WORD_NUMBER_PATTERN}))"
    months = "|".join(MONTHS)
    qualifiers = "|".join(re.escape(q) for q in QUALIFIERS)
    special = (
        (
            "scaled_fraction",
            r"\b(?i:(a|one|three)\s+(quarter|half|third)s?\s+of\s+an?|half\s+an?)"
            r"\s+(million|billion)\b",
        ),
        (
            "ratio",
            rf"(?<![\w.,-])({num})\s+(?:in|out\s+of)\s+(?:every\s+)?({num})\b"
            rf"(?!\s*(?:%|per\s?cent|years?|months?|weeks?|days?|hours?|{months}))",
        ),
        ("fold", rf"(?<![\w.-])({num})[- ]?fold\b"),
        (
            "times",
            rf"(?<![\w.,-])({num})\s+times\s+(?i:more|higher|greater|larger|bigger|"
            r"faster|as|the|over|less|lower|smaller|that)\b",
        ),
        (
            "multiple_verb",
            r"\b(?i:(doubled|trebled|tripled|quadrupled|halved|doubling|halving)|"
            r"(?:will|to|would|shall|could|can)\s+(?:\w+ly\s+)?(double|treble|triple|quadruple|"
            r"halve))\b",
        ),
        (
            "fraction",
            r"\b(?i:(half|a half|one half|a third|one third|two[- ]thirds|"
            r"a quarter|one quarter|three[- ]quarters|a fifth|one fifth|a tenth|one tenth))\b"
            rf"(?=\s+of\b)|\b(?i:by\s+(?:({qualifiers})\s+)?(half|a third|one third|a quarter|"
            r"two[- ]thirds|a fifth))\b",
        ),
    )
    return _Patterns(
        url=re.compile(r"(?:https?://|www\.)\S+"),
        digit=re.compile(r"\d"),  # any decimal digit, as the number pattern's \d
        figure_run=re.compile(r"[\d£$€]+"),  # digits and the signs of the currency group
        number=re.compile(
            r"(?<![\w.,/:£$€\-])(?:(?P<cur>£|\$|€|US\$)\s?)?"
            rf"(?P<num>{DIGITS_PATTERN}(?!\.\d)|(?i:{WORD_NUMBER_PATTERN})\b|"
            r"(?i:an?)(?=\s+(?:million|billion|thousand)\b))"
            r"(?P<scale>\s?(?i:million|billion|trillion|thousand)\b|(?:bn|mn|tn|m|k|K|b)(?!\w))?"
            r"(?P<pct>\s?(?:%|(?i:per\s?cent|percent)\b|(?i:percentage\s+points?)\b))?"
            r"(?P<suffix>(?:st|nd|rd|th|am|pm|mm|cm|km|kg|GW|MW|kW|GWh|TWh|MWh)(?!\w)"
            r"|\s?(?:a\.m\.|p\.m\.)|\s(?:am|pm)(?!\w))?"
        ),
        special=tuple((name, re.compile(p)) for name, p in special),
        # what a ratio holds after its first number, in folded text (see `_possible_specials`)
        ratio_tail=re.compile(rf"(?:in|out\s+of)\s+(?:every\s+)?(?:\d|{WORD_NUMBER_PATTERN})"),
        qualifier=re.compile(rf"\b(?i:({qualifiers}))\s+(?:an?\s+)?$"),
        word=re.compile(r"[ \t]*([^\W\d_][\w'’-]*)"),
        number_of=re.compile(r"\b(?i:number|numbers|total)\s+of\s+((?:[\w'’-]+\s+){0,3}[\w'’-]+)"),
        connector=re.compile(r"\s*(?:,|and|to|-|–|—|or|, and|, or)\s*$"),
        age_after=re.compile(r"^(?:\s*(?:to|-|–|and)\s*\d+)?[\s-]*years?[\s-]*olds?\b", re.I),
        age_before=re.compile(r"\b(?:aged|ages|age of|aged between|aged from)\s*$", re.I),
        name_age=re.compile(r"[A-Z][\w'’-]+,\s*$"),
        of_the=re.compile(r"\s+of\s+(?:the|these|those|their|our|its|all|all the)\s+", re.I),
    )


def find_quantities(sentence: str) -> list[Quantity]:
    """Every figure a reader would list in `sentence`, in order; never raises."""
    if not sentence:
        return []
    text = _mask_urls(sentence)
    numbered = _may_hold_number(text)
    lower = text.lower()
    specials = _possible_specials(text, lower, numbered)
    if not numbered and not specials:
        return []  # a sentence without a digit or a letter (nothing to read) goes here too
    found, taken = _special_quantities(text, specials)
    if numbered:
        found += _plain_quantities(text, taken)
    if not found:
        return []
    found.sort(key=lambda q: q.start)
    return _inherit_units(text, lower, found)


def _may_hold_number(text: str) -> bool:
    """A digit or a number word: what the number pattern needs to match at all.

    Most sentences hold neither, and this test costs a fraction of a scan by that pattern.
    A number word is matched between non-word characters, so it is one of `folded_words`.
    """
    return bool(_patterns().digit.search(text)) or not NUMBER_WORDS.isdisjoint(folded_words(text))


def _mask_urls(sentence: str) -> str:
    """Blank out URLs (same length, so offsets hold): '5_disability_09vl.pdf' is no figure."""
    if "http" not in sentence and "www." not in sentence:  # what the URL pattern begins with
        return sentence
    return _patterns().url.sub(lambda m: " " * len(m.group()), sentence)


# Words one of which a sentence must hold for a special pattern to be worth running.
SPECIAL_HINTS = {
    "scaled_fraction": ("quarter", "half", "third"),
    "ratio": (" in ", " out of "),
    "fold": ("fold",),
    "times": (" times ",),
    "multiple_verb": ("doubl", "trebl", "tripl", "quadrupl", "halv"),
    "fraction": ("half", "third", "quarter", "fifth", "tenth"),
}
# Special patterns that also need a digit or a number word ('million' for 'half a million');
# 'fold' does not, as 'tenfold' is one word.
NEEDS_NUMBER = frozenset({"scaled_fraction", "ratio", "times"})
# Every hint, and those of the patterns that need no number, for a first test of all at once.
ALL_HINTS = tuple({h: None for hints in SPECIAL_HINTS.values() for h in hints})
UNNUMBERED_HINTS = tuple(
    {h: None for name, hints in SPECIAL_HINTS.items() if name not in NEEDS_NUMBER for h in hints}
)


def _possible_specials(text: str, lower: str, numbered: bool) -> list[tuple[str, re.Pattern[str]]]:
    """The special patterns worth running: their hint is in the sentence, and a number
    where they need one. A ratio's hint (' in ') is in most sentences, so it also needs
    its tail: 'in' or 'out of', then a number ('4 in 10')."""
    if not any(map(lower.__contains__, ALL_HINTS if numbered else UNNUMBERED_HINTS)):
        return []  # what most sentences come to, in one pass over the hints
    return [
        (name, pattern)
        for name, pattern in _patterns().special
        if (numbered or name not in NEEDS_NUMBER)
        and any(map(lower.__contains__, SPECIAL_HINTS[name]))
        and (name != "ratio" or bool(_patterns().ratio_tail.search(ascii_folded(text))))
    ]


def _special_quantities(
    text: str, specials: list[tuple[str, re.Pattern[str]]]
) -> tuple[list[Quantity], list[tuple[int, int]]]:
    """Ratios, multiples and fractions, read before plain numbers so '4 in 10' is one figure."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in specials:
        for match in pattern.finditer(text):
            if _overlaps(match.start(), match.end(), taken):
                continue
            quantity = _read_special(name, match, text)
            if quantity is not None:
                found.append(quantity)
                taken.append((match.start(), match.end()))
    return found, taken


def _read_special(name: str, match: re.Match[str], text: str) -> Quantity | None:
    """Turn one special match into a Quantity (None when it is not a figure after all)."""
    read = _special_value(name, match, text)
    if read is None or read[0] is None:
        return None
    value, unit, kind = read
    start, end = match.start(), match.end()
    if name == "times":
        end = text.index("times", start) + len("times")  # not the word after 'times'
    quantity = _quantity(text, start, end, value, unit, None, kind)
    if name == "fraction" and _previous_word(text[: match.start()]) in ORDINAL_HALVES:
        return None  # 'in the first half of next year'
    if name == "fraction" and match.lastindex and match.lastindex >= 3 and match.group(2):
        quantity = replace(quantity, qualifier=match.group(2).lower())  # 'up by more than a third'
    return quantity


def _special_value(name: str, match: re.Match[str], text: str) -> tuple | None:
    """(value, unit, kind) of a ratio, multiple or fraction."""
    groups = [g for g in match.groups() if g]
    if name == "scaled_fraction":
        part = _fraction(" ".join(match.group(0).split()[:2]), 0.5)
        return part * _scale(groups[-1]), _unit_after(text, match.end()), "count"
    if name == "ratio":
        top, bottom = parse_number(groups[0]), parse_number(groups[1])
        if not top or not bottom or top >= bottom or bottom > 1000:
            return None
        return top / bottom, "percent", "percent"
    if name in ("fold", "times"):
        return parse_number(groups[0]), "times", "times"
    if name == "multiple_verb":
        return _multiple(groups[0]), "times", "times"
    key = " ".join(groups[-1].replace("-", " ").split())
    return _fraction(key, _fraction(key.replace(" ", "-"))), "percent", "percent"


def _fraction(words: str, default: float | None = None) -> float | None:
    """FRACTIONS' value for 'a third', 'Two-Thirds' as printed (folded), else `default`."""
    return FRACTIONS.get(ascii_folded(words), default)


def _scale(word: str, default: float = 1.0) -> float:
    """SCALES' value for a scale word as printed ('Million', 'bn'), folded, else `default`."""
    return SCALES.get(ascii_folded(word), default)


def _multiple(word: str) -> float:
    """MULTIPLE_VERBS' value for 'Doubled', 'halving' as printed, folded."""
    return MULTIPLE_VERBS[ascii_folded(word)]


def _currency(sign: str) -> str | None:
    """The currency code of a sign as printed ('£', 'US$'), folded; None for none."""
    return CURRENCIES.get(ascii_folded(sign))


def _plain_quantities(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """Digits and number words, with the readings that are not figures filtered out."""
    candidates = [c for c in map(_candidate, _number_matches(text)) if c is not None]
    if taken:
        candidates = [c for c in candidates if not _overlaps(c.start, c.end, taken)]
    candidates = _share_range_units(text, candidates)
    found: list[Quantity] = []
    rejected_end = -10  # end of the last reference or age: its range partner goes too
    for candidate in candidates:
        near = rejected_end >= 0 and candidate.start - rejected_end < 8
        if near and _patterns().connector.fullmatch(text[rejected_end : candidate.start]):
            rejected_end = candidate.end  # 'section 225 or 226', 'aged 55 and 74'
            continue
        quantity = _accept(text, candidate)
        if quantity is not None:
            found.append(quantity)
        elif _reference_or_age(text, candidate):
            rejected_end = candidate.end
    return found


def _number_matches(text: str) -> list[re.Match[str]]:
    """`number.finditer(text)`, trying the pattern only where a match can begin.

    A match begins with a currency sign, a digit after a non-digit, a number word, or
    'a'/'an' before a scale word. Scanning every place cost more than reading what was
    found, so the places are found first: runs of digits and signs by a one-class
    pattern, 'US$' and number words by substring search (the words in the folded text,
    where a case-insensitive pattern's words are). With a scale word in the sentence any
    'a' may begin one, and every place is tried.
    """
    words = folded_words(text)
    if not words.isdisjoint(SCALE_WORDS):
        return list(_patterns().number.finditer(text))
    return list(matches_at(_patterns().number, text, _number_starts(text, words)))


def _number_starts(text: str, words: frozenset[str]) -> list[int]:
    """Every place a number match may begin (and some where none does), in order.

    A digit or sign after a digit or sign cannot begin one (the look-behind refuses
    both), so of a run of them only its first is tried.
    """
    starts = [m.start() for m in _patterns().figure_run.finditer(text)]
    spelled = words & SPELLED_NUMBERS
    if not spelled and "US$" not in text:
        return starts
    starts += occurrences(text, "US$")
    folded = ascii_folded(text)
    for word in spelled:
        starts += occurrences(folded, word)
    return sorted(set(starts))


def _reference_or_age(text: str, c: _Candidate) -> bool:
    """Rejections whose range partner goes with them; not years ('3,772 in 2011 to 5,789')."""
    before = text[max(0, c.start - 40) : c.start]
    previous = _previous_word(before)
    return previous in REFERENCE_WORDS or bool(_patterns().age_before.search(before))


def _candidate(match: re.Match[str]) -> _Candidate | None:
    """Read the regex groups; None for things that only look like numbers."""
    cur, raw, scale_text, pct, suffix = match.groups()  # in the pattern's order
    number = parse_number(raw)
    following = match.string[match.end() : match.end() + 1]
    if number is None or following.isalnum() or following == "_":
        return None  # '3BM', '28CB', '1990s': part of a name or a decade
    scale_text = (scale_text or "").strip()
    scale = _scale(scale_text) if scale_text else 1.0
    if raw.lower() in ("a", "an") and scale == 1.0:
        return None
    currency = _currency(cur or "")
    if scale_text in ("k", "K", "m", "b") and currency is None:
        return None  # '5K' run, '100m' sprint: short scales only after a currency sign
    pct = (pct or "").strip().lower()
    percent = "percentage points" if "point" in pct else ("percent" if pct else None)
    return _Candidate(
        number=number,
        start=match.start(),
        end=match.end(),
        currency=currency,
        scale=scale,
        percent=percent,
        suffix=(suffix or "").strip().lower() or None,
        digits=raw[0].isdigit(),
        comma="," in raw,
        decimal="." in raw,
    )


def _share_range_units(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """'between 81 and 92 per cent', '5 million to 6 million': the first takes the second's unit."""
    shared = list(candidates)
    for i in range(len(shared) - 1, 0, -1):
        first, second = shared[i - 1], shared[i]
        gap = text[first.end : second.start]
        if not _patterns().connector.fullmatch(gap) or len(gap) > 7:
            continue
        if first.percent or first.currency or first.scale != 1.0 or first.suffix:
            continue
        if second.percent or second.currency or second.scale != 1.0:
            shared[i - 1] = first._replace(
                percent=second.percent, currency=second.currency, scale=second.scale
            )
    return shared


def _accept(text: str, c: _Candidate) -> Quantity | None:
    """Apply the not-a-figure readings; build the Quantity for what is left."""
    if c.suffix in ("st", "nd", "rd", "th", "am", "pm", "a.m.", "p.m."):
        return None
    amount = c.number * c.scale
    if c.percent:
        return _quantity(text, c.start, c.end, amount / 100, c.percent, None, "percent")
    currency = c.currency or _currency_after(text, c.end)
    if currency:
        return _quantity(text, c.start, c.end, amount, currency, currency, "money")
    if _not_a_count(text, c):
        return None
    unit, end = (c.suffix, c.end) if c.suffix else _unit_span(text, c.end)
    if unit is None and c.scale == 1.0 and not _bare_allowed(text, c):
        return None
    if unit is not None and unit.lower().rstrip("'’") in NOT_FIGURE_UNITS:
        return None  # 'for five years', '10 months’ work', 'two clauses'
    return _quantity(text, c.start, end, amount, unit, None, "count")


def _quantity(
    text: str, start: int, end: int, value: float, unit: str | None, currency: str | None, kind: str
) -> Quantity:
    """A Quantity for text[start:end], with the qualifier printed before it."""
    printed = text[start:end].strip()
    return Quantity(tidy(value), unit, currency, _qualifier(text, start), printed, start, end, kind)


def _not_a_count(text: str, c: _Candidate) -> bool:
    """Years, dates, times, references, ages and definite mentions are not figures."""
    if (c.scale == 1.0 and c.number == 1 and not c.digits) or _is_year(c, ""):
        return True  # what most numbers that are no figure are, told without their context
    before, after = text[max(0, c.start - 40) : c.start], text[c.end : c.end + 40]
    previous, next_word = _previous_word(before), _next_word(after)
    return (
        _is_year(c, next_word)
        or _is_date_or_time(previous, next_word, after)
        or previous in REFERENCE_WORDS
        or previous in DEFINITE_BEFORE
        or before.lower().endswith("one of ")
        or _is_age(c, before, after)
        or (c.scale == 1.0 and c.number == 1 and not c.digits)  # 'one of the organisations'
        or (_in_parentheses(text, c.start) and _unit_after(text, c.end) is None)
    )


def _is_year(c: _Candidate, next_word: str) -> bool:
    """'2010', 'the 1771 Act'; '1,900' (a comma) or '1.5' is a figure."""
    if not c.digits or c.comma or c.decimal or c.scale != 1.0:
        return False
    return 1800 <= c.number <= 2100 or (1000 <= c.number < 1800 and next_word == "act")


def _is_date_or_time(previous: str, next_word: str, after: str) -> bool:
    """'12 July', 'December 27', '11:30 am', '8 pm'."""
    if next_word in MONTHS or previous in MONTHS:
        return True
    if after.startswith((":", ".")) and after[1:2].isdigit():
        return True
    return next_word in ("am", "pm", "o'clock", "gmt", "bst", "hrs")


def _is_age(c: _Candidate, before: str, after: str) -> bool:
    """'aged 23', '16 to 24 year olds', 'Hartley, 37, from Radstock'."""
    if _patterns().age_after.match(after) or _patterns().age_before.search(before):
        return True
    named = _patterns().name_age.search(before) and after.lstrip().startswith(",")
    return c.scale == 1.0 and bool(named)


def _bare_allowed(text: str, c: _Candidate) -> bool:
    """A number with no noun after it counts only after words that introduce a figure."""
    before = text[max(0, c.start - 40) : c.start].rstrip()
    if not c.digits:
        return _previous_word(before + " ") in WORD_NUMBER_ALLOWED_BEFORE
    if before.endswith((",", ";", "—", "–")):
        return True
    return _previous_word(before + " ") in BARE_ALLOWED_BEFORE


def _unit_after(text: str, end: int) -> str | None:
    """The noun a count counts: the first plural after it, extended over compounds."""
    return _unit_span(text, end)[0]


def _unit_span(text: str, end: int) -> tuple[str | None, int]:
    """The counted noun and where it ends ('58 public service mutuals' -> 'mutuals', 25)."""
    of_the = _patterns().of_the.match(text, end)
    if of_the:
        end = of_the.end()
        number = _patterns().number.match(text, end)
        if number:
            end = number.end()
    if text[end : end + 1] == "-":
        word = _patterns().word.match(text, end + 1)
        return (word.group(1).lower(), word.end()) if word else (None, end)
    words = _words_after(text, end)
    for i, (word, _) in enumerate(words):
        if _plural_like(word) or word.lower() in UNIT_WORDS:
            while i + 1 < len(words) and _plural_like(words[i + 1][0]):
                i += 1
            return _unit_name(words[i][0]), words[i][1]
    return None, end


def _words_after(text: str, end: int, limit: int = 6) -> list[tuple[str, int]]:
    """Up to `limit` words (with their ends) after a number, to punctuation or a function word."""
    words: list[tuple[str, int]] = []
    pattern = _patterns().word
    position = end
    while len(words) < limit:
        match = pattern.match(text, position)
        if not match:
            break
        word = match.group(1)
        lower = word.lower()
        if lower in STOP_WORDS or (lower.endswith("ly") and lower not in LY_NOUNS):
            break
        words.append((word, match.end()))
        position = match.end()
    return words


def _plural_like(word: str) -> bool:
    lower = word.lower().rstrip("'’")
    if lower in IRREGULAR_PLURALS:
        return True
    if word.isupper() or len(lower) <= 3 or not lower.endswith("s"):
        return False
    return not lower.endswith(("ss", "us", "is", "'s", "’s", "ics"))


def _unit_name(word: str) -> str:
    """Lower case, except acronyms such as 'PCSOs' and 'GW'."""
    uppers = sum(ch.isupper() for ch in word)
    return word if uppers >= 2 else word.lower()


def _inherit_units(text: str, lower: str, found: list[Quantity]) -> list[Quantity]:
    """'58 mutuals, with another 40 in the pipeline': 40 counts mutuals too."""
    result: list[Quantity] = []
    last_unit: str | None = None
    number_of = (
        list(_patterns().number_of.finditer(text)) if "number" in lower or "total" in lower else []
    )
    for quantity in found:
        if quantity.kind == "count" and quantity.unit is None:
            unit = last_unit or _number_of_unit(number_of, quantity.start)
            quantity = replace(quantity, unit=unit)
        if quantity.kind == "count" and quantity.unit:
            last_unit = quantity.unit
        result.append(quantity)
    return result


def _number_of_unit(number_of: list[re.Match[str]], start: int) -> str | None:
    """'The number of mutuals has risen to 60': the unit is the noun after 'number of'."""
    before = [m for m in number_of if m.end() <= start]
    if not before:
        return None
    match = before[-1]
    words = match.group(1).split()
    plurals = [w for w in words if _plural_like(w)]
    return _unit_name(plurals[0]) if plurals else None


def _qualifier(text: str, start: int) -> str | None:
    match = _patterns().qualifier.search(text[max(0, start - 30) : start])
    return match.group(1).lower() if match else None


def _currency_after(text: str, end: int) -> str | None:
    return "GBP" if _next_word(text[end : end + 12]) in ("pounds", "pound", "sterling") else None


def _previous_word(before: str) -> str:
    words = before.rstrip().split()
    return words[-1].lower().strip(".,;:()[]'\"“”‘’") if words else ""


def _next_word(after: str) -> str:
    words = after.split()
    return words[0].lower().strip(".,;:()[]'\"“”‘’") if words else ""


def _in_parentheses(text: str, position: int) -> bool:
    opened = text.rfind("(", 0, position)
    return opened >= 0 and text.rfind(")", opened, position) < 0 and text.find(")", position) >= 0


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)
