"""Run several spiders in one process, and point them at a replay server when asked.

The spiders never learn they are replayed: every `*_BASE_URL` setting names a live
host, and `replayed_settings` swaps each for the replay server's equivalent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings


def project_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    settings = get_project_settings()
    settings.setdict(dict(overrides or {}), priority="cmdline")
    return settings


def spider_names(settings: Settings | None = None) -> list[str]:
    return sorted(SpiderLoader.from_settings(settings or project_settings()).list())


def spider_class(name: str, settings: Settings | None = None) -> type:
    return SpiderLoader.from_settings(settings or project_settings()).load(name)


def replayed_settings(base_url_for: Callable[[str], str], origin: str) -> dict[str, Any]:
    """Base URLs on the replay server, and no politeness delay towards our own loopback.

    `origin` serves every host as a path prefix; it is the mirror for news pages.
    """
    settings = project_settings()
    overrides: dict[str, Any] = {
        key: base_url_for(settings.get(key)) for key in settings if key.endswith("_BASE_URL")
    }
    overrides["NEWS_MIRROR"] = origin
    overrides["REPLAY_ORIGIN"] = origin  # how spiders tell the live URL a response stands for
    overrides.update(
        AUTOTHROTTLE_ENABLED=False,
        DOWNLOAD_DELAY=0,
        CONCURRENT_REQUESTS_PER_DOMAIN=8,
        RETRY_BACKOFF_BASE=0.1,
    )
    return overrides


def run_spiders(
    spider_arguments: Mapping[str, Mapping[str, str]], overrides: Mapping[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """Crawl with each named spider (name -> its `-a` arguments), concurrently in one process.

    Returns each spider's final stats, where a run that could not write to the archive
    left its message (the run log row could not take it).
    """
    process = CrawlerProcess(project_settings(overrides))
    crawlers = {}
    for name, arguments in spider_arguments.items():
        crawlers[name] = process.create_crawler(name)
        process.crawl(crawlers[name], **arguments)
    process.start()
    return {name: c.stats.get_stats() if c.stats else {} for name, c in crawlers.items()}
