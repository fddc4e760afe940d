"""Reading register files, with errors that name the file.

A register refresh runs unattended; when parlparse changes a file or a download is cut
short, the message has to say which file is wrong, not just that "XML failed".
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from pipelines.speakers.model import RegisterError

ISO_DATE_LENGTH = 10
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_xml(path: Path) -> etree._Element:
    """The root element of a parlparse XML file (ISO-8859-1, as its declaration says)."""
    if not path.is_file():
        raise RegisterError(f"register file not found: {path}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise RegisterError(f"malformed register file {path}: {exc}") from exc


def read_json(path: Path, encoding: str = "utf-8") -> Any:
    """A JSON file; TheyWorkForYou's API answers are ISO-8859-1, so the caller says."""
    if not path.is_file():
        raise RegisterError(f"register file not found: {path}")
    try:
        return json.loads(path.read_bytes().decode(encoding))
    except (UnicodeDecodeError, json.JSONDecodeError, OSError) as exc:
        raise RegisterError(f"malformed register file {path}: {exc}") from exc


def iso_date(value: str | None, end: bool = False) -> str | None:
    """An ISO date from "2010-05-06", "1999" or "1999-07"; None for open or missing ends.

    A year alone is taken as its first day (or last, for an end), so a peer created
    "1999" sits from 1999-01-01: early by months at most, and long before any debate
    here.
    """
    if not value:
        return None
    value = value.strip()[:ISO_DATE_LENGTH]
    if value.startswith("9999"):
        return None
    if len(value) == 4:
        return f"{value}-12-31" if end else f"{value}-01-01"
    if len(value) == 7:
        return f"{value}-28" if end else f"{value}-01"
    return value


@lru_cache(maxsize=4096)
def _iso_text(text: str) -> str | None:
    text = text.strip()[:ISO_DATE_LENGTH]
    return text if _ISO.match(text) else None


def iso_day(value: object) -> str | None:
    """ "2011-12-14" from a date, a datetime or an ISO string; None if it is not one."""
    if isinstance(value, str):
        return _iso_text(value)
    return _iso_text(value.isoformat()) if hasattr(value, "isoformat") else None


def latest_date(values: list[str | None]) -> str | None:
    """The last real date a source mentions: when it was made, near enough."""
    dates = [v for v in values if v and not v.startswith("9999")]
    return max(dates) if dates else None


def require(element: etree._Element, attribute: str, path: Path) -> str:
    """An attribute the register cannot do without; its absence is a malformed file."""
    value = element.get(attribute)
    if not value:
        line = getattr(element, "sourceline", "?")
        raise RegisterError(f"malformed register file {path}: line {line} has no {attribute}")
    return value
