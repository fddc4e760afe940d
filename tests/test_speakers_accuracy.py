"""The done-criteria, measured: resolve TheyWorkForYou's speeches from their printed names."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.speakers import Register, load_register
from pipelines.speakers.evaluation import (
    evaluate,
    house_of,
    read_speeches,
    resolutions_per_second,
    sitting_date,
)


@pytest.fixture(scope="module")
def register(corpus: Path) -> Register:
    return load_register(corpus / "members")


@pytest.fixture(scope="module")
def twfy_files(corpus: Path) -> list[Path]:
    files = sorted((corpus / "twfy" / "xml").glob("*/*.xml"))
    assert len(files) >= 20
    return files


@pytest.mark.parametrize("with_office", [False, True], ids=["name", "office+name"])
def test_accuracy_on_every_twfy_file(
    register: Register, twfy_files: list[Path], with_office: bool
) -> None:
    result = evaluate(register, twfy_files, with_office=with_office)
    total = result.total
    assert total.known > 5000
    assert total.accuracy >= 0.99, [(s.name, r.reason) for s, r in total.misses[:20]]
    assert total.wrong / total.speeches < 0.002, [(s.name, r.name) for s, r in total.mistakes]
    assert total.unknown > 0 and total.unknown_resolved == 0  # later intakes: never matched
    assert total.no_person_resolved == 0  # "Hon. Members" is nobody in particular
    for name, tally in result.files.items():
        assert tally.wrong == 0 or tally.wrong / tally.speeches < 0.01, name


def test_resolution_speed(register: Register, twfy_files: list[Path]) -> None:
    calls = evaluate(register, twfy_files[:6]).calls
    assert resolutions_per_second(register, calls, min_seconds=0.3) > 20_000


def test_file_names_give_date_and_house() -> None:
    standing = Path("standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml")
    assert sitting_date(standing) == "2009-10-29" and house_of(standing) == "commons"
    assert house_of(Path("daylord2009-10-28a.xml")) == "lords"
    assert house_of(Path("lordswrans2009-10-29a.xml")) == "lords"
    assert house_of(Path("westminster2009-10-27a.xml")) == "commons"


def test_reconstructed_employee_mutuals_exchange(register: Register, corpus: Path) -> None:
    """The 14 December 2011 Cabinet Office questions: Ian Murray asks, Francis Maude answers."""
    path = corpus / "reconstructed" / "twfy" / "xml" / "debates" / "debates2011-12-14a.xml"
    speeches = read_speeches(path, register)
    assert len(speeches) == 4
    result = evaluate(register, [path])
    assert result.total.correct == 4 and result.total.wrong == 0
    maude = register.resolve(speeches[1].name, speeches[1].date, house="commons")
    assert (maude.party, maude.constituency) == ("Con", "Horsham")
