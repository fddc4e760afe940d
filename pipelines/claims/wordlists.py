"""Word lists written as running text, which reads and edits better than list literals."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """'said says told' -> frozenset({'said', 'says', 'told'})."""
    return frozenset(text.split())
