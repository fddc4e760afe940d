"""Lines that are no one's claim: site navigation, donation banners, comment boilerplate,
parliamentary procedure and questions.

The seed pages keep their page furniture ('We're raising £25,000 to keep TheyWorkForYou
running', 'Register now ...', 'Published 17 November 2010'), and extraction runs on whole
pages, so these must be recognised rather than stripped by hand beforehand. Most tests
are plain substring or prefix checks on the lower-cased sentence, which keeps this cheap.
"""

from __future__ import annotations

import re
from functools import cache

FURNITURE_PHRASES = (
    "skip to main content",
    "skip to content",
    "donate to our",
    "donate now",
    "make a donation",
    "crowdfunder",
    "we're raising £",
    "we’re raising £",
    "register now",
    "already registered",
    "have you registered",
    "share this page",
    "share this article",
    "print this page",
    "powered by disqus",
    "comments powered by",
    "as inappropriate",
    "rules for commenting",
    "before commenting",
    "cookie",
    "subscribe",
    "newsletter",
    "email bulletins",
    "follow us on",
    "alert me about debates",
    "see all updates",
    "did you enjoy this article",
    "addtoany",
    "back to top",
    "clicking this prompts",
    "for further information see our",
    "in the top right-hand corner",
    "this was published under the",
    "is this page useful",
    "report a problem with this page",
    "open government licence",
    "crown copyright",
    "all rights reserved",
)
FURNITURE_STARTS = (
    "read more",
    "photo of ",
    "published ",
    "last updated",
    "updated ",
    "part of:",
    "from:",
    "sign in",
    "sign up",
    "top",
    "comments (",
)
PROCEDURE_STARTS = (
    "order.",
    "order,",
    "order!",
    "hon. members:",
    "hon. member:",
    "hon members:",
    "question put",
    "question agreed",
    "question accordingly",
    "amendment",
    "new clause",
    "clause ",
    "schedule ",
    "bill to be",
    "resolved,",
    "resolved:",
    "ordered,",
    "ordered:",
    "division no",
    "the house divided",
    "motion made",
    "that the ",
    "that this house",
    "ayes",
    "noes",
    "the following members took",
)
QUESTION_STARTS = ("to ask ", "whether ", "how many ", "how much ", "if he will ", "if she will ")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compiled on first use: 'to keep X running' banners, and oral-question openings."""
    banner = re.compile(r"to keep \w+ running")
    question = re.compile(
        r"^what (?:steps|discussions|assessment|plans|recent|progress|estimate|action|support|"
        r"representations|measures|proportion|percentage|number|funding)\b"
    )
    return banner, question


def is_furniture(sentence: str, phrases: bool = True) -> bool:
    """Navigation, banners and boilerplate: never a claim.

    `phrases` False says the text the sentence comes from holds no furniture phrase or
    banner (`holds_furniture_phrases`), so only the sentence's opening is looked at: most
    documents have none, and the phrase search costs more than the rest.
    """
    lower = sentence.strip().lower()
    if lower.startswith(FURNITURE_STARTS) and (not lower.startswith("top") or lower == "top"):
        return True
    if not phrases:
        return False
    return _phrased(lower)


def holds_furniture_phrases(text: str) -> bool:
    """Whether any sentence of `text` may hold a furniture phrase or banner: a sentence's
    lower-cased text is a piece of the whole text's, so what is not in the one is not in
    the other."""
    lower = text.lower()
    return _phrased(lower)


def _phrased(lower: str) -> bool:
    """Whether lower-cased text holds a furniture phrase or banner."""
    return any(map(lower.__contains__, FURNITURE_PHRASES)) or bool(_patterns()[0].search(lower))


def is_procedure(sentence: str) -> bool:
    """Orders of the House, amendment lines and motions: parliamentary machinery."""
    return sentence.strip().lower().startswith(PROCEDURE_STARTS)


def is_question(sentence: str) -> bool:
    """Questions report no claim of the asker's own, even when they embed a figure."""
    stripped = sentence.strip()
    if stripped.rstrip("\"'”’)] ").endswith("?"):
        return True
    lower = stripped.lower()
    return lower.startswith(QUESTION_STARTS) or bool(_patterns()[1].match(lower))
