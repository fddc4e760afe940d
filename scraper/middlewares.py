"""Retries that back off, so a busy public server is given time instead of more requests.

Scrapy's own RetryMiddleware re-queues a failed request at once. Parliament's and
GOV.UK's servers answer 429 and 503 when they are overloaded, often with a
Retry-After header; retrying immediately only adds to the load. This waits first:
Retry-After when the server gives one, otherwise an exponential delay, both capped.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for: "120" or an HTTP date; None if absent or bad."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(attempt: int, base: float, cap: float, retry_after: float | None) -> float:
    """Retry-After if given, else base·2^(attempt-1); never more than the cap."""
    wanted = retry_after if retry_after is not None else base * 2 ** max(attempt - 1, 0)
    return min(wanted, cap)


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that sleeps before each retry (settings RETRY_BACKOFF_BASE and _MAX)."""

    async def _wait(self, request: Request, retry: Request, retry_after: float | None) -> None:
        settings = self.crawler.settings
        attempt = retry.meta.get("retry_times", 1)
        delay = backoff_seconds(
            attempt,
            settings.getfloat("RETRY_BACKOFF_BASE", 1.0),
            settings.getfloat("RETRY_BACKOFF_MAX", 60.0),
            retry_after,
        )
        if delay > 0:
            from twisted.internet import reactor  # the one Scrapy installed, not a default

            logger.info("Waiting %.1fs before retry %d of %s", delay, attempt, request.url)
            self.crawler.stats.inc_value("retry/backoff_seconds", delay)
            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            header = response.headers.get("Retry-After")
            await self._wait(request, result, retry_after_seconds(header))
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(request, result, None)
        return result
