"""When a figure applies and when a target falls due, read relative to the document's date.

Ministers speak in relative time: 'by the end of this financial year' said on 14 December
2011 means 31 March 2012; 'by April next year' in June 2012 means April 2013; 'this year'
in February 2013 means 2013. The results are ISO strings at the precision the words give
('2015', '2013-04', '2012-03-31'). This module is self-contained on purpose: claim
extraction must not depend on the details of the general date parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from pipelines.casefold import ascii_folded, folded_words
from pipelines.claims.numbers import WORD_NUMBER_PATTERN, parse_number
from pipelines.claims.wordlists import words

MONTH_NUMBERS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Years in which a Parliament ended (general elections), for 'by the end of this Parliament'.
ELECTION_YEARS = (1997, 2001, 2005, 2010, 2015, 2017, 2019, 2024, 2029)


# A sentence without any of these has no deadline; checked before the regexes run.
DEADLINE_HINTS = ("by ", "before ", "within ", "over the ", "this ", " time", "later than")


# Per deadline pattern, sets of words a sentence must hold one of each (see `_may_match`);
# kept in step with the patterns below (tests/test_claims_word_tests.py).
_BY = words("by before no")  # 'by', 'before', 'no later than'
_PERIODS = words("financial year month parliament decade session week")
DEADLINE_WORDS: dict[str, tuple[frozenset[str], ...]] = {
    "period": (_BY, _PERIODS),
    "month_year": (_BY,),
    "month": (_BY, frozenset(MONTH_NUMBERS)),
    "within": (words("within"),),
    "over_next": (words("over"),),
    "in_time": (words("time"),),
    "this_period": (words("this"), _PERIODS),
    "election": (words("election"),),
}


@dataclass(frozen=True)
class Timeframe:
    """A time expression in a sentence; `when` is ISO at the stated precision, or None."""

    text: str
    when: str | None
    start: int
    end: int


@dataclass(frozen=True)
class _Patterns:
    deadlines: tuple[tuple[str, re.Pattern[str]], ...]
    points: tuple[tuple[str, re.Pattern[str]], ...]


@cache
def _patterns() -> _Patterns:
    """Compiled on first use."""
    month = r"(?P<month>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
    year = r"(?P<year>1[89]\d\d|20\d\d)(?!\d|,\d)"
    count = rf"(?P<n>\d+|a|an|one|{WORD_NUMBER_PATTERN})"
    period = r"(?P<period>financial year|year|month|parliament|decade|session|week)"
    deadlines = (
        (
            "period",
            rf"\b(?:by|before|no later than)\s+(?:the\s+)?(?:end\s+of\s+)?"
            rf"(?:(?P<which>this|next|the|that|the current)\s+)?{period}\b",
        ),
        (
            "month_year",
            rf"\b(?:by|before|no later than)\s+(?:the\s+end\s+of\s+)?"
            rf"(?:(?:early|mid|late)[- ])?(?:(?:{month}|spring|summer|autumn|winter)\s*)?"
            rf"(?:{year}|(?P<next>next year|this year))",
        ),
        ("month", rf"\b(?:by|before|no later than)\s+(?:the\s+end\s+of\s+)?{month}\b(?!\s*\d)"),
        (
            "within",
            rf"\bwithin\s+(?:the\s+next\s+)?{count}\s+(?P<unit>years?|months?|weeks?|days?|"
            r"decades?)\b",
        ),
        (
            "over_next",
            rf"\bover\s+the\s+(?:next|coming)\s+{count}\s+(?P<unit>years?|months?|"
            r"weeks?|decades?)\b",
        ),
        ("in_time", rf"\bin\s+{count}\s+(?P<unit>years?|decades?|months?)['’]?s?['’]?\s+time\b"),
        ("this_period", rf"\b(?:(?P<when>later|earlier)\s+)?this\s+{period}\b"),
        ("election", r"\bbefore\s+the\s+(?:next\s+)?(?:general\s+)?election\b"),
    )
    points = (
        ("month_this", rf"\b(?:in\s+)?{month}\s+(?P<rel>this|last|next)\s+year\b"),
        (
            "at_year",
            rf"\b(?:in|during|by|as of|as at|at the end of|at the start of|in the year to|"
            rf"until|up to|for|of)\s+(?:(?:early|mid|late)[- ])?(?:{month}\s+)?{year}"
            r"(?:[-/](?P<to>\d{2}))?\b",
        ),
        ("rel_year", r"\b(?P<rel>last|this)\s+year\b"),
    )
    return _Patterns(
        deadlines=tuple((n, re.compile(p, re.IGNORECASE)) for n, p in deadlines),
        points=tuple((n, re.compile(p, re.IGNORECASE)) for n, p in points),
    )


def reference_date(value: str | date | None) -> date | None:
    """The document's date from 'YYYY-MM-DD', 'YYYY-MM', 'YYYY', an ISO datetime or a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not value:
        return None
    text = str(value).strip()
    day = _iso_day(text)
    if day is not None:
        return day
    for length, pattern in ((10, "%Y-%m-%d"), (7, "%Y-%m"), (4, "%Y")):
        try:
            return datetime.strptime(text[:length], pattern).date()
        except ValueError:
            continue
    return None


def _iso_day(text: str) -> date | None:
    """'2012-06-25…' read as `strptime(text[:10], "%Y-%m-%d")` reads it, for the usual
    case of ASCII digits and a real day (anything else is left to strptime): each
    document's date is read, and strptime cost more than a short document's claims."""
    head = text[:10]
    if len(head) != 10 or head[4] != "-" or head[7] != "-":
        return None
    digits = head[:4] + head[5:7] + head[8:]
    if not (digits.isascii() and digits.isdigit()):
        return None
    try:
        return date(int(head[:4]), int(head[5:7]), int(head[8:]))
    except ValueError:
        return None


def find_deadline(sentence: str, ref: date | None) -> Timeframe | None:
    """The first target-date expression: 'by 2015', 'by the end of this financial year'..."""
    lower = sentence.lower()
    if not any(map(lower.__contains__, DEADLINE_HINTS)):
        return None
    words = folded_words(sentence)
    best: Timeframe | None = None
    for name, pattern in _patterns().deadlines:
        if not _may_match(name, words, sentence):
            continue
        for match in pattern.finditer(sentence):
            if best is not None and match.start() >= best.start:
                break
            if not _is_deadline(name, match, sentence):
                continue
            best = Timeframe(
                match.group(0), _deadline_when(name, match, ref), match.start(), match.end()
            )
            break
    return best


def _may_match(name: str, words: frozenset[str], sentence: str) -> bool:
    """Whether the sentence has the words deadline pattern `name` cannot match without.

    Each is a word the pattern matches between non-word characters, so one of
    `folded_words`; skipping a pattern that cannot match leaves the earliest match as it is.
    'by next year' has no such word at its end ('by next yearly' matches), so the year
    pattern asks instead for 'year' anywhere or the first digit of a year it reads.
    """
    if any(map(words.isdisjoint, DEADLINE_WORDS[name])):
        return False
    if name == "month_year":
        return "1" in sentence or "2" in sentence or "year" in ascii_folded(sentence)
    return True


def _is_deadline(name: str, match: re.Match[str], sentence: str) -> bool:
    """'by the end of' a bare month needs a year or 'next year'; 'August this year' is a date."""
    if name == "month_year":
        return match.group("year") is not None or bool(match.group("next"))
    if name == "this_period":
        previous = sentence[: match.start()].split()[-1:]
        return not previous or previous[0].lower().strip(".,") not in MONTH_NUMBERS
    return True


def find_points(sentence: str, ref: date | None) -> list[Timeframe]:
    """Points in time a figure may refer to ('in 2010', 'in August this year', 'last year')."""
    words = folded_words(sentence)
    found: list[Timeframe] = []
    for name, pattern in _patterns().points:
        # what each needs: a year's first digit ('in 2010'), or the word 'year' ('last year')
        needed = ("1" in sentence or "2" in sentence) if name == "at_year" else "year" in words
        if not needed:
            continue
        for match in pattern.finditer(sentence):
            if any(match.start() < t.end and t.start < match.end() for t in found):
                continue
            when = _point_when(name, match, ref)
            if when:
                found.append(Timeframe(match.group(0), when, match.start(), match.end()))
    return sorted(found, key=lambda t: t.start)


def is_future(when: str | None, ref: date | None) -> bool:
    """Whether an ISO (partial) date lies after the reference date."""
    if not when or ref is None:
        return False
    return when > ref.isoformat()[: len(when)]


def _deadline_when(name: str, match: re.Match[str], ref: date | None) -> str | None:
    groups = match.groupdict()
    if name == "month_year":
        return _month_year(groups, ref)
    if name == "month":
        return _next_month(_month_number(groups["month"]), ref)
    if ref is None:
        return None
    if name in ("within", "over_next", "in_time"):
        return _add(ref, parse_number(groups["n"]) or 1, ascii_folded(groups["unit"]))
    if name == "election":
        return str(_next_election(ref))
    if name == "this_period" and groups["period"].lower() == "year":
        return str(ref.year)
    return _period_end(
        ascii_folded(groups["period"]), ascii_folded(groups.get("which") or "this"), ref
    )


def _month_year(groups: dict[str, str | None], ref: date | None) -> str | None:
    """'March 2013' -> '2013-03'; 'April next year' -> next year's April; '2015' -> '2015'."""
    if groups.get("year"):
        year = int(groups["year"])
    elif ref is not None:
        year = ref.year + (1 if ascii_folded(groups.get("next") or "").startswith("next") else 0)
    else:
        return None
    month = groups.get("month")
    return f"{year}-{_month_number(month):02d}" if month else str(year)


def _month_number(word: str) -> int:
    """A month's number from its name as printed ('March', 'SEPT'), folded as a
    case-insensitive pattern reads it."""
    return MONTH_NUMBERS[ascii_folded(word)]


def _next_month(month: int, ref: date | None) -> str | None:
    """'by April' said in June means next April."""
    if ref is None:
        return None
    year = ref.year if month > ref.month else ref.year + 1
    return f"{year}-{month:02d}"


def _period_end(period: str, which: str, ref: date) -> str:
    """End of 'this financial year', 'the year', 'the decade', 'this Parliament'..."""
    shift = 1 if which == "next" else 0
    if period == "financial year":
        end_year = ref.year + (1 if ref.month >= 4 else 0) + shift
        return f"{end_year}-03-31"
    if period == "month":
        month = ref.month + shift
        return f"{ref.year + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}"
    if period == "decade":
        return str((ref.year // 10 + 1 + shift) * 10)
    if period in ("parliament", "session"):
        return str(_next_election(ref))
    if period == "week":
        return ref.isoformat()
    return f"{ref.year + shift}-12-31"


def _add(ref: date, n: float, unit: str) -> str:
    """ref + n units, at the unit's precision."""
    n = int(n)
    if unit.startswith("decade"):
        return str(ref.year + 10 * n)
    if unit.startswith("year"):
        return str(ref.year + n)
    if unit.startswith("month"):
        month = ref.month - 1 + n
        return f"{ref.year + month // 12}-{month % 12 + 1:02d}"
    days = n * (7 if unit.startswith("week") else 1)
    return date.fromordinal(ref.toordinal() + days).isoformat()


def _next_election(ref: date) -> int:
    return next((y for y in ELECTION_YEARS if y > ref.year), ref.year + 5)


def _point_when(name: str, match: re.Match[str], ref: date | None) -> str | None:
    groups = match.groupdict()
    if name == "at_year":
        month = groups.get("month")
        year = groups["year"]
        return f"{year}-{_month_number(month):02d}" if month else year
    if ref is None:
        return None
    year = ref.year + {"last": -1, "this": 0, "next": 1}[ascii_folded(groups["rel"])]
    if name == "month_this":
        return f"{year}-{_month_number(groups['month']):02d}"
    return str(year)
