"""From a printed speaker label, a date and a house to a person, or to an honest "unsure".

The rules, tried in order; the first that finds somebody decides. An office that is
recognised decides even when nobody held it that day:

1. Collective labels ("Hon. Members", "Noble Lords") name nobody.
2. "Office (Name)", "Name (Constituency)", "Name (Office)": the name decides; the
   office or constituency confirms it or picks among namesakes. A printed name that
   matches nobody is not replaced by whoever held the office.
3. "The hon. Member for <constituency>": whoever held the seat.
4. An office title held that day ("The Deputy Prime Minister", "Mr Speaker"), or two
   titles joined by "and", which must be held by the same person. Offices come before
   names so that an office alias in an old file ("The Prime Minister") never outranks
   the record of the post; a post with no recorded end counts only up to the date of
   its source, since offices change hands at every reshuffle.
5. A full name or alias ("Francis Maude", "Nick Clegg", "Baroness Hanham"), with its
   honorifics and letters dropped ("Rt Hon Francis Maude MP").
6. A peer's short title ("Lord Hunt" for Lord Hunt of Kings Heath or of Wirral).
7. Given name + surname, allowing familiar forms (Nick/Nicholas) and initials; a printed
   given name that fits nobody of that surname is never dropped to match "Mr <surname>"
   (a known name without a seat that day is not handed to a namesake).
8. A surname alone after an honorific ("Mr Maude").

Only people with a seat in the house that day are candidates. One candidate is an
answer; several are narrowed by gender (only when the register knows every candidate's),
then, for names but not for posts, by who spoke earlier in the debate; if still several,
the result is ambiguous and lists them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pipelines.speakers.files import iso_day
from pipelines.speakers.index import Window
from pipelines.speakers.model import Resolution, unresolved
from pipelines.speakers.names import (
    MEMBER_FOR,
    NameText,
    given_match,
    is_collective,
    name_text,
    norm,
    norm_constituency,
    party_code,
)
from pipelines.speakers.titles import office_key, office_part_keys

if TYPE_CHECKING:
    from pipelines.speakers.register import Register

CONTEXT_FACTOR = 0.85  # a namesake picked because they spoke earlier in the debate
MINISTER_FACTOR = 0.9  # a namesake picked because only they held a government post
# Posts that make their holder a minister who answers for a department.
GOVERNMENT_SOURCES = ("datadotparl/governmentpost", "parlparse/ministers", "twfy/getMPs")
NOT_MINISTERIAL = re.compile(r"\b(shadow|opposition|private secretary|pps)\b", re.IGNORECASE)
_ASIDES = re.compile(r"^(in the chair|the chair|speaking from the chair|urgent question)$")
GIVEN_METHODS = {3: ("full_name", 0.9), 2: ("nickname", 0.85), 1: ("initial", 0.75)}
HOUSES = {
    "commons": "commons",
    "house of commons": "commons",
    "westminster hall": "commons",
    "lords": "lords",
    "house of lords": "lords",
}


@dataclass(frozen=True)
class Match:
    """Who a rule found: none (with why), one, or several."""

    people: tuple[str, ...] = ()
    method: str = "unresolved"
    confidence: float = 0.0
    reason: str | None = None
    recognised: bool = False  # the rule knew the label, even if nobody fits that day


NO_MATCH = Match()


@dataclass(frozen=True)
class Label:
    """A printed label split into its main text and its bracketed aside."""

    main: NameText
    aside: NameText | None
    whole: NameText
    collective: bool


def split_brackets(text: str) -> tuple[str, list[str]]:
    """Text outside top-level brackets, and each bracketed group ("Richmond (Yorks)" whole)."""
    outside, groups, depth, current = [], [], 0, []
    for char in text:
        if char == "(":
            depth += 1
            if depth == 1:
                current = []
                continue
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append("".join(current).strip())
                continue
        (current if depth else outside).append(char)
    if depth:  # unbalanced: keep the unclosed text as part of the main text
        outside.append(" " + "".join(current))
    return "".join(outside), groups


@lru_cache(maxsize=65536)
def parse_label(label: str) -> Label:
    """ "The Minister for the Cabinet Office (Mr Francis Maude)" -> main + aside."""
    text = label.strip().rstrip(":").strip()
    whole = name_text(text)
    main, groups = split_brackets(text)
    asides = [g for g in groups if g and not _ASIDES.match(norm(g)) and not _is_party(g)]
    if MEMBER_FOR.match(whole.bare) or not asides:
        main_text = whole if MEMBER_FOR.match(whole.bare) else name_text(main)
        return Label(main_text, None, whole, is_collective(main))
    return Label(name_text(main), name_text(asides[-1]), whole, False)


def _is_party(text: str) -> bool:
    return party_code(text) != text.strip() or norm(text) in {"con", "lab", "ld", "ldem", "snp"}


@lru_cache(maxsize=64)
def norm_house(house: str | None) -> str | None:
    """ "commons", "House of Lords", "Westminster Hall" -> "commons"/"lords"."""
    if not house:
        return None
    key = norm(house)
    return HOUSES.get(key) or ("lords" if "lord" in key else key)


def resolve(
    register: Register,
    label: str | None,
    date: object,
    house: str | None = None,
    context: Sequence[object] | None = None,
    role: str | None = None,
    department: str | None = None,
) -> Resolution:
    """Who `label` means on `date` in `house`; never raises for bad input.

    `role="minister"` says the speaker speaks for the government (answers a written
    question, makes a ministerial statement): namesakes without a government post that
    day are then ruled out, and `department` (the answering department as printed, e.g.
    "International Development") narrows further. It is a fact of the record, not a guess.
    """
    day = iso_day(date)
    if day is None:
        return unresolved(f"not a date: {date!r}")
    if not label or not str(label).strip():
        return unresolved("no speaker named")
    parsed = parse_label(str(label))
    if parsed.collective:
        return unresolved(f"{label!r} names a group, not one person")
    house = norm_house(house)
    match = _match_label(register, parsed, day, house)
    if role == "minister" and len(match.people) > 1:
        match = _answering_minister(register, match, day, department)
    return _decide(register, match, str(label), day, house, context)


def _decide(
    register: Register,
    match: Match,
    label: str,
    day: str,
    house: str | None,
    context: Sequence[object] | None,
) -> Resolution:
    people = match.people
    if len(people) == 1:
        confidence, why = match.confidence, match.reason
        return register.describe(people[0], day, house, match.method, confidence, why)
    if not people:
        return unresolved(match.reason or f"{label!r} matches nobody in the register on {day}")
    # Holders of one post are not told apart by who spoke earlier: presiding officers
    # take turns in the chair, and a junior minister's first answer is printed by name.
    earlier = set() if match.method.startswith("office") else _context_ids(context)
    spoke = [p for p in people if p in earlier]
    if len(spoke) == 1:
        confidence = match.confidence * CONTEXT_FACTOR
        return register.describe(spoke[0], day, house, f"{match.method}+context", confidence)
    names = ", ".join(register.people[p].name for p in people)
    return unresolved(f"{label!r} could be any of {names} on {day}", people)


def _answering_minister(
    register: Register, match: Match, day: str, department: str | None
) -> Match:
    """Narrow namesakes to the one holding a government post (in `department` if given)."""
    posts = {p: government_posts(register, p, day) for p in match.people}
    ministers = tuple(p for p in match.people if posts[p])
    if department and len(ministers) > 1:
        wanted = norm(department)
        in_department = tuple(
            p for p in ministers if any(wanted in norm(o.department or o.role) for o in posts[p])
        )
        ministers = in_department or ministers
    if len(ministers) != 1:
        return match
    method, confidence = f"{match.method}+minister", match.confidence * MINISTER_FACTOR
    return Match(ministers, method, confidence, recognised=True)


def government_posts(register: Register, person_id: str, day: str) -> list:
    """Ministerial posts held that day: not shadow posts, committees or private secretaries."""
    return [
        o
        for o in register.offices_on(person_id, day)
        if (o.source or "").startswith(GOVERNMENT_SOURCES)
        and not (o.source or "").endswith("committee")
        and not NOT_MINISTERIAL.search(o.role)
    ]


def _context_ids(context: Sequence[object] | None) -> set[str]:
    ids = set()
    for item in context or ():
        pid = item if isinstance(item, str) else getattr(item, "person_id", None)
        if pid:
            ids.add(pid)
    return ids


# -- the rules ------------------------------------------------------------------------------


def _match_label(register: Register, label: Label, day: str, house: str | None) -> Match:
    if label.aside is None:
        return _match_text(register, label.main, day, house)
    windows = register.index.offices.get(office_key(label.whole.bare))
    if windows is not None:  # a title with its brief in brackets: "Shadow Minister (Health)"
        return _office_holders(register, windows, label.whole.bare, day, house)
    return _match_pair(register, label.main, label.aside, day, house)


def _match_text(register: Register, text: NameText, day: str, house: str | None) -> Match:
    """A label that is a name, an office or a seat; offices first, so that a stale alias
    ("The Prime Minister" in an old alias file) never outranks the record of the post."""
    for rule in (_by_seat_name, _by_office):
        match = rule(register, text, day, house)
        if match.recognised:
            return _by_gender(register, match, text)
    return _match_name(register, text, day, house)


def _match_name(register: Register, text: NameText, day: str, house: str | None) -> Match:
    """A label that is a person's name, in any of the forms the rules know.

    A form known only at other dates ("John Martin McDonnell" is how the 2016 list
    writes John McDonnell) lets the next rules try; each of them still needs the printed
    given name to fit, so nobody is handed to a namesake.
    """
    known = None
    for rule in (_by_full_name, _by_peer_title, _by_given_name, _by_surname):
        match = rule(register, text, day, house)
        if match.people:
            return _by_gender(register, match, text)
        known = known or (match if match.recognised else None)
    return known or Match(reason=f"{text.bare!r} is not a name or office the register knows")


def _match_pair(
    register: Register, main: NameText, aside: NameText, day: str, house: str | None
) -> Match:
    """ "Office (Name)", "Name (Office)" or "Name (Constituency)"."""
    seat = _constituency_holders(register, aside.bare, day, house)
    if seat.recognised:
        return _name_in_seat(register, main, seat, day, house)
    for name, office in ((aside, main), (main, aside)):
        named = _match_name(register, name, day, house)
        if named.recognised:
            return _confirm_office(register, named, office, day, house)
    first, second = (_by_office(register, t, day, house) for t in (main, aside))
    if first.recognised and second.recognised:
        people = tuple(p for p in first.people if p in second.people)
        return Match(people, "office", 0.85, None if people else first.reason, True)
    return Match(reason=f"neither {main.bare!r} nor {aside.bare!r} is a name the register knows")


def _name_in_seat(
    register: Register, name: NameText, seat: Match, day: str, house: str | None
) -> Match:
    if not name.bare or MEMBER_FOR.match(name.bare):
        return seat
    named = _match_text(register, name, day, house)
    both = tuple(p for p in seat.people if p in named.people)
    if both:
        return Match(both, "name+constituency", 0.99, recognised=True)
    if not seat.people:
        return seat
    if named.method.startswith("office"):  # the seat is surer than the record of the post
        note = f"the register does not show {name.bare!r} held by the seat's member on {day}"
        return Match(seat.people, "constituency", 0.85, None if both else note, True)
    holder = register.people[seat.people[0]].name
    return Match(reason=f"{name.bare!r} is not {holder}, who held the seat", recognised=True)


def _confirm_office(
    register: Register, named: Match, office: NameText, day: str, house: str | None
) -> Match:
    """The name decides; the office picks among namesakes and raises confidence."""
    held = _by_office(register, office, day, house)
    if not held.recognised:
        return named
    both = tuple(p for p in named.people if p in held.people)
    if len(named.people) == 1:
        if both:
            return Match(named.people, "office+name", 0.99, recognised=True)
        note = f"the register does not show {office.bare!r} held by this person on {day}"
        return Match(named.people, named.method, named.confidence * 0.9, note, True)
    if both:
        return Match(both, "office+name", 0.95, recognised=True)
    return named


def _by_seat_name(register: Register, text: NameText, day: str, house: str | None) -> Match:
    """ "The hon. Member for Edinburgh South"."""
    found = MEMBER_FOR.match(text.bare)
    if not found:
        return NO_MATCH
    return _constituency_holders(register, found.group("seat"), day, house)


def _constituency_holders(register: Register, place: str, day: str, house: str | None) -> Match:
    windows = register.index.constituencies.get(norm_constituency(place))
    if windows is None:
        return NO_MATCH
    people = _unique(w[0] for w in windows if w[1] <= day <= w[2] and house in (None, w[3]))
    reason = None if people else f"nobody held {place!r} on {day}"
    return Match(people, "constituency", 0.95, reason, True)


def _by_full_name(register: Register, text: NameText, day: str, house: str | None) -> Match:
    for key in (text.bare, text.full):
        windows = register.index.full_names.get(key)
        if windows:
            people = _seated(register, windows, day, house)
            kinds = {w[3] for w in windows if w[0] in people}
            method = "alias" if kinds == {"alias"} else "full_name"
            reason = None if people else _no_seat(register, windows, day, house)
            return Match(people, method, 0.95 if method == "full_name" else 0.9, reason, True)
    return NO_MATCH


def _by_office(register: Register, text: NameText, day: str, house: str | None) -> Match:
    key = office_key(text.bare)
    windows = register.index.offices.get(key)
    if windows is not None:
        return _office_holders(register, windows, text.bare, day, house)
    parts = office_part_keys(text.bare)
    if len(parts) < 2 or not all(p in register.index.offices for p in parts):
        return NO_MATCH
    holders = [_office_holders(register, register.index.offices[p], p, day, house) for p in parts]
    people = tuple(sorted(set.intersection(*(set(h.people) for h in holders))))
    reason = None if people else f"nobody held all of {text.bare!r} on {day}"
    return Match(people, "office", 0.85, reason, True)


def _office_holders(
    register: Register, windows: list[Window], title: str, day: str, house: str | None
) -> Match:
    """Holders that day; an open end past its source's date is not trusted."""
    current = [w for w in windows if w[1] <= day <= w[2] and day <= w[3]]
    people = _seated(register, current, day, house)
    if people:
        return Match(people, "office", 0.85, None, True)
    stale = any(w[1] <= day <= w[2] for w in windows)
    why = "the register's record of who held it ends before then" if stale else "nobody held it"
    return Match(reason=f"{title!r} on {day}: {why}", recognised=True)


def _by_peer_title(register: Register, text: NameText, day: str, house: str | None) -> Match:
    windows = register.index.peer_titles.get(text.full)
    if not windows:
        return NO_MATCH
    people = _seated(register, windows, day, house)
    reason = None if people else _no_seat(register, windows, day, house)
    return Match(people, "peer_title", 0.85, reason, True)


def _by_given_name(register: Register, text: NameText, day: str, house: str | None) -> Match:
    """ "John Martin McDonnell", "Nick Clegg", "F. Maude": surname plus a fitting given name."""
    words = text.tokens
    for cut in range(1, len(words)):
        surname = " ".join(words[cut:])
        windows = register.index.surnames.get(surname)
        if windows is None:
            continue
        scored: dict[str, int] = {}
        for pid, start, end, given in windows:
            score = given_match(words[0], given)
            if score and start <= day <= end and register.seat_on(pid, day, house):
                scored[pid] = max(score, scored.get(pid, 0))
        if not scored:
            return Match(reason=f"no {text.bare!r} had a seat on {day}", recognised=True)
        best = max(scored.values())
        method, confidence = GIVEN_METHODS[best]
        people = _unique(p for p, s in scored.items() if s == best)
        return Match(people, method, confidence, recognised=True)
    return NO_MATCH


def _by_surname(register: Register, text: NameText, day: str, house: str | None) -> Match:
    """ "Mr Maude": only when no given name was printed."""
    words = text.tokens
    if not words or (len(words) > 1 and not text.has_prefix):
        return NO_MATCH
    windows = register.index.surnames.get(text.bare)
    if windows is None:
        return NO_MATCH
    people = _unique(
        pid
        for pid, start, end, _ in windows
        if start <= day <= end and register.seat_on(pid, day, house)
    )
    reason = None if people else f"no member called {text.bare!r} had a seat on {day}"
    return Match(people, "surname", 0.8, reason, True)


def _by_gender(register: Register, match: Match, text: NameText) -> Match:
    """ "Madam Deputy Speaker" is not one of the men among the deputies."""
    if len(match.people) < 2 or not text.gender:
        return match
    genders = [register.genders.get(p) for p in match.people]
    if None in genders:
        return match  # one of them might be either: filtering the others would be a guess
    kept = tuple(p for p, g in zip(match.people, genders, strict=True) if g == text.gender)
    if not kept or len(kept) == len(match.people):
        return match
    method = f"{match.method}+honorific"
    return Match(kept, method, match.confidence * 0.95, match.reason, True)


# -- helpers ----------------------------------------------------------------------------


def _unique(people: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(people))


def _seated(
    register: Register, windows: list[Window], day: str, house: str | None
) -> tuple[str, ...]:
    return _unique(
        w[0] for w in windows if w[1] <= day <= w[2] and register.seat_on(w[0], day, house)
    )


def _no_seat(register: Register, windows: list[Window], day: str, house: str | None) -> str:
    names = ", ".join(sorted({register.people[w[0]].name for w in windows}))
    where = f"the {house}" if house else "Parliament"
    return f"{names}: no seat in {where} on {day} according to the register"
