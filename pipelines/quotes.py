"""Who is being quoted: the person a press release or an article gives a quotation to.

Press releases and news pieces introduce a quotation with a line such as "Employee
Ownership Association director Patrick Burns said:" or "He added:", then give the
quotation as its own paragraphs. A claim inside the quotation belongs to that person,
not to the department or the journalist, so each quoted paragraph is given the name
from its introduction; "he" and "she" follow the last person named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_VERBS = r"(?:said|says|added|adds|commented|explained|told|stated|continued|argued|warned)"
# "<...> Patrick Burns said:" / "Mr Maude added:" / "Francis Maude, Minister for X, said:"
_INTRO = re.compile(
    rf"(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Baroness|Professor)\.?\s+)?"
    rf"[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|de|van|von|le))*)"
    rf"(?:,[^,:]{{1,80}},)?\s+{_VERBS}\b[^:]{{0,40}}:\s*$"
)
_PRONOUN_INTRO = re.compile(rf"^\s*(?:He|She)\s+(?:also\s+)?{_VERBS}\b[^:]{{0,40}}:\s*$")
# Indirect speech names a person too: "Mr Maude said that ..." sets who "he" is.
_NAMED = re.compile(
    r"\b((?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Baroness|Professor)\.?\s+)?"
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+" + _VERBS + r"\b"
)
_NOT_NAMES = {"The", "This", "That", "It", "We", "They", "He", "She", "Government", "Department"}


def _intro_name(text: str, last_named: str | None) -> str | None:
    """The person a paragraph hands the floor to, if it ends by introducing a quotation."""
    if _PRONOUN_INTRO.match(text):
        return last_named
    match = _INTRO.search(text)
    if not match:
        return None
    words = match.group("name").split()
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    # keep the trailing personal name: "Employee Ownership Association director Patrick Burns"
    lower = [i for i, w in enumerate(words) if w[0].islower()]
    words = words[lower[-1] + 1 :] if lower else words[-3:]
    return " ".join(words) or None


def quoted_speakers(paragraphs: Sequence[tuple[str, str]]) -> list[str | None]:
    """For (kind, text) paragraphs in order: the quoted person of each quote paragraph.

    >>> quoted_speakers([("paragraph", "Mr Maude said:"), ("quote", "We will.")])
    [None, 'Mr Maude']
    """
    speakers: list[str | None] = []
    last_named: str | None = None
    current: str | None = None
    for kind, text in paragraphs:
        if kind == "quote":
            speakers.append(current)
            continue
        speakers.append(None)
        named = _NAMED.search(text)
        if named and named.group(1).split()[0] not in _NOT_NAMES:
            last_named = named.group(1)
        current = _intro_name(text, last_named)
        if current:
            last_named = current
    return speakers
