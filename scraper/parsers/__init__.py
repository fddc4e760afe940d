"""Pure parsers: bytes of a response in, items out. No network, no database."""

from __future__ import annotations

import json
from typing import Any


class ParseError(ValueError):
    """The response is not what its source promises (malformed, truncated, missing fields)."""


class UnsupportedDocument(ValueError):
    """A well-formed response of a kind this archive does not hold (a role page, a collection)."""


def json_object(body: bytes, what: str) -> dict[str, Any]:
    """Decode a JSON object (an API answer), or raise ParseError naming `what` was wrong."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"{what}: malformed or truncated JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ParseError(f"{what}: expected a JSON object, got {type(data).__name__}")
    return data
