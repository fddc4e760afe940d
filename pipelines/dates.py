"""Printed dates to ISO 8601: one parser for every dateline, byline and heading we scrape.

Hansard, TheyWorkForYou, GOV.UK and the newspapers print the same day a dozen ways
("11:30 am on 14th December 2011", "Wednesday 24 November 2010", "8 Feb 13",
"02/02/2015", "Nov 17, 2010 11:19 GMT", "2016-07-25T23:30:00Z"). Everything is brought
to one form: an ISO date with its precision, and a 24-hour time in Europe/London (the
clock the speeches were given by) where one is printed.

    >>> parse_date('8 Feb 13')
    ParsedDate(date='2013-02-08', precision='day', time=None, raw='8 Feb 13', timestamp=None)
    >>> parse_date('2016-07-25T23:30:00Z').time   # 00:30 BST, the next London day
    '00:30'

Rules (each one is a choice; the tests pin them down):

* Day first. "02/03/2015" is 2 March. A numeric date is read month first only when
  it cannot be day first ("11/17/2010"). Dotted and dashed numeric dates need a
  four-digit year or two-digit day and month ("17.11.10"), so "Section 1.2.10" is not one.
* Two-digit years pivot at 70: 00-69 are 2000-2069, 70-99 are 1970-1999.
* A weekday is checked against the date. When the printed date has only one reading
  (month by name, or a day over 12), a contradicting weekday is taken as the typo and
  the date is returned. When there are several readings (02/03 day or month first; a
  year from context), the weekday picks the reading it matches, and if it matches
  none the result is None.
* A year missing from the text comes from ``context_year`` (else from the year of
  ``context_date``). With a weekday, the context year is tried first, then the year
  after, then the year before ("Saturday 7th December" said in January 1975 is 1974).
* "Wednesday 2nd" needs ``context_date``: the 2nd of that month, the month after or the
  month before, whichever is a Wednesday (the nearest to ``context_date`` if several).
* Times: "11:30 am", "11.30 am", "6pm", "14:30", "14:30:00", "noon", "midnight"
  (00:00 of that day), just before ("at 11:30 am on ...") or just after the date
  ("..., 09:12", "• 2:54pm"). A dotted time with neither am/pm nor zone ("10.30") is
  taken only after "at", since "14 December 2011, 10.50" is more often a number.
  GMT, UTC, Z, BST, CET, CEST, EST, EDT, PST, PDT and numeric offsets are honoured and
  converted; a time without a zone is London time. In the autumn's repeated hour a
  zoneless time is the first (BST) one; a zoneless time in the spring gap is moved on
  an hour.
* ``time`` is "HH:MM", or "HH:MM:SS" when the seconds are not zero.
* "November 2010" has month precision; a bare year only when it is the whole text.
  Financial years ("2011-12") and ranges ("2011-13") are not dates.
* Lower-case "may" and "march" without a year are words, not months ("5 may be").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from datetime import time as clock_time
from functools import cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

# --- patterns (compiled once; nothing else happens at import) ----------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_WEEKDAY = (
    r"\b(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)(?![a-z])\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
# Two digits after a month are a year unless they start a time, a percentage or a word.
_TWO_DIGIT_YEAR = (
    r"['’]?[0-9]{2}(?![0-9])(?![:.][0-9])(?!\s*%)(?!\s*(?!at\b|gmt\b|bst\b|utc\b)[a-z])"
)
_YEAR = rf"(?:[0-9]{{4}}(?![0-9])|{_TWO_DIGIT_YEAR})"
_NAMED_ZONE = r"(?:z|utc|gmt|bst|cest|cet|edt|est|pdt|pst)(?![a-z])"
_ISO_ZONE = r"z(?![a-z])|[+-][0-9]{2}(?::?[0-9]{2})?(?![0-9])|(?:utc|gmt|bst)(?![a-z])"
_PRINTED_ZONE = (  # "GMT+1", "BST", or an RFC 2822 "+0000" after a space; never "11:30-12:30"
    rf"(?:utc|gmt)\s?[+-][0-9]{{1,2}}(?::?[0-9]{{2}})?(?![0-9])|{_NAMED_ZONE}"
    r"|(?<=\s)[+-][0-9]{4}(?![0-9])"
)


def _iso(p: str) -> str:
    """ISO 8601 date (or 2012/03/03) with optional time and offset; groups prefixed `p`."""
    return (
        rf"(?<![\w.:/\-])(?P<{p}_y>[0-9]{{4}})(?P<{p}_s>[-/])(?P<{p}_m>[0-9]{{2}})(?P={p}_s)"
        rf"(?P<{p}_d>[0-9]{{2}})(?![0-9])"
        rf"(?:(?:t|\s+)(?P<{p}_H>[0-9]{{2}}):(?P<{p}_M>[0-9]{{2}})(?![0-9])"
        rf"(?::(?P<{p}_S>[0-9]{{2}})(?:[.,][0-9]+)?)?(?:\s?(?P<{p}_z>{_ISO_ZONE}))?)?"
    )


_DAY_MONTH_YEAR = (
    rf"(?<![\w£$€.:/])(?P<a_d>[0-9]{{1,2}})(?![0-9]){_ORDINAL}"
    rf"(?:\s+(?:day\s+)?of\s+|[\s\-/.]*)(?P<a_m>{_MONTH})"
    rf"(?:(?:\s*,\s*|[\s\-/]*)(?P<a_y>{_YEAR}))?"
)
_MONTH_DAY_YEAR = (
    rf"\b(?P<b_m>{_MONTH})[\s\-]*(?P<b_d>[0-9]{{1,2}})(?![0-9])"
    rf"{_ORDINAL}(?![0-9a-z])(?:,?\s*(?P<b_y>[0-9]{{4}})(?![0-9]))?"
)
_MONTH_YEAR = rf"\b(?P<c_m>{_MONTH}),?[\s\-]*(?P<c_y>[0-9]{{4}})(?![0-9])"
_NUMERIC = (
    r"(?<![\w.:/\-£$€,])(?P<n_d>[0-9]{1,2})(?P<n_s>[/.\-])"
    r"(?P<n_m>[0-9]{1,2})(?P=n_s)(?P<n_y>[0-9]{4}|[0-9]{2})(?![0-9]|[.\-/][0-9])"
)
_WEEKDAY_DAY = (  # only after a weekday: "Wednesday 2nd"
    rf"(?(wd)(?P<w_d>[0-9]{{1,2}})(?![0-9]){_ORDINAL}(?![0-9a-z]|[:.][0-9])(?!\s*[ap]\.?m\b)|(?!))"
)
# One optional weekday in front of every form, tried once per position (it is checked
# against the date later); then the forms, most specific first.
_DATE = re.compile(
    rf"(?:(?P<wd>{_WEEKDAY}),?\s+(?:the\s+)?)?(?:"
    + "|".join(
        f"(?P<{name}>{pattern})"
        for name, pattern in (
            ("iso", _iso("i")),
            ("dmy", _DAY_MONTH_YEAR),
            ("mdy", _MONTH_DAY_YEAR),
            ("my", _MONTH_YEAR),
            ("num", _NUMERIC),
            ("wdd", _WEEKDAY_DAY),
        )
    )
    + ")",
    re.IGNORECASE,
)
_ISO_ONLY = re.compile(rf"\s*{_iso('i')}\s*\Z", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"\s*([0-9]{4})\s*\.?\s*\Z")

_TIME = (
    r"(?<![0-9:.])(?:(?:12(?:[:.]00)?\s*)?(?P<t_word>noon|midday|midnight)\b"
    r"|(?P<t_h>[0-9]{1,2})(?:(?P<t_sep>[:.])(?P<t_m>[0-9]{2})(?:(?P=t_sep)(?P<t_s>[0-9]{2}))?)?"
    r"(?![0-9])\s*(?P<t_ap>[ap]\.?m\b\.?)?)"
    rf"(?:\s*(?P<t_z>{_PRINTED_ZONE}))?"
)
_TIME_AFTER = re.compile(
    rf"[\s,;•·|@\-–—]*(?:(?:last\s+)?updated\s+)?(?P<t_at>at\s+)?{_TIME}", re.IGNORECASE
)
_TIME_BEFORE = re.compile(rf"(?P<t_at>at\s+)?{_TIME}\s*,?\s*(?:on\s+)?(?:the\s+)?\Z", re.IGNORECASE)
_OFFSET = re.compile(r"(?:utc|gmt)?\s?([+-])([0-9]{1,2}):?([0-9]{2})?", re.IGNORECASE)

_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_KEYS, 1)}
_WEEKDAYS = {d: i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
_ZONES = {"Z": 0, "UTC": 0, "GMT": 0, "BST": 60, "CET": 60, "CEST": 120}
_ZONES |= {"EST": -300, "EDT": -240, "PST": -480, "PDT": -420}
_PREFIX_REACH = 40  # how far before a date a time ("at 11:30 am on ") may start


@dataclass(frozen=True)
class ParsedDate:
    """A printed date brought to ISO 8601.

    date: "YYYY-MM-DD", "YYYY-MM" (precision "month") or "YYYY" (precision "year").
    time: "HH:MM" or "HH:MM:SS", 24-hour Europe/London, when a time was printed.
    raw: the text that was read. timestamp: full ISO 8601 with the London offset
    ("2010-11-17T11:19:00+00:00") when a time is known.
    """

    date: str
    precision: str
    time: str | None
    raw: str
    timestamp: str | None


class _Context(NamedTuple):
    year: int | None
    day: date | None


class _Clock(NamedTuple):
    hour: int
    minute: int
    second: int
    offset: int | None  # minutes east of UTC as printed; None means London time


@cache
def _london() -> ZoneInfo:
    return ZoneInfo("Europe/London")


# --- public interface -------------------------------------------------------------------


def parse_date(
    text: str | None, context_year: int | None = None, context_date: str | None = None
) -> ParsedDate | None:
    """The first date printed in a short text (a dateline, byline or heading), or None.

    Never raises: anything that is not a date, or not a string, gives None.

    >>> parse_date('Wednesday 2 February', context_year=2011).date
    '2011-02-02'
    >>> parse_date('at 11:30 am on 14th December 2011.').time
    '11:30'
    >>> parse_date('58 mutuals') is None
    True
    """
    try:
        if not isinstance(text, str):
            return None
        for found in _scan(text, _context(context_year, context_date)):
            return found
        return _whole_year(text)
    except Exception:  # a date parser must never take a crawl down
        return None


def parse_dates(
    text: str | None, context_year: int | None = None, context_date: str | None = None
) -> list[ParsedDate]:
    """Every date in a longer text, in order (bare years are left out).

    One pass of precompiled patterns; no fuzzy parsing, so it is fast on long text.

    >>> [d.date for d in parse_dates('from 1 April 2011 to March 2012')]
    ['2011-04-01', '2012-03']
    """
    found: list[ParsedDate] = []
    try:
        if isinstance(text, str):
            for parsed in _scan(text, _context(context_year, context_date)):
                found.append(parsed)
    except Exception:
        pass  # keep what was found before the fault
    return found


def to_london(timestamp: str | None) -> ParsedDate | None:
    """An ISO 8601 date or timestamp as a London date and time, or None.

    APIs (GOV.UK, the Guardian) give UTC or offset timestamps; the archive dates
    things by the London day.

    >>> to_london('2016-07-25T23:30:00Z').timestamp
    '2016-07-26T00:30:00+01:00'
    """
    try:
        match = _ISO_ONLY.match(timestamp) if isinstance(timestamp, str) else None
        return _from_iso(match, timestamp.strip()) if match else None
    except Exception:
        return None


# --- scanning ---------------------------------------------------------------------------


def _context(context_year: object, context_date: object) -> _Context:
    """Usable context only: a bad context is ignored rather than trusted."""
    day = None
    if isinstance(context_date, str):
        try:
            day = date.fromisoformat(context_date.strip()[:10])
        except ValueError:
            day = None
    year = context_year if type(context_year) is int and 1000 <= context_year <= 2999 else None
    return _Context(year if year is not None else (day.year if day else None), day)


def _scan(text: str, context: _Context):
    """Yield each date in `text` that resolves, with any time printed next to it."""
    previous_end = 0
    for match in _DATE.finditer(text):
        parsed, end = _resolve(match, text, context, previous_end)
        if parsed is not None:
            previous_end = end
            yield parsed


def _resolve(
    match: re.Match[str], text: str, context: _Context, floor: int
) -> tuple[ParsedDate | None, int]:
    """Turn one pattern match into a ParsedDate (None if it is not a real date)."""
    kind = match.lastgroup
    if kind == "iso" and match["i_H"] is not None:
        return _from_iso(match, match[0]), match.end()
    if kind == "my":
        return _month_precision(match), match.end()
    day = _RESOLVERS[kind](match, context)
    if day is None:
        return None, match.end()
    clock, start, end = _attached_time(text, match.start(), match.end(), floor)
    return _build(day, text[start:end].strip(), clock), end


def _attached_time(text: str, start: int, end: int, floor: int) -> tuple[_Clock | None, int, int]:
    """A time printed right after the date, else right before it; and the widened span."""
    after = _TIME_AFTER.match(text, end)
    clock = _clock(after) if after else None
    if clock:
        return clock, start, after.end()
    before = _TIME_BEFORE.search(text, max(floor, start - _PREFIX_REACH), start)
    clock = _clock(before) if before else None
    if clock:
        return clock, before.start(), end
    return None, start, end


def _whole_year(text: str) -> ParsedDate | None:
    """'2015' alone is a year; a year inside a sentence is left to the claims parser."""
    match = _YEAR_ONLY.match(text)
    if match and 1000 <= int(match[1]) <= 2999:
        return ParsedDate(match[1], "year", None, text.strip(), None)
    return None


# --- one resolver per pattern -----------------------------------------------------------


def _named(match: re.Match[str], context: _Context, p: str) -> date | None:
    """'14th December 2011', 'Nov 17, 2010', 'Wednesday 2 February' (+ context year)."""
    year_text = match[f"{p}_y"]
    month = _month_number(match[f"{p}_m"], has_year=year_text is not None)
    weekday = _weekday_number(match["wd"])
    if month is None:
        return None
    if year_text is not None:
        years, strict = [_full_year(year_text)], False
    elif context.year is None:
        return None
    else:  # the weekday (if any) chooses between this year, the next and the last
        years, strict = (
            [context.year] if weekday is None else [context.year + d for d in (0, 1, -1)],
            True,
        )
    candidates = _valid_dates((y, month, int(match[f"{p}_d"])) for y in years)
    return _choose(candidates, weekday, strict)


def _numeric(match: re.Match[str], context: _Context) -> date | None:
    """'02/02/2015', '2/2/15', '02.02.2015': day first unless only month first is possible."""
    first, second, year_text = match["n_d"], match["n_m"], match["n_y"]
    if match["n_s"] != "/" and len(year_text) == 2 and (len(first) < 2 or len(second) < 2):
        return None
    year, a, b = _full_year(year_text), int(first), int(second)
    readings = [(year, b, a)] if b <= 12 else [(year, a, b)]
    if a <= 12 and b <= 12 and a != b:
        readings.append((year, a, b))
    return _choose(_valid_dates(readings), _weekday_number(match["wd"]), strict=False)


def _weekday_day(match: re.Match[str], context: _Context) -> date | None:
    """'Wednesday 2nd': the month comes from context_date; the weekday must agree."""
    if context.day is None:
        return None
    anchor, day = context.day, int(match["w_d"])
    months = [(anchor.year * 12 + anchor.month - 1 + shift) for shift in (0, 1, -1)]
    candidates = _valid_dates((m // 12, m % 12 + 1, day) for m in months)
    weekday = _weekday_number(match["wd"])
    hits = sorted((c for c in candidates if c.weekday() == weekday), key=lambda c: abs(c - anchor))
    return hits[0] if hits else None


def _iso_date(match: re.Match[str], context: _Context) -> date | None:
    return _valid_dates([(int(match["i_y"]), int(match["i_m"]), int(match["i_d"]))])[0]


_RESOLVERS = {
    "dmy": lambda m, c: _named(m, c, "a"),
    "mdy": lambda m, c: _named(m, c, "b"),
    "num": _numeric,
    "wdd": _weekday_day,
    "iso": _iso_date,
}


def _month_precision(match: re.Match[str]) -> ParsedDate | None:
    """'November 2010' → '2010-11', precision month."""
    month, year = _month_number(match["c_m"], has_year=True), int(match["c_y"])
    if month is None or not 1000 <= year <= 2999:
        return None
    return ParsedDate(f"{year:04d}-{month:02d}", "month", None, match[0].strip(), None)


def _from_iso(match: re.Match[str], raw: str) -> ParsedDate | None:
    """An ISO match (group prefix 'i') to a ParsedDate, converting any offset to London."""
    day = _iso_date(match, _Context(None, None))
    if day is None:
        return None
    if match["i_H"] is None:
        return _build(day, raw, None)
    hour, minute, second = int(match["i_H"]), int(match["i_M"]), int(match["i_S"] or 0)
    offset = _zone_minutes(match["i_z"])
    if hour > 23 or minute > 59 or second > 59 or offset is False:
        return None
    return _build(day, raw, _Clock(hour, minute, second, offset))


# --- small helpers ----------------------------------------------------------------------


def _month_number(token: str | None, has_year: bool) -> int | None:
    """1-12 for a month name; None for 'may'/'march' written lower case with no year."""
    if not token:
        return None
    if not has_year and token.islower() and token.rstrip(".") in {"may", "mar", "march"}:
        return None
    return _MONTHS.get(token[:3].lower())


def _weekday_number(token: str | None) -> int | None:
    return _WEEKDAYS.get(token[:3].lower()) if token else None


def _full_year(text: str) -> int:
    """'2011' → 2011; '13' → 2013; '85' → 1985 (two-digit pivot at 70)."""
    digits = text.lstrip("'’")
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _valid_dates(parts) -> list[date | None]:
    """Real calendar dates among (year, month, day) triples; [None] if there are none."""
    found = []
    for year, month, day in parts:
        if 1000 <= year <= 2999:
            try:
                found.append(date(year, month, day))
            except ValueError:
                continue
    return found or [None]


def _choose(candidates: list[date | None], weekday: int | None, strict: bool) -> date | None:
    """Pick the reading the weekday agrees with (see the module docstring for the rule)."""
    candidates = [c for c in candidates if c is not None]
    if not candidates:
        return None
    if weekday is None:
        return candidates[0]
    for candidate in candidates:
        if candidate.weekday() == weekday:
            return candidate
    return candidates[0] if len(candidates) == 1 and not strict else None


def _zone_minutes(token: str | None) -> int | bool | None:
    """Minutes east of UTC for a printed zone; None when absent; False when impossible."""
    if not token:
        return None
    token = token.strip().upper()
    if token in _ZONES:
        return _ZONES[token]
    match = _OFFSET.fullmatch(token)
    if not match or int(match[2]) > 14 or int(match[3] or 0) > 59:
        return False
    minutes = int(match[2]) * 60 + int(match[3] or 0)
    return -minutes if match[1] == "-" else minutes


def _clock(match: re.Match[str]) -> _Clock | None:
    """A valid time of day from a _TIME match, or None ('14' alone, '25:00', '10.50')."""
    offset = _zone_minutes(match["t_z"])
    if offset is False:
        return None
    if match["t_word"]:
        return _Clock(0 if match["t_word"].lower() == "midnight" else 12, 0, 0, offset)
    hour, minute, second = int(match["t_h"]), int(match["t_m"] or 0), int(match["t_s"] or 0)
    meridian = (match["t_ap"] or "")[:1].lower()
    if meridian:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridian == "p" else 0)
    elif match["t_m"] is None or hour > 23 or _bare_dotted(match):
        return None
    if minute > 59 or second > 59:
        return None
    return _Clock(hour, minute, second, offset)


def _bare_dotted(match: re.Match[str]) -> bool:
    """'10.50' with no am/pm, zone or 'at' is more likely a number than a time."""
    return match["t_sep"] == "." and not (match["t_z"] or match["t_at"])


def _build(day: date, raw: str, clock: _Clock | None) -> ParsedDate:
    """The ParsedDate for a day and an optional clock, converted to London time."""
    if clock is None:
        return ParsedDate(day.isoformat(), "day", None, raw, None)
    naive = datetime.combine(day, clock_time(clock.hour, clock.minute, clock.second))
    if clock.offset is None:  # London wall time; the UTC round trip settles the spring gap
        local = naive.replace(tzinfo=_london()).astimezone(UTC).astimezone(_london())
    else:
        local = naive.replace(tzinfo=timezone(timedelta(minutes=clock.offset)))
        local = local.astimezone(_london())
    shown = local.strftime("%H:%M:%S" if local.second else "%H:%M")
    return ParsedDate(local.date().isoformat(), "day", shown, raw, local.isoformat("T", "seconds"))
