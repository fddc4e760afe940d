"""Pure parsers: bytes of a response in, items out. No network, no database."""


class ParseError(ValueError):
    """The response is not what its source promises (malformed, truncated, missing fields)."""


class UnsupportedDocument(ValueError):
    """A well-formed response of a kind this archive does not hold (a role page, a collection)."""
