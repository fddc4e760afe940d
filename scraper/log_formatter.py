"""Log a dropped item as one line with its URL and reason, not the whole document."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class ArchiveLogFormatter(LogFormatter):
    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        url = getattr(item, "url", None) or getattr(response, "url", "?")
        return {
            "level": logging.INFO,
            "msg": "Dropped %(url)s: %(reason)s",
            "args": {"url": url, "reason": exception},
        }
