"""Text out of HTML the way every source needs it: inline text joined, whitespace folded."""

from __future__ import annotations

from typing import Any

SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head"})


def normalise_space(text: str) -> str:
    """Collapse whitespace runs (non-breaking spaces included) to single spaces."""
    return " ".join(text.split())


def inline_text(element: Any) -> str:
    """Text of an inline element and its children; <br> counts as a space."""
    if element.tag == "br":
        return " "
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in SKIPPED_TAGS:
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
