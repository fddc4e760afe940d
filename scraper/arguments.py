"""Spider arguments (`scrapy crawl <spider> -a name=value`), parsed once and checked early.

Every spider takes the same window and URL arguments, so a cron line reads the same
whichever source it refreshes.
"""

from __future__ import annotations

import re
from pathlib import Path

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def split_urls(urls: str | None, urls_file: str | None = None) -> list[str]:
    """URLs from `-a urls=` (comma or whitespace separated) and `-a urls_file=`."""
    text = (urls or "") + "\n" + (Path(urls_file).read_text() if urls_file else "")
    return [u for u in re.split(r"[\s,]+", text) if u]


def date_argument(name: str, value: str | None) -> str | None:
    """A YYYY-MM-DD argument, refused at start rather than sent to an API that may ignore it."""
    if value is not None and not _DATE.match(value):
        raise ValueError(f"-a {name}= takes a date as YYYY-MM-DD, not {value!r}")
    return value


def flag(value: str | None, default: bool) -> bool:
    """`-a discover=yes`: 1/true/yes (any case) is on, anything else given is off."""
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")
