"""Reading numbers as printed: '1,100', '1.86', 'nine', 'twenty-five', 'a million', '£10m'.

Kept apart from `quantities` (which decides what a number measures) because the same
readers serve ratios ('4 in 10'), multiples ('seven-fold') and ranges.
"""

from __future__ import annotations

UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a": 1,
    "an": 1,
}
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "mn": 1_000_000,
    "m": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "tn": 1_000_000_000_000,
}
FRACTIONS = {
    "half": 0.5,
    "a half": 0.5,
    "one half": 0.5,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "two thirds": 2 / 3,
    "two-thirds": 2 / 3,
    "a quarter": 0.25,
    "one quarter": 0.25,
    "three quarters": 0.75,
    "three-quarters": 0.75,
    "a fifth": 0.2,
    "one fifth": 0.2,
    "a tenth": 0.1,
    "one tenth": 0.1,
}
MULTIPLE_VERBS = {
    "doubled": 2,
    "double": 2,
    "doubling": 2,
    "trebled": 3,
    "treble": 3,
    "tripled": 3,
    "triple": 3,
    "quadrupled": 4,
    "quadruple": 4,
    "halved": 0.5,
    "halve": 0.5,
    "halving": 0.5,
}
WORD_NUMBER_PATTERN = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
    r"four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
DIGITS_PATTERN = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"


def parse_number(token: str) -> float | None:
    """'1,100' -> 1100, '1.86' -> 1.86, 'twenty-five' -> 25, 'a' -> 1; None if unreadable."""
    token = token.strip().lower()
    if not token:
        return None
    if token[0].isdigit():
        try:
            return float(token.replace(",", ""))
        except ValueError:
            return None
    total = 0
    for part in token.replace("-", " ").split():
        if part not in UNITS_WORDS:
            return None
        total += UNITS_WORDS[part]
    return float(total)


def tidy(value: float) -> float | int:
    """Whole numbers as int, others rounded so 0.45 does not print as 0.45000000000000001."""
    rounded = round(value, 10)
    if rounded == int(rounded) and abs(rounded) < 1e15:
        return int(rounded)
    return rounded
