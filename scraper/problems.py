"""Reporting what went wrong in a crawl: logged with its URL, counted, and kept in the archive.

Spiders call `report()`; the run log extension listens for the signal and writes a
`scrape_events` row, so a cron operator can list every failure of a run by URL.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.error import (
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed

from pipelines.store import is_unwritable

logger = logging.getLogger(__name__)

# Custom signal: problem_reported(kind: str, url: str, reason: str, error: bool)
problem_reported = object()


def report(crawler: Crawler, kind: str, url: str, reason: str, *, error: bool = True) -> None:
    """Log, count and announce one problem.

    Errors (the source failed us) count under `errors/`; skips (a well-formed response
    the archive does not hold, such as a role page) count under `skipped/`.
    """
    group = "errors" if error else "skipped"
    logger.log(
        logging.WARNING if error else logging.INFO, "%s %s: %s (%s)", group, kind, url, reason
    )
    stats = crawler.stats
    if stats is not None:
        stats.inc_value(f"{group}/count")
        stats.inc_value(f"{group}/{kind}")
    crawler.signals.send_catch_log(problem_reported, kind=kind, url=url, reason=reason, error=error)


def describe_failure(failure: Failure) -> tuple[str, str, str]:
    """(kind, url, reason) for a failed request, in words an operator understands."""
    request = getattr(failure, "request", None)
    url = request.url if request is not None else "?"
    if failure.check(HttpError):
        response = failure.value.response
        return "http_error", response.url, f"HTTP {response.status}"
    if failure.check(DownloadTimeoutError, TimeoutError, TCPTimedOutError):
        return "timeout", url, "no response before the download timeout"
    if failure.check(DownloadConnectionRefusedError, CannotResolveHostError):
        return "unreachable", url, failure.getErrorMessage()
    if failure.check(ConnectionRefusedError, DNSLookupError):
        return "unreachable", url, failure.getErrorMessage()
    if failure.check(ResponseDataLossError, DownloadFailedError, ConnectionLost, ResponseFailed):
        return "connection_lost", url, "the connection closed before the response was complete"
    return "download_error", url, f"{failure.type.__name__}: {failure.getErrorMessage()}"


@contextmanager
def stop_if_unwritable(crawler: Crawler, doing: str, stop: bool = True) -> Iterator[None]:
    """Turn a write the archive refused into `archive_unwritable`; other errors pass."""
    try:
        yield
    except sqlite3.Error as exc:
        if not is_unwritable(exc):
            raise
        archive_unwritable(crawler, exc, doing, stop)


def archive_unwritable(crawler: Crawler, exc: BaseException, doing: str, stop: bool = True) -> str:
    """The archive refused a write (disk full, locked, read-only): stop the crawl.

    Every document written so far stays whole (each has its own transaction); what this
    run could not write is fetched again next time. The message goes into the stats,
    where `scripts/refresh` finds it for the cron mail, since the archive cannot take it.
    """
    message = f"the archive could not be written ({doing}): {exc}"
    if crawler.stats is not None and not crawler.stats.get_value("archive/unwritable"):
        logger.error("%s; stopping the crawl", message)
        crawler.stats.set_value("archive/unwritable", message)
        crawler.stats.inc_value("errors/count")
        crawler.stats.inc_value("errors/archive_unwritable")
    engine = crawler.engine
    if stop and engine is not None and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason="archive_unwritable"))
    return message
