"""Scrapy settings: polite defaults for public sites, base URLs that point at the live hosts.

Every base URL is a setting read from the environment, so the offline demo and the
crawl tests point the spiders at the replay server without the spiders knowing.
"""

from __future__ import annotations

import os

BOT_NAME = "mutuals-archive"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"

# Live hosts; the replay server stands in for them offline.
GOVUK_BASE_URL = os.environ.get("GOVUK_BASE_URL", "https://www.gov.uk")
HANSARD_BASE_URL = os.environ.get("HANSARD_BASE_URL", "https://hansard.parliament.uk")
HANSARD_API_BASE_URL = os.environ.get("HANSARD_API_BASE_URL", "https://hansard-api.parliament.uk")
# Debate sections as the web page ("page") or the API's JSON ("json").
HANSARD_DOCUMENT_FORMAT = os.environ.get("HANSARD_DOCUMENT_FORMAT", "page")
HANSARD_SEARCH_TAKE = 50
TWFY_BASE_URL = os.environ.get("TWFY_BASE_URL", "https://www.theyworkforyou.com")
TWFY_API_KEY = os.environ.get("TWFY_API_KEY", "")  # never committed; without it, date discovery
GUARDIAN_API_BASE_URL = os.environ.get("GUARDIAN_API_BASE_URL", "https://content.guardianapis.com")
GUARDIAN_API_KEY = os.environ.get("GUARDIAN_API_KEY", "")  # never committed
# News pages come from many hosts: fetched as they are, or through a mirror that serves
# https://<host>/<path> at <mirror>/<host>/<path> (the replay server does).
NEWS_MIRROR = os.environ.get("NEWS_MIRROR", "")

CONTACT_URL = os.environ.get(
    "MUTUALS_CONTACT_URL", "https://github.com/mutuals-archive/mutuals-archive"
)
USER_AGENT = f"MutualsArchive/0.1 (+{CONTACT_URL})"

# Politeness: a good citizen of public-service websites.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = float(os.environ.get("MUTUALS_DOWNLOAD_TIMEOUT") or 30)
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry, doubling each time
RETRY_BACKOFF_MAX = 60.0  # and never longer, whatever Retry-After asks
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scraper.middlewares.BackoffRetryMiddleware": 550,
}

# Scrapy 2.19 starts a code-executing control server on 127.0.0.1 unless told not to.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Non-2xx responses reach the errback so they are logged and counted, never dropped silently.
HTTPERROR_ALLOW_ALL = False

ITEM_PIPELINES = {
    "scraper.item_pipelines.ValidatePipeline": 100,
    "scraper.item_pipelines.RelevancePipeline": 200,
    "scraper.item_pipelines.SpeakersPipeline": 400,
    "scraper.item_pipelines.StorePipeline": 900,
}
EXTENSIONS = {
    "scraper.run_log.RunLog": 500,
}

# A replay server's origin (http://127.0.0.1:PORT), set by scraper.crawl.replayed_settings.
REPLAY_ORIGIN = ""
# Process every body, even one the fetch log says was processed before.
MUTUALS_REPARSE = os.environ.get("MUTUALS_REPARSE", "") not in ("", "0")

# Distributed crawling (README): set to redis://host:6379/0, every source spider is one
# worker of a crawl shared through Redis and sends its items to the writer
# (scripts/crawl-worker, scripts/store-from-redis); unset, a normal crawl. MUTUALS_CRAWL
# names the shared crawl (default: today's date, UTC).
MUTUALS_REDIS_URL = os.environ.get("MUTUALS_REDIS_URL", "")
MUTUALS_CRAWL = os.environ.get("MUTUALS_CRAWL", "")
ADDONS = {"scraper.distributed.WorkerMode": 0}  # does nothing unless MUTUALS_REDIS_URL is set

# Where the archive is written and which topic decides relevance.
MUTUALS_DB = os.environ.get("MUTUALS_DB", "")  # empty: pipelines.config.db_path()
MUTUALS_TOPIC = os.environ.get("MUTUALS_TOPIC", "")  # empty: pipelines.config.topic_path()

LOG_LEVEL = os.environ.get("SCRAPY_LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"
LOG_FORMATTER = "scraper.log_formatter.ArchiveLogFormatter"
