"""Normalising printed names: one comparable form for every way a name is written.

Hansard, TheyWorkForYou and the register write the same person as "Mr. Francis Maude",
"Francis Maude MP", "Th&#233;r&#232;se Coffey" or "Lembit Öpik"; everything here turns
such text into lower-case ASCII words so that lookups are plain dictionary hits. The
functions are pure and cached, because the same labels recur thousands of times.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_APOSTROPHES = re.compile(r"['\u2018\u2019`\u00b4]")
_DASHES = re.compile(r"[-\u2010-\u2015]")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")

# Honorifics and ranks printed before a name; the first word says the gender when it can.
PREFIXES: dict[str, str | None] = {
    "the rt hon": None,
    "the right hon": None,
    "the right honourable": None,
    "rt hon": None,
    "right hon": None,
    "right honourable": None,
    "the hon": None,
    "hon": None,
    "honourable": None,
    "mr": "male",
    "mrs": "female",
    "ms": "female",
    "miss": "female",
    "madam": "female",
    "madame": "female",
    "mx": None,
    "dr": None,
    "doctor": None,
    "sir": "male",
    "dame": "female",
    "lady": "female",
    "prof": None,
    "professor": None,
    "rev": None,
    "revd": None,
    "reverend": None,
    "colonel": None,
    "col": None,
    "major": None,
    "captain": None,
    "capt": None,
    "lieutenant": None,
    "commander": None,
    "admiral": None,
    "general": None,
}
_PREFIX_ORDER = sorted(PREFIXES, key=lambda p: -len(p))
# Letters after a name: parliamentary, legal, honours and degrees.
SUFFIXES = frozenset(
    [
        "mp",
        "qc",
        "kc",
        "obe",
        "mbe",
        "cbe",
        "kbe",
        "dbe",
        "frs",
        "pc",
        "jp",
        "bt",
        "bart",
        "kcmg",
        "gcmg",
        "cmg",
        "kcb",
        "gcb",
        "cb",
        "kcvo",
        "gcvo",
        "cvo",
        "lvo",
        "mvo",
        "phd",
        "dl",
        "td",
        "vc",
        "dso",
        "mc",
        "frcs",
        "frcp",
        "msp",
        "mla",
        "am",
    ]
)
PEER_TITLES = {
    "lord": "male",
    "baroness": "female",
    "lady": "female",
    "earl": "male",
    "countess": "female",
    "viscount": "male",
    "viscountess": "female",
    "marquess": "male",
    "marchioness": "female",
    "duke": "male",
    "duchess": "female",
    "bishop": None,
    "archbishop": None,
}
_COLLECTIVE = re.compile(
    r"^(an? |several |some |many |all |other |both )?"
    r"((right |rt )?hon(ourable)? |noble |and |learned |gallant )*"
    r"(members?|lords?|ladies|gentlemen|baronesses|peers|interruption)$"
)
# A label naming a seat, e.g. "The hon. Member for Edinburgh South".
MEMBER_FOR = re.compile(
    r"^((right |rt )?hon(ourable)? )?((and )?(learned|gallant) )*"
    r"(member|gentleman|lady|friend) for (?P<seat>.+)$"
)
# Familiar and formal forms of the same given name (both directions are used).
NICKNAMES: dict[str, tuple[str, ...]] = {
    "alexander": ("alex", "sandy"),
    "andrew": ("andy", "drew"),
    "anthony": ("tony",),
    "benjamin": ("ben",),
    "catherine": ("cathy", "kate", "kath"),
    "charles": ("charlie", "chas"),
    "christopher": ("chris",),
    "christine": ("chris",),
    "daniel": ("dan", "danny"),
    "david": ("dave", "dai"),
    "deborah": ("debbie", "debra"),
    "donald": ("don",),
    "douglas": ("doug",),
    "edward": ("ed", "eddie", "ted"),
    "elizabeth": ("liz", "beth", "betty"),
    "frederick": ("fred",),
    "geoffrey": ("geoff",),
    "gerald": ("gerry",),
    "gregory": ("greg",),
    "helen": ("nell",),
    "ian": ("iain",),
    "james": ("jim", "jimmy", "jamie"),
    "jennifer": ("jenny", "jen"),
    "john": ("jack", "johnny"),
    "jonathan": ("jon", "jonny"),
    "joseph": ("joe",),
    "katherine": ("kate", "kathy", "kath"),
    "kenneth": ("ken", "kenny"),
    "lawrence": ("laurie", "lawrie", "larry"),
    "margaret": ("maggie", "peg", "meg"),
    "matthew": ("matt",),
    "michael": ("mike", "mick", "mickey"),
    "nicholas": ("nick", "nic", "nicky"),
    "patricia": ("pat", "trish"),
    "patrick": ("pat", "paddy"),
    "peter": ("pete",),
    "philip": ("phil",),
    "phillip": ("phil",),
    "rebecca": ("becky",),
    "richard": ("rick", "dick", "richie"),
    "robert": ("rob", "bob", "bobby", "robbie"),
    "ronald": ("ron", "ronnie"),
    "samuel": ("sam",),
    "stephen": ("steve",),
    "steven": ("steve",),
    "susan": ("sue", "susie"),
    "thomas": ("tom", "tommy"),
    "timothy": ("tim",),
    "vincent": ("vince",),
    "william": ("bill", "will", "willie", "billy"),
}


@lru_cache(maxsize=65536)
def norm(text: str | None) -> str:
    """Lower-case ASCII words: accents, entities, apostrophes and punctuation removed.

    >>> norm("Th&amp;#233;r&amp;#232;se  Coffey")
    'therese coffey'
    >>> norm("Mr. Stephen O'Brien")
    'mr stephen obrien'
    """
    if not text:
        return ""
    text = html.unescape(html.unescape(text.replace("&amp;", "&")))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _APOSTROPHES.sub("", text).replace("&", " and ")
    text = _NON_WORD.sub(" ", _DASHES.sub(" ", text.replace(".", " ")))
    return _SPACES.sub(" ", text).strip()


def drop_the(text: str) -> str:
    """Leading "the" carries nothing: "The Earl of Onslow" is "Earl of Onslow", and "The
    Lord Bishop of Winchester" is the "Bishop of Winchester" of the register."""
    text = text[4:] if text.startswith("the ") else text
    for printed, registered in (("lord bishop ", "bishop "), ("lord archbishop ", "archbishop ")):
        if text.startswith(printed):
            return registered + text[len(printed) :]
    return text


@dataclass(frozen=True)
class NameText:
    """One part of a label in comparable forms."""

    full: str  # normalised, leading "the" dropped: "mr francis maude"
    bare: str  # honorifics and post-nominals dropped: "francis maude"
    gender: str | None  # hinted by an honorific ("mr", "madam"...)
    has_prefix: bool  # an honorific was printed ("Mr Maude" may be a surname alone)

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.bare.split())


@lru_cache(maxsize=65536)
def name_text(text: str) -> NameText:
    """Split honorifics off a normalised name ("rt hon sir john smith mp" -> "john smith")."""
    full = drop_the(norm(text))
    bare, gender, has_prefix = full, None, False
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIX_ORDER:
            if bare.startswith(prefix + " "):
                bare, changed, has_prefix = bare[len(prefix) + 1 :], True, True
                gender = gender or PREFIXES[prefix]
                break
    words = bare.split()
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return NameText(full, " ".join(words), gender, has_prefix)


def is_collective(text: str) -> bool:
    """ "Hon. Members", "Several hon. Members", "Noble Lords": nobody in particular."""
    return bool(_COLLECTIVE.match(norm(text)))


@lru_cache(maxsize=4096)
def given_forms(given: str) -> frozenset[str]:
    """A given name with its familiar or formal equivalents ("nick" -> nicholas, nic...)."""
    forms = {given}
    for formal, familiar in NICKNAMES.items():
        if given == formal or given in familiar:
            forms.add(formal)
            forms.update(familiar)
    return frozenset(forms)


def given_match(label_given: str, register_given: tuple[str, ...]) -> int:
    """How well a printed first name fits a register one: 3 same, 2 familiar form, 1 initial."""
    if not register_given:
        return 0
    first = register_given[0]
    if label_given == first or label_given in register_given[1:2]:
        return 3
    if len(label_given) > 1 and first in given_forms(label_given):
        return 2
    return 1 if len(label_given) == 1 and first.startswith(label_given) else 0


def norm_constituency(text: str | None) -> str:
    """ "Hackney North & Stoke Newington" and "Hackney North and Stoke Newington" agree."""
    return norm(text)


PARTY_CODES = {
    "conservative": "Con",
    "conservative party": "Con",
    "labour": "Lab",
    "labour party": "Lab",
    "labour co operative": "Lab/Co-op",
    "labour and co operative": "Lab/Co-op",
    "liberal democrat": "LDem",
    "liberal democrats": "LDem",
    "scottish national party": "SNP",
    "plaid cymru": "PC",
    "democratic unionist party": "DUP",
    "sinn fein": "SF",
    "social democratic and labour party": "SDLP",
    "ulster unionist party": "UUP",
    "green": "Green",
    "green party": "Green",
    "uk independence party": "UKIP",
    "independent": "Ind",
    "speaker": "SPK",
    "crossbench": "XB",
    "bishops": "Bp",
    "bishop": "Bp",
    "alliance": "Alliance",
    "respect": "Res",
}


def party_code(party: str | None) -> str | None:
    """One vocabulary for parties: parlparse's short forms ("Conservative" -> "Con")."""
    if not party:
        return None
    return PARTY_CODES.get(norm(party), party.strip())
