"""Office titles as comparable keys, so a printed title finds the post that day.

Hansard prints "The Parliamentary Under-Secretary of State for the Home Department" or
"The Minister of State, Department of Health"; data.parliament records the same posts as
"Parliamentary Under-Secretary (Home Office) (Crime Reduction)" or "Minister of State
(Department of Health) (Public Health)". Both sides are reduced to the same key by
dropping words that vary ("the", "for", "of", "Department for", "Ministry of",
"Office") and by indexing each post under the forms Hansard uses for it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines.speakers.names import drop_the, norm

_REWRITES = [
    (re.compile(r"\b(her|his) majestys\b"), "hm"),
    (re.compile(r"\bhm treasury\b"), "treasury"),
    (re.compile(r"\bunder secretary of state\b"), "under secretary"),
    (re.compile(r"\b(department|dept) (for|of)\b"), " "),
    (re.compile(r"\bministry of\b"), " "),
    (re.compile(r"\bhome department\b"), "home"),
    (re.compile(r"\bforeign and commonwealth( affairs)?\b"), "foreign"),
    (re.compile(r"\boffice\b"), " "),
    (re.compile(r"\b(the|for|of|to|in)\b"), " "),
    (re.compile(r"\bspeaker house commons\b"), "speaker"),
    # "The Home Secretary" is the Secretary of State for the Home Department.
    (
        re.compile(
            r"^(shadow )?(?!(?:parliamentary|chief|financial|economic|private|first|under|"
            r"permanent|cabinet|general|assistant|deputy|minister)\b)(.+) secretary$"
        ),
        r"\1secretary state \2",
    ),
]
# Words that begin a post; " and " followed by one of them joins two posts in one title.
OFFICE_HEADS = frozenset(
    [
        "minister",
        "secretary",
        "paymaster",
        "chancellor",
        "lord",
        "leader",
        "deputy",
        "first",
        "chief",
        "attorney",
        "solicitor",
        "advocate",
        "president",
        "prime",
        "shadow",
        "parliamentary",
        "financial",
        "economic",
        "exchequer",
        "treasurer",
        "comptroller",
        "vice",
        "chairman",
        "chair",
        "speaker",
        "whip",
        "assistant",
        "captain",
        "second",
        "senior",
        "principal",
        "father",
    ]
)
# Ranks that say nothing on their own: "Minister of State" needs its department.
GENERIC_RANKS = frozenset(
    {
        "minister",
        "minister state",
        "parliamentary under secretary",
        "parliamentary secretary",
        "secretary state",
        "shadow minister",
        "shadow secretary state",
        "shadow spokesperson",
        "spokesperson",
    }
)
_MINISTER_RANKS = frozenset(
    {"minister", "minister state", "parliamentary under secretary", "parliamentary secretary"}
)
_DEPARTMENT = re.compile(r"\b(department|ministry|office|treasury|household)\b", re.IGNORECASE)
_PAREN = re.compile(r"\(([^()]*)\)")
_JOIN = re.compile(r"\s+(?:and|&)\s+(?=(?:the\s+)?(\w+))", re.IGNORECASE)


@lru_cache(maxsize=32768)
def office_key(text: str) -> str:
    """The comparable form of a title ("The Minister of State, Department of Health" ->
    "minister state health")."""
    key = drop_the(norm(text))
    for pattern, replacement in _REWRITES:
        key = " ".join(pattern.sub(replacement, key).split())
    return key


@lru_cache(maxsize=32768)
def office_part_keys(title: str) -> tuple[str, ...]:
    """The keys of each post in a joint title; empty when it is not one."""
    return tuple(office_key(p) for p in split_offices(title))


def split_offices(title: str) -> list[str]:
    """ "The Deputy Prime Minister and Lord President of the Council" -> two posts.

    Splits only where the word after "and" begins a post, so "Secretary of State for
    Environment, Food and Rural Affairs" stays whole.
    """
    parts, start = [], 0
    for match in _JOIN.finditer(title):
        if match.group(1).lower() in OFFICE_HEADS:
            parts.append(title[start : match.start()])
            start = match.end()
    parts.append(title[start:])
    return [p.strip(" ,;") for p in parts if p.strip(" ,;")] if len(parts) > 1 else []


def _asides(role: str) -> list[str]:
    """The bracketed parts of a role that name its department or brief, not "also in ..."."""
    return [
        g.strip()
        for g in _PAREN.findall(role)
        if g.strip() and not g.strip().lower().startswith(("also", "and ", "whip"))
    ]


def role_keys(role: str, department: str | None = None) -> set[str]:
    """Every key under which a post is found: as recorded, with its department or brief,
    as "Minister for <brief>", without brackets when that still names one post, and each
    post of a joint title."""
    head = _PAREN.sub(" ", role)
    asides = _asides(role)
    keys = {office_key(role.replace("(", " ").replace(")", " "))}
    head_key = office_key(head)
    if head_key and head_key not in GENERIC_RANKS:
        keys.add(head_key)
    for extra in ([department] if department else []) + asides:
        keys.add(office_key(f"{head} {extra}"))
        if head_key in _MINISTER_RANKS and not _DEPARTMENT.search(extra):
            keys.add(office_key(f"Minister for {extra}"))
        if extra.split()[0].lower() in OFFICE_HEADS:
            keys.add(office_key(extra))
    if department and asides:
        keys.add(office_key(f"{head} {department} {asides[0]}"))
    if len(asides) > 1:
        keys.add(office_key(f"{head} {asides[0]} {asides[1]}"))
    for part in split_offices(head):
        keys |= role_keys(part)
    return keys - GENERIC_RANKS - {""}


def post_keys(role: str, department: str | None, source: str | None) -> set[str]:
    """What makes two records the same post (with the same holder and start): a shared
    title key, or for a committee its name."""
    if (source or "").endswith("committee"):
        return {"committee " + office_key(department or role)}
    return role_keys(role, department) or {office_key(role)}


def display_role(role: str, department: str | None) -> str:
    """How a post reads in a resolution: the role, with its department when that adds one."""
    role = " ".join(role.split())
    if department and norm(department) not in norm(role):
        return f"{role}, {department}"
    return role
