"""The outlets of `sources.yml`: who they are and how their articles are found.

Adding an outlet is an entry in that file, not new code; the news spider reads it
through `load_sources()`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from pipelines.config import REPO_ROOT
from scraper.parsers.news import Outlet, normalise_url


class SourcesError(ValueError):
    """sources.yml is missing or malformed."""


@dataclass(frozen=True)
class OutletSource:
    outlet: Outlet
    articles: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    guardian_api: bool = False
    hosts: frozenset[str] = field(default_factory=frozenset)


def sources_path() -> Path:
    value = os.environ.get("MUTUALS_SOURCES")
    return Path(value) if value else REPO_ROOT / "sources.yml"


def _host(url: str) -> str:
    """The host an outlet is known by: old aliases (guardian.co.uk) folded, "www." dropped."""
    return (urlsplit(normalise_url(url)).hostname or "").removeprefix("www.")


def _outlet_source(entry: dict) -> OutletSource:
    outlet = Outlet(
        name=str(entry["name"]),
        home=str(entry["home"]),
        licence=entry.get("licence"),
        body_xpath=entry.get("body_xpath"),
        date_xpath=entry.get("date_xpath"),
        author_xpath=entry.get("author_xpath"),
        drop_xpaths=tuple(entry.get("drop_xpaths") or ()),
    )
    return OutletSource(
        outlet=outlet,
        articles=tuple(entry.get("articles") or ()),
        feeds=tuple(entry.get("feeds") or ()),
        sitemaps=tuple(entry.get("sitemaps") or ()),
        guardian_api=bool(entry.get("guardian_api")),
        hosts=frozenset({_host(outlet.home)}),
    )


@lru_cache(maxsize=4)
def load_sources(path: str | None = None) -> tuple[OutletSource, ...]:
    """Read sources.yml once per process; errors name the file."""
    file = Path(path) if path else sources_path()
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        return tuple(_outlet_source(entry) for entry in data["outlets"])
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise SourcesError(f"cannot read news sources from {file}: {exc!r}") from exc


def outlet_for(url: str, sources: tuple[OutletSource, ...]) -> OutletSource | None:
    """The outlet an article URL belongs to, by its host."""
    host = _host(url)
    return next((s for s in sources if host in s.hosts), None)
