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


# --- who speaks in a news article's paragraphs ---------------------------------------------

_TITLE = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Baroness|Professor)\.?\s+)?"
_NAME = _TITLE + r"[A-Z][\w'’-]+(?:\s+(?:Le|La|de|van|von|[A-Z][\w'’-]+))*"
_SAYS = r"(?:said|says|added|adds|told|argued|warned|explained|believes|insisted|claimed)"
_SAID_NAME = re.compile(rf"\b{_SAYS}\s+(?P<name>{_NAME})")
# "Francis Maude, minister for the Cabinet Office, also speaking at the launch, said ..."
_NAME_SAID = re.compile(
    rf"(?P<name>{_NAME})(?:\s*,[^,]{{1,120}})*,?\s+(?:(?:also|then|later|had)\s+)?{_SAYS}\b"
)
_PRONOUN_SAID = re.compile(rf"\b(?:he|she)\s+(?:also\s+)?{_SAYS}\b", re.IGNORECASE)
_ACCORDING = re.compile(rf"\b(?i:according to) (?:the\s+)?(?P<name>{_NAME})")
_FULL_NAME = re.compile(r"\b[A-Z][a-z'’-]+(?:\s+(?:Le|La|de|van|von|[A-Z][\w'’-]+))+")
_STOP = {"The", "A", "An", "This", "That", "These", "Those", "It", "We", "They", "I", "He", "She"}


def _clean(name: str) -> str | None:
    words = name.split()
    while words and words[0] in _STOP:
        words = words[1:]
    return " ".join(words) or None


# "the minister said": a role names whoever the text introduced with it
ROLES = ("minister", "secretary", "chair", "chairman", "director", "professor", "spokesman")
_ROLE_AFTER = re.compile(rf"(?P<name>{_NAME}),\s+(?:an?\s+|the\s+)?(?P<role>[^,]{{1,80}}),")
_ROLE_BEFORE = re.compile(rf"\b(?P<role>(?:[A-Z][\w-]+\s+){{0,3}}[a-z]+)\s+(?P<name>{_NAME})")


def introduced_roles(text: str, roles: dict[str, str]) -> None:
    """Note who a text introduces with a role ("Francis Maude, minister for the Cabinet
    Office," or "Cabinet Office minister Francis Maude") so "the minister" can follow."""
    lower = text.lower()
    if not any(role in lower for role in ROLES):
        return  # a match counts only with a role among its words: spare the two scans
    for pattern in (_ROLE_AFTER, _ROLE_BEFORE):
        for match in pattern.finditer(text):
            name = _clean(match.group("name"))
            words = set(match.group("role").lower().split())
            for role in ROLES:
                if name and role in words and len(name.split()) > 1:
                    roles[role] = name


def role_key(name: str) -> str:
    """How `full_mention` looks a name up among the roles: "The Minister" -> "minister"."""
    return name.lower().removeprefix("the ")


def full_mention(name: str, known: list[str], roles: dict[str, str] | None = None) -> str:
    """A later, shorter mention ("Maude", "Le Grand", "the taskforce", "the minister") →
    its full form."""
    lowered = role_key(name)
    if roles and lowered in roles:
        return roles[lowered]
    for full in reversed(known):
        if full.lower() == lowered or full.lower().endswith(" " + lowered):
            return full
    return name


_ROLE_SAID = re.compile(
    rf"\bthe ({'|'.join(ROLES)})\s+(?:also\s+)?{_SAYS}\b|\b{_SAYS} the ({'|'.join(ROLES)})\b",
    re.IGNORECASE,
)


def _paragraph_speaker(
    text: str, known: list[str], last: str | None, roles: dict[str, str]
) -> str | None:
    role = _ROLE_SAID.search(text)
    if role and (role.group(1) or role.group(2)).lower() in roles:
        return roles[(role.group(1) or role.group(2)).lower()]
    for pattern in (_SAID_NAME, _NAME_SAID, _ACCORDING):
        match = pattern.search(text)
        name = _clean(match.group("name")) if match else None
        if name:
            return full_mention(name, known, roles)
    return last if last and _PRONOUN_SAID.search(text) else None


def paragraph_speakers(texts: Sequence[str]) -> list[str | None]:
    """For an article's paragraphs in order: whose statement each one reports, if anyone's.

    "Le Grand said that ...", "... said Maude", "according to the Cabinet Office" and
    "he said" (the last person named) attribute a paragraph; surnames and roles follow
    the earlier full mention ("Maude", "the minister" → "Francis Maude"). Narrative
    paragraphs get None.
    """
    known: list[str] = []
    roles: dict[str, str] = {}
    speakers: list[str | None] = []
    last: str | None = None
    for text in texts:
        known.extend(mentions([text]))
        introduced_roles(text, roles)
        speaker = _paragraph_speaker(text, known, last, roles)
        speakers.append(speaker)
        last = speaker or last
    return speakers


def mentions(texts: Sequence[str]) -> list[str]:
    """Every full name (two or more capitalised words) in reading order, for `full_mention`."""
    found: list[str] = []
    for text in texts:
        found.extend(
            m.group(0) for m in _FULL_NAME.finditer(text) if m.group(0).split()[0] not in _STOP
        )
    return found
