"""Which kind of claim a sentence makes: funding, target, statistic or commitment.

A small rule-based classifier, cheap enough for thousands of sentences a second, in the
order a reader resolves a mixed sentence: money with a funding word is funding ('our £10m
Mutuals Support Programme'); a quantity or a deadline that someone aims, plans, expects or
is required to reach is a target ('1 million workers ... by 2015'); any other figure is a
statistic; a promise or stated intention to act, without a figure, is a commitment ('we
will make it as easy as possible'). Questions, procedure, hopes ('I hope we will'), speech
management ('I will not give way') and predictions nobody controls are not claims.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from pipelines.casefold import ascii_folded, folded_words
from pipelines.claims.quantities import Quantity
from pipelines.claims.scan import matches_at
from pipelines.claims.timeframes import Timeframe, is_future
from pipelines.claims.wordlists import words

FUNDING_CUES = (
    r"fund(?:s|ed|ing)?|invest(?:s|ed|ing|ment|ments)?|grants?|spend(?:s|ing)?|spent|"
    r"allocat\w*|provid(?:e|es|ed|ing)|budgets?|programmes?|set aside|sets aside|"
    r"commit(?:s|ted|ting)?|inject\w*|award(?:s|ed)?|announc\w*|support(?:s|ed|ing)?|"
    r"help(?:s|ed|ing)?|pump\w*|cost the taxpayer|subsid\w*|loans?|capital|contribut\w*|"
    r"earmark\w*|pledg\w*|unveil\w*|backing|backed|financ\w*|endowment|bid for|schemes?"
)
VALUE_CUES = (
    r"worth|turnover|revenues?|output|earn\w*|salar\w*|wages?|prices?|average|per arrest|"
    r"per head|per person|per pupil|borrow\w*|debts?|deficit|gdp|equates|adds? up|value of|"
    r"sales|profits?|income|less than their|more than their|cost of|gap|shortfall|"
    r"costs? the (?:nhs|economy|country|industry|councils?|businesses?)"
)
COMMIT_SUBJECT = (
    r"\b(?:we|i)\b|\b(?:the|this|my|our|her majesty's|his majesty's)\s+government\b|"
    r"\bgovernment\b|\bministers\b|\bthe minister\b|"
    r"\b(?:the|my|our|each|every|this|all)\s+(?:government\s+)?departments?\b|\bdepartments\b|"
    r"\bthe (?:cabinet|home) office\b|\bthe treasury\b|\bthe prime minister\b|"
    r"\bthe secretary of state\b"
)
ADVERBS = (
    r"(?:[\s,]+(?:\w+ly|also|now|still|then|therefore|further|of course|thus|both|all|too|"
    r"indeed|not|never|already|soon|shortly|together|jointly))*"
)
# What the Government "are now ..." doing counts as a promise to do it.
UNDER_WAY = (
    "introducing",
    "increasing",
    "expanding",
    "extending",
    "creating",
    "establishing",
    "launching",
    "investing",
    "providing",
    "bringing forward",
    "legislating",
    "setting up",
    "putting in place",
    "doubling",
    "giving",
    "going ahead with",
    "pressing ahead with",
    "working to",
)
MODALS = (
    r"will|shall|'ll|’ll|are going to|am going to|is going to|are to|is to|intend to|"
    r"intends to|plan to|plans to|aim to|aims to|want to|wants to|wish to|"
    r"(?:are|is|am|remain|remains|have|has)\s+(?:\w+ly\s+|also\s+)?committed to|"
    r"(?:are|is|am)\s+determined to|pledge to|promise to|undertake to|"
    rf"(?:are|is)\s+(?:now\s+)?(?:{'|'.join(UNDER_WAY)})"
)
PASSIVE_PARTICIPLES = (
    r"introduced|established|published|placed|given|created|launched|set up|provided|extended|"
    r"brought forward|made available|expected to|awarded|supported|encouraged|"
    r"taken into account|considered|put in place|abolished|offered|reviewed|required|funded|"
    r"allocated|delivered|implemented|legislated|changed|amended|strengthened|increased|"
    r"expanded|rolled out|opened|appointed|protected|guaranteed|replaced|scrapped|reformed|"
    r"simplified|invited|consulted|updated|enabled|empowered|allowed"
)
NON_ACTION = words(
    "be need needs see find know hear understand have get come go seem feel note recognise "
    "recognize appreciate all forgive remember recall bear wait watch learn agree probably "
    "doubtless likely only wonder imagine discover realise realize"
)
SPEECH = (
    r"give way|take (?:any |no )?(?:more |further )?interventions?|dwell|trouble|call|name|"
    r"mention|turn|say|speak|conclude|finish|end|repeat|quote|read|refer|return|move on|"
    r"make (?:a|the|my|this|that|one|two|three|some) (?:\w+ )?points?|raise|ask|thank|"
    r"pay tribute|welcome|(?:respond|reply) to (?:that|this|the|his|her|those|these) "
    r"(?:\w+ )?(?:points?|questions?|interventions?|remarks|comments|debate)|reply|explain|"
    r"illustrate|touch on|talk|begin by|start by|"
    r"put it|try to be|be brief|come back|give (?:an|one|two|some) examples?|answer|"
    r"address (?:that|this|the) point|let|remind|confine|focus|outline|summarise|sum up|"
    r"take (?:this|the) opportunity|sound|put on (?:the )?record|place on (?:the )?record|"
    r"emphasise|emphasize|stress|highlight|draw (?:\w+ )?attention|congratulate|be clear|"
    r"make (?:it |this |that )?clear|reassure|assure|add|acknowledge|express|record|"
    r"discuss|point out|deal with (?:the|that|those|these|his|her|each) (?:\w+ )?points?|"
    r"move (?:amendment|new clause|that|the motion)|leave it (?:there|at that)|suspend|"
    r"(?:support|oppose|accept|reject|press|withdraw|vote for|vote against) (?:it|them|this|"
    r"that|the amendment|this amendment|the motion|the new clause|new clause|amendment)\b"
)
FUTURE_CUES = (
    r"will|shall|would|'ll|’ll|going to|expects?|expected|aims?|targets?|goal|ambition|plans?|"
    r"planned|intends?|intended|should|wants?|hope to see|hopes to see|set to|on track|"
    r"recommends?|recommended|commit(?:s|ted)?|pledge[sd]?|promise[sd]?|is to|are to"
)
GOAL_VERBS = (
    r"fund|train|create|build|deliver|help|support|reach|recruit|employ|give|double|halve|"
    r"treble|triple|increase|cut|reduce|discount|provide|open|launch|hire|invest|raise|save|"
    r"lift|bring|join|spin|establish|appoint|plant|house|resettle|take on"
)


# Words the patterns above cannot match without (see `_may_commit`): a word a pattern gains
# must be added here too; tests/test_claims_word_tests.py checks them on labelled sentences.
COMMIT_SUBJECT_WORDS = words(
    "we i government ministers minister departments department office treasury state"
)
# The words COMMIT_SUBJECT's alternatives begin with, where a commitment may begin.
SUBJECT_STARTS = (
    "departments",
    "government",
    "ministers",
    "every",
    "each",
    "this",
    "the",
    "our",
    "her",
    "his",
    "all",
    "we",
    "my",
    "i",
)
MODAL_WORDS = words(
    "will shall ll are am is intend intends plan plans aim aims want wants wish remain remains "
    "have has pledge promise undertake"
)
PASSIVE_AUXILIARIES = words("will shall would is are")
REPORTED_WORDS = words("said says told added announced stated insisted confirmed")
ANNOUNCE_WORDS = words(
    "unveil unveils unveiled announce announces announced launch launches launched"
)
PROMISE_WORDS = words(
    "promise promises promised pledge pledges pledged vow vows vowed undertake undertakes undertook"
)
# Tighter, per pattern (see `_gates`): a phrase of the folded text one of MODALS holds; the
# subjects and modals of REPORTED; the first word of each participle and goal verb; the
# nouns of TARGET_NOUN and the verbs of INTENT.
MODAL_CUES = (
    "will",
    "shall",
    "'ll",
    "’ll",
    "going to",
    "are to",
    "is to",
    "intend",
    "plan",
    "aim",
    "want",
    "wish to",
    "committed to",
    "determined to",
    "pledge to",
    "promise to",
    "undertake to",
    *UNDER_WAY,
)
REPORTED_SUBJECT_WORDS = words("he she they government ministers department")
REPORTED_MODAL_WORDS = words("wanted would was were intended planned will is")
PARTICIPLE_WORDS = frozenset(p.split()[0] for p in PASSIVE_PARTICIPLES.split("|"))
TARGET_NOUN_WORDS = words("target targets aim goal ambition objective pledge requirement quota")
INTENT_WORDS = words(
    "intend intends plan plans aim aims expect expects expected hope hopes want wants set "
    "pledged committed track"
)
GOAL_AUXILIARIES = words("will would shall to")
GOAL_WORDS = frozenset(v.split()[0] for v in GOAL_VERBS.split("|"))


@dataclass(frozen=True)
class Verdict:
    """The kind of a sentence, how sure the rule is, and where its cue starts."""

    kind: str
    confidence: float
    negated: bool = False
    cue: int = 0


@dataclass(frozen=True)
class _Patterns:
    funding: re.Pattern[str]
    value: re.Pattern[str]
    commit: re.Pattern[str]
    passive: re.Pattern[str]
    announce: re.Pattern[str]
    promise: re.Pattern[str]
    reported: re.Pattern[str]
    speech: re.Pattern[str]
    hedge: re.Pattern[str]
    target_hedge: re.Pattern[str]
    coordinator: re.Pattern[str]
    future: re.Pattern[str]
    target_noun: re.Pattern[str]
    intent: re.Pattern[str]
    goal: re.Pattern[str]
    negation: re.Pattern[str]
    clause_break: re.Pattern[str]
    subject_start: re.Pattern[str]


ANNOUNCE = (
    r"\b(?:unveil(?:s|ed)?|announc(?:e|es|ed)|launch(?:es|ed)?)\s+"
    r"(?:(?:a|an|the|its|his|her|our|their)\s+)?"
    r"(?:new|further|additional|extra|ambitious|major)?\s*(?:[\w'’-]+\s+)?"
    r"(?:support|funding|plans?|measures|programme|scheme|rights?|package|fund|strategy|"
    r"polic(?:y|ies)|reforms?|legislation|proposals|initiative)\b"
)
PROMISE = (
    r"\b(?:promis(?:e|es|ed)|pledg(?:e|es|ed)|vow(?:s|ed)?|undert(?:ake|akes|ook) to)\s+"
    r"(?:to\s+\w+|that\b|\w+ing\b|an?\s|new\b|more\b|further\b)"
)
REPORTED = (
    r"\b(?:said|says|told \w+|added|announced|stated|insisted|confirmed)\s+(?:that\s+)?"
    r"(?:he|she|they|the government|ministers|the department)\s+"
    r"(?:wanted to|would|was going to|were going to|intended to|planned to|"
    r"was committed to|were committed to|will|is to|was to)\s+"
    r"([\w'’-]+(?:\s+[\w'’-]+){0,3})"
)
HEDGE = (
    r"\b(?:(?:i|we)\s+(?:very\s+much\s+|certainly\s+)?(?:hope|trust|wish|would like|suspect|"
    r"fear|am sure|am confident|believe)|hopefully|i am concerned|perhaps|unless|whether)\b"
)
TARGET_NOUN = (
    r"\b(?:targets?|aim|goal|ambition|objective|pledge|requirement|quota)\b"
    r"(?:\s+[\w'’-]+){0,3}?\s+(?:of|is|was|to|for|that)\b"
)
INTENT = (
    r"\b(?:intends?|plans?|aims?|expects?|expected|hopes?|wants?|is set|are set|pledged|"
    r"committed|on track)\s+(?:to|there to be|for)\b"
)
# 'believed to employ 20,000' reports a figure; 'to employ 20,000' would aim at one.
NOT_AIMED = "".join(
    f"(?<!{w} )"
    for w in ("believed", "thought", "said", "reported", "estimated", "likely", "able", "used")
)


@cache
def _patterns() -> _Patterns:
    """Compiled on first use."""

    def rx(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern, re.IGNORECASE)

    act = r"([\w'’-]+(?:\s+[\w'’-]+){0,3})"
    return _Patterns(
        funding=rx(rf"\b(?:{FUNDING_CUES})\b"),
        value=rx(rf"\b(?:{VALUE_CUES})\b"),
        commit=rx(
            rf"(?:{COMMIT_SUBJECT}){ADVERBS}(?:\s+|(?=['’]ll))(?:{MODALS})\b{ADVERBS}\s+{act}"
        ),
        passive=rx(
            r"\b(?:will|shall|would|is to|are to)\s+(?:(?:\w+ly|also|now|then|not|only)\s+)*"
            rf"be\s+(?:(?:\w+ly|also|now)\s+)*(?:{PASSIVE_PARTICIPLES})\b"
        ),
        announce=rx(ANNOUNCE),
        promise=rx(PROMISE),
        reported=rx(REPORTED),
        speech=rx(rf"^(?:{SPEECH})\b"),
        hedge=rx(HEDGE),
        target_hedge=rx(r"\b(?:unless|hopefully|i hope|we hope|i trust)\b"),
        coordinator=rx(r",\s*(?:and|but)\s|;\s|\bbut\s"),
        future=rx(rf"\b(?:{FUTURE_CUES})\b"),
        target_noun=rx(TARGET_NOUN),
        intent=rx(INTENT),
        goal=rx(
            rf"{NOT_AIMED}\b(?:will|would|shall|to)\s+(?:(?:\w+ly|also|now|then|further)\s+)?"
            rf"(?:{GOAL_VERBS})\b"
        ),
        negation=rx(r"\b(?:not|never|no)\b"),
        clause_break=rx(r"[,;:]"),
        # case-sensitive, for folded text: a word between non-letters
        subject_start=re.compile(rf"(?<![a-z])(?:{'|'.join(SUBJECT_STARTS)})(?![a-z])"),
    )


def classify(
    sentence: str, quantities: list[Quantity], deadline: Timeframe | None, ref: date | None
) -> Verdict | None:
    """The kind of claim `sentence` makes, or None when it makes none."""
    if _is_funding(sentence, quantities):
        return Verdict("funding", 0.85 if _strong_funding(sentence) else 0.7)
    target = _target(sentence, quantities, deadline, ref)
    if target is not None:
        return target
    if quantities:
        has_unit = any(q.unit for q in quantities)
        return Verdict("statistic", 0.8 if has_unit else 0.6)
    return commitment(sentence)


def _is_funding(sentence: str, quantities: list[Quantity]) -> bool:
    """Money, a funding word, and no 'worth'/'turnover' in the money's own clause."""
    money = [q for q in quantities if q.kind == "money"]
    if not money or not _patterns().funding.search(sentence):
        return False
    return any(not _patterns().value.search(_clause(sentence, q.start, q.end)) for q in money)


def _strong_funding(sentence: str) -> bool:
    return bool(
        re.search(
            r"\b(?:fund|invest|grant|spend|spent|budget|allocat|programme)", sentence, re.IGNORECASE
        )
    )


def _target(
    sentence: str, quantities: list[Quantity], deadline: Timeframe | None, ref: date | None
) -> Verdict | None:
    """A quantity or a deadline that someone aims, plans, expects or is required to reach."""
    p = _patterns()
    for pattern, confidence in _aims(sentence) if quantities else ():
        for match in pattern.finditer(sentence):
            if _value_follows(sentence, quantities, match, pattern is p.intent):
                return Verdict(
                    "target", confidence, _negated(sentence, match.start()), match.start()
                )
    if deadline is None or p.target_hedge.search(sentence):
        return None
    text = deadline.text.lower()
    absolute = bool(re.match(r"(?:by|before|no later than)\b", text))
    window = (
        sentence if absolute else _around(sentence, deadline, 50, not text.startswith("within"))
    )
    future = p.future.search(window)
    if future or (absolute and is_future(deadline.when, ref) and not _past_tense(sentence)):
        cue = deadline.start
        return Verdict("target", 0.75 if quantities else 0.65, _negated(sentence, cue), cue)
    return None


def _aims(sentence: str) -> list[tuple[re.Pattern[str], float]]:
    """The target patterns, with their confidence, that the sentence has the words for.

    Each word is one its pattern matches between non-word characters (so one of
    `folded_words`): a target noun ('target', 'aim'), a verb of intent ('plans',
    'expected'), or 'will'/'to' and a goal verb ('to create').
    """
    words = folded_words(sentence)
    p = _patterns()
    aims = []
    if _each(words, TARGET_NOUN_WORDS):
        aims.append((p.target_noun, 0.8))
    if _each(words, INTENT_WORDS):
        aims.append((p.intent, 0.75))
    if _each(words, GOAL_AUXILIARIES, GOAL_WORDS):
        aims.append((p.goal, 0.7))
    return aims


def _around(sentence: str, span: Timeframe, reach: int, after: bool) -> str:
    """Up to `reach` characters before a relative deadline ('we will do it within six
    months') and, unless it is 'within', after it too ('this year will bring')."""
    left = sentence[max(0, span.start - reach) : span.start].rsplit(";", 1)[-1]
    right = sentence[span.end : span.end + reach].split(";", 1)[0] if after else ""
    return f"{left} {span.text} {right}"


def _value_follows(
    sentence: str, quantities: list[Quantity], match: re.Match[str], tight: bool
) -> bool:
    """A figure after the cue, within its phrase (no clause break when `tight`)."""
    index = bisect_left([q.start for q in quantities], match.start())
    if index == len(quantities) or quantities[index].start - match.end() > 80:
        return False
    following = quantities[index]
    return not (tight and _patterns().clause_break.search(sentence, match.end(), following.start))


def _past_tense(sentence: str) -> bool:
    return bool(re.search(r"\b(?:had|was|were|did)\b", sentence, re.IGNORECASE))


def _negated(sentence: str, cue: int) -> bool:
    window = sentence[max(0, cue - 30) : cue + 12]
    return bool(_patterns().negation.search(window))


def commitment(sentence: str) -> Verdict | None:
    """A promise or stated intention to act by the speaker's side or a named actor."""
    words = folded_words(sentence)
    if not _may_commit(words):
        return None
    p = _patterns()
    folded = ascii_folded(sentence)
    gates = _gates(words, folded)
    for match in _commit_matches(sentence, folded) if gates.commit else ():
        if _hedged(sentence, match.start()) or not _acts(match.group(1)):
            continue
        return Verdict("commitment", 0.75, _will_not(match.group(0)), match.start())
    for match in p.reported.finditer(sentence) if gates.reported else ():
        if _acts(match.group(1)):
            return Verdict("commitment", 0.65, _will_not(match.group(0)), match.start())
    for pattern, needed in (
        (p.passive, gates.passive),
        (p.announce, gates.announce),
        (p.promise, gates.promise),
    ):
        match = pattern.search(sentence) if needed else None
        if match and not _hedged(sentence, match.start()):
            return Verdict("commitment", 0.65, _will_not(match.group(0)), match.start())
    return None


def _commit_matches(sentence: str, folded: str) -> Iterator[re.Match[str]]:
    """`commit.finditer(sentence)`, tried only where a subject may begin: at a word of
    SUBJECT_STARTS in the folded text (`ascii_folded`), which holds every word the
    case-insensitive pattern finds, where the sentence has it."""
    starts = (m.start() for m in _patterns().subject_start.finditer(folded))
    return matches_at(_patterns().commit, sentence, starts)


def _may_commit(words: frozenset[str]) -> bool:
    """Whether the sentence has the words one of the commitment patterns needs.

    Most sentences make no promise, and these set tests cost a fraction of the scans by
    the patterns. Each word is one a pattern matches between non-word characters (so it
    is one of `folded_words`): a subject and a modal ('we ... will'), a reporting verb,
    'will ... be', or an announcing or promising verb.
    """
    return (
        bool(words & COMMIT_SUBJECT_WORDS and words & MODAL_WORDS)
        or not words.isdisjoint(REPORTED_WORDS)
        or bool("be" in words and words & PASSIVE_AUXILIARIES)
        or not words.isdisjoint(ANNOUNCE_WORDS)
        or not words.isdisjoint(PROMISE_WORDS)
    )


class _Gates(NamedTuple):
    """Which commitment patterns the sentence has the words for."""

    commit: bool
    reported: bool
    passive: bool
    announce: bool
    promise: bool


def _gates(words: frozenset[str], folded: str) -> _Gates:
    """Per pattern, the test of `_may_commit` made tighter, so that a pattern runs only on
    sentences it may match: most sentences with 'we' and 'is' make no promise.

    `words` are the sentence's `folded_words` and `folded` its `ascii_folded` text, which
    holds every phrase a case-insensitive pattern finds (MODAL_CUES).
    """
    return _Gates(
        commit=_each(words, COMMIT_SUBJECT_WORDS) and any(map(folded.__contains__, MODAL_CUES)),
        reported=_each(words, REPORTED_WORDS, REPORTED_SUBJECT_WORDS, REPORTED_MODAL_WORDS),
        passive=_each(words, {"be"}, PASSIVE_AUXILIARIES, PARTICIPLE_WORDS),
        announce=_each(words, ANNOUNCE_WORDS),
        promise=_each(words, PROMISE_WORDS),
    )


def _each(words: frozenset[str], *needed: frozenset[str] | set[str]) -> bool:
    """Whether `words` holds a word of each set in `needed`."""
    return not any(map(words.isdisjoint, needed))


def _hedged(sentence: str, cue: int) -> bool:
    """'I hope that ... we will', 'If the Government are committed': not a promise.

    A hope counts within the cue's clause (back to ', and', ', but' or ';'); an 'if' only
    when no comma separates it from the cue (the cue is inside the condition).
    """
    prefix = sentence[:cue]
    breaks = list(_patterns().coordinator.finditer(prefix))
    scope = prefix[breaks[-1].end() :] if breaks else prefix
    if _patterns().hedge.search(scope):
        return True
    condition = prefix.lower().rfind("if ")
    return (
        condition >= 0
        and (condition == 0 or not prefix[condition - 1].isalpha())
        and "," not in prefix[condition:]
    )


def _acts(following: str) -> bool:
    """The words after 'we will' name an action, not a speech act or a state."""
    words = following.lower().replace("’", "'").split()
    while words and (
        words[0] in ("not", "also", "then", "now", "never", "of", "course")
        or words[0].endswith("ly")
    ):
        words = words[1:]
    if not words:
        return False
    rest = " ".join(words)
    if _patterns().speech.match(rest):
        return False
    if words[0] == "be":
        return len(words) > 1 and (
            words[1].endswith("ing") or bool(_patterns().passive.search("will " + rest))
        )
    return words[0] not in NON_ACTION


def _will_not(phrase: str) -> bool:
    return bool(
        re.search(r"\b(?:will|shall|would)\s+(?:\w+\s+)?not\b|\bnever\b", phrase, re.IGNORECASE)
    )


def _clause(sentence: str, start: int, end: int) -> str:
    """The comma-bounded stretch of the sentence around [start, end)."""
    breaks = ",;:()—–"
    left = max(sentence.rfind(ch, 0, start) for ch in breaks)
    rights = [i for i in (sentence.find(ch, end) for ch in breaks) if i >= 0]
    return sentence[left + 1 : min(rights) if rights else len(sentence)]


def clause_of(sentence: str, start: int, end: int) -> str:
    """Public alias: the metrics use the same clause a figure's kind was judged on."""
    return _clause(sentence, start, end)
