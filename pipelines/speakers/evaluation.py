"""Measuring the resolver against TheyWorkForYou's own attributions.

TheyWorkForYou XML prints each speaker's name (and sometimes office) beside the id
parlparse matched by hand-maintained rules: a person id in files from 2016 on, a per-seat
member or lord id before. Resolving each speech from what is printed (name, date,
house, and the debate's earlier speakers) and comparing with that id says how often
the register gets a person right, wrong, or admits it cannot tell.

A speech counts as "known" when the register has its true person with a seat in that
house on that day; a speech whose person the register cannot know (members elected
after the register was made) must come back unresolved, and resolving it to anyone
counts as wrong.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipelines.speakers.model import RegisterError, Resolution
from pipelines.speakers.names import name_text, norm
from pipelines.speakers.register import Register
from pipelines.speakers.resolver import parse_label
from pipelines.speakers.titles import office_key, office_part_keys

LORDS_FILES = ("daylord", "lords")
MINISTERIAL_FILES = ("ministerial", "lordswms")  # written ministerial statements
SPEECH_TAGS = ("speech", "ques", "reply")
HEADINGS = ("major-heading", "oral-heading")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Speech:
    """One attributed contribution: what was printed, and who TheyWorkForYou says it was."""

    file: str
    date: str
    house: str
    heading: int  # speeches under the same major heading share a debate
    name: str
    office: str | None
    truth: str | None  # person id; None for "Hon. Members" and unmatched ids
    role: str | None = None  # "minister" for written answers and ministerial statements
    department: str | None = None  # the major heading of an answer or statement

    def label(self, with_office: bool) -> str:
        """The label as a printed page would show it: "The Minister for X (Mr Y)"."""
        if with_office and self.office and norm(self.office) != norm(self.name):
            return f"{self.office} ({self.name})"
        return self.name


@dataclass
class Tally:
    speeches: int = 0
    known: int = 0  # true person has a seat in the register that day
    correct: int = 0
    wrong: int = 0  # resolved to another person, or resolved when the truth is unknown
    unresolved: int = 0  # known person, no answer (including ambiguous)
    ambiguous: int = 0
    unknown: int = 0  # true person not in the register that day (later intakes)
    unknown_resolved: int = 0  # ... and wrongly resolved to someone (included in wrong)
    no_person: int = 0  # "Hon. Members" and the like
    no_person_resolved: int = 0  # ... resolved to someone (included in wrong)
    mistakes: list[tuple[Speech, Resolution]] = field(default_factory=list)
    misses: list[tuple[Speech, Resolution]] = field(default_factory=list)  # known, unresolved

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            if name not in ("mistakes", "misses"):
                setattr(self, name, getattr(self, name) + getattr(other, name))
        self.mistakes += other.mistakes
        self.misses += other.misses

    @property
    def accuracy(self) -> float:
        return self.correct / self.known if self.known else 1.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.speeches if self.speeches else 0.0


def house_of(path: Path) -> str:
    """The chamber from the file's name: daylord/lordswms/lordswrans are the Lords."""
    return "lords" if path.name.startswith(LORDS_FILES) else "commons"


def sitting_date(path: Path) -> str:
    """The sitting day from the file's name (the last date: standing committee files
    begin with the bill's first sitting)."""
    dates = _DATE.findall(path.name)
    if not dates:
        raise ValueError(f"no date in file name {path.name}")
    return dates[-1]


def read_speeches(path: Path, register: Register) -> list[Speech]:
    """The attributed speeches of one TheyWorkForYou XML file, in reading order."""
    try:
        root = etree.parse(str(path), etree.XMLParser(huge_tree=True)).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise RegisterError(f"cannot read {path}: {exc}") from exc
    day, house, heading, speeches = sitting_date(path), house_of(path), 0, []
    statements, major = path.name.startswith(MINISTERIAL_FILES), None
    for element in root.iter(*SPEECH_TAGS, *HEADINGS):
        if element.tag in HEADINGS:
            heading += 1
            major = " ".join("".join(element.itertext()).split()) or None
            continue
        name = element.get("speakername")
        if not name or element.get("nospeaker") == "true":
            continue
        office = element.get("speakeroffice")
        truth = _true_person(register, element)
        role = "minister" if element.tag == "reply" or statements else None
        department = major if role else None
        speeches.append(
            Speech(path.name, day, house, heading, name, office, truth, role, department)
        )
    return speeches


def _true_person(register: Register, element: etree._Element) -> str | None:
    person = element.get("person_id") or ""
    if person.startswith("uk.org.publicwhip/person/"):
        return register.canonical_person_id(person) or person
    member = element.get("speakerid") or ""
    found = register.member_person.get(member)
    return register.canonical_person_id(found) or found if found else None


def score_file(
    register: Register, speeches: Sequence[Speech], with_office: bool, calls: list | None = None
) -> Tally:
    """Resolve every speech from its printed label and count the outcomes."""
    tally, context, heading = Tally(), [], None
    for speech in speeches:
        if speech.heading != heading:
            context, heading = [], speech.heading
        label = speech.label(with_office)
        result = register.resolve(
            label, speech.date, speech.house, context, speech.role, speech.department
        )
        if calls is not None:
            calls.append((label, speech.date, speech.house, tuple(context), speech.role))
        _count(register, tally, speech, result)
        context.append(result)
    return tally


def _count(register: Register, tally: Tally, speech: Speech, result: Resolution) -> None:
    tally.speeches += 1
    got = result.person_id
    if speech.truth is None:
        tally.no_person += 1
        tally.no_person_resolved += got is not None
    elif register.seat_on(speech.truth, speech.date, speech.house) is None:
        tally.unknown += 1
        tally.unknown_resolved += got is not None
    else:
        tally.known += 1
        tally.correct += got == speech.truth
        tally.unresolved += got is None
        tally.ambiguous += result.method == "ambiguous"
        if got is None:
            tally.misses.append((speech, result))
    if got is not None and got != speech.truth:
        tally.wrong += 1
        tally.mistakes.append((speech, result))


@dataclass
class Evaluation:
    files: dict[str, Tally]
    total: Tally
    calls: list[tuple[str, str, str, tuple]]  # every resolve call made, for timing


def evaluate(register: Register, paths: Iterable[Path], with_office: bool = True) -> Evaluation:
    """Score every file; `with_office` prints "Office (Name)" where the XML gives an office."""
    files, total, calls = {}, Tally(), []
    for path in paths:
        tally = score_file(register, read_speeches(path, register), with_office, calls)
        files[path.name] = tally
        total.add(tally)
    return Evaluation(files, total, calls)


def clear_caches(register: Register) -> None:
    """Forget cached label parsing and posts, so a timing run starts cold."""
    for cached in (parse_label, name_text, norm, office_key, office_part_keys):
        cached.cache_clear()
    register.clear_caches()


def resolutions_per_second(
    register: Register, calls: Sequence[tuple], min_seconds: float = 1.0, cold: bool = False
) -> float:
    """Resolve the recorded calls repeatedly (once if `cold`) and return the rate."""
    if cold:
        clear_caches(register)
    done, started = 0, time.perf_counter()
    while True:
        for label, day, house, context, role in calls:
            register.resolve(label, day, house=house, context=context, role=role)
        done += len(calls)
        elapsed = time.perf_counter() - started
        if cold or elapsed >= min_seconds or not calls:
            return done / elapsed if elapsed else float("inf")
