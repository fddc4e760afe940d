"""One distributed crawl's shared state in Redis, per spider, and how workers and the writer use it.

Keys, under `mutuals:<crawl>:<spider>:`

    requests   sorted set  the shared request queue (scrapy-redis's PriorityQueue)
    seen       set         fingerprints of every request ever queued (scrapy-redis's dupefilter)
    workers    hash        worker id -> "busy" | "idle"
    alive:<id> string      present while the worker is running (refreshed; expires if it dies)
    joined     counter     how many workers have joined
    inbox      list        JSON messages for the writer: items, drops, problems, final reports

The crawl is over when no request is queued and no live worker is busy. Taking a request
marks the taker busy in the same atomic step, and a worker is marked idle only when its
engine has nothing in flight (every request its responses led to is already queued), so
a worker that sees "queue empty, nobody busy" knows that no more work can appear.
"""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scraper import json_codec

ALIVE_SECONDS = 60  # a worker not heard from for this long is taken to have died
BEAT_SECONDS = 10  # how often a running worker says it is alive
KEEP_SECONDS = 7 * 24 * 3600  # a finished crawl's keys are kept this long, then expire
REPORTED_STATS = ("downloader/", "retry/", "news/", "relevance/", "validate/")
_CRAWL_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")

# Take the top request and mark the taker busy, atomically (a Lua script runs alone).
_TAKE_REQUEST = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0)
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
redis.call('HSET', KEYS[2], ARGV[1], 'busy')
return top[1]
"""


def final_report(worker: str, reason: str, stats: dict[str, Any]) -> bytes:
    """A worker's last message: why it stopped, and the counts the writer adds to its run
    (the rest, such as errors and drops, the writer counts from the workers' messages)."""
    counts = {
        k: v
        for k, v in stats.items()
        if k.startswith(REPORTED_STATS) and isinstance(v, int | float)
    }
    return json_codec.dumps({"kind": "done", "worker": worker, "reason": reason, "stats": counts})


def default_crawl() -> str:
    """Today's date (UTC): the workers a cron job starts on several machines one day agree."""
    return datetime.now(UTC).date().isoformat()


def crawl_name(name: str | None) -> str:
    """The crawl's name as given (letters, digits, `_.-`), or today's date."""
    name = name or default_crawl()
    if not _CRAWL_NAME.match(name):
        raise ValueError(f"a crawl name is 1-64 letters, digits, '_', '.' or '-', not {name!r}")
    return name


def key_pattern(crawl: str) -> str:
    """scrapy-redis's key template for this crawl (`%(spider)s` is filled per spider)."""
    return f"mutuals:{crawl_name(crawl)}:%(spider)s"


@dataclass
class SharedCrawl:
    server: Any  # a redis.Redis client
    crawl: str
    spider: str
    _take: Any = field(default=None, init=False, repr=False)

    def key(self, name: str) -> str:
        return f"{key_pattern(self.crawl) % {'spider': self.spider}}:{name}"

    # --- a worker --------------------------------------------------------------------

    def join(self, worker: str) -> None:
        with self.server.pipeline() as pipe:
            pipe.hset(self.key("workers"), worker, "busy")  # busy until its start requests are in
            pipe.set(self.key(f"alive:{worker}"), 1, ex=ALIVE_SECONDS)
            pipe.incr(self.key("joined"))
            pipe.execute()

    def beat(self, worker: str) -> None:
        self.server.set(self.key(f"alive:{worker}"), 1, ex=ALIVE_SECONDS)

    def take(self, worker: str) -> bytes | None:
        """The next queued request (encoded), marking `worker` busy; None if none is queued."""
        if self._take is None:
            self._take = self.server.register_script(_TAKE_REQUEST)  # sent once, then by hash
        return self._take(keys=[self.key("requests"), self.key("workers")], args=[worker])

    def work_remains(self, worker: str) -> bool:
        """`worker` has nothing in flight: is a request queued, or another worker busy?"""
        with self.server.pipeline() as pipe:  # MULTI/EXEC: one consistent view
            pipe.hset(self.key("workers"), worker, "idle")
            pipe.zcard(self.key("requests"))
            pipe.hgetall(self.key("workers"))
            _, queued, states = pipe.execute()
        busy = [w.decode() for w, s in states.items() if s == b"busy" and w.decode() != worker]
        return bool(queued) or bool(self._alive(busy))

    def send(self, message: bytes) -> None:
        self.server.rpush(self.key("inbox"), message)

    def leave(self, worker: str, reason: str, stats: dict[str, Any]) -> None:
        """Send the worker's final report and leave, in one step the writer cannot split."""
        with self.server.pipeline() as pipe:
            pipe.rpush(self.key("inbox"), final_report(worker, reason, stats))
            pipe.hdel(self.key("workers"), worker)
            pipe.delete(self.key(f"alive:{worker}"))
            for name in ("requests", "seen", "workers", "joined", "inbox"):
                pipe.expire(self.key(name), KEEP_SECONDS)
            pipe.execute()

    # --- the writer --------------------------------------------------------------------

    def receive(self, most: int) -> list[bytes]:
        """Up to `most` messages from the inbox, oldest first, removed from it."""
        with self.server.pipeline() as pipe:
            pipe.lrange(self.key("inbox"), 0, most - 1)
            pipe.ltrim(self.key("inbox"), most, -1)
            messages, _ = pipe.execute()
        return messages

    def joined(self) -> int:
        return int(self.server.get(self.key("joined")) or 0)

    def over(self) -> bool:
        """Some worker joined, none is still running, and the inbox is empty."""
        self._alive([w.decode() for w in self.server.hkeys(self.key("workers"))])
        with self.server.pipeline() as pipe:  # after striking off the dead, and their reports
            pipe.get(self.key("joined"))
            pipe.llen(self.key("inbox"))
            pipe.hlen(self.key("workers"))
            joined, waiting, running = pipe.execute()
        return bool(joined) and not waiting and not running

    def _alive(self, workers: list[str]) -> list[str]:
        """The workers still running. One that stopped answering is struck off, and the
        writer told: the requests it had taken are lost to this crawl."""
        alive = []
        for worker in workers:
            if self.server.exists(self.key(f"alive:{worker}")):
                alive.append(worker)
            elif self.server.hdel(self.key("workers"), worker):  # one caller strikes it off
                self.send(
                    final_report(worker, "stopped answering (the requests it took are lost)", {})
                )
        return alive


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--redis and --crawl, which a worker and the writer must be given alike."""
    parser.add_argument(
        "--redis",
        default=os.environ.get("MUTUALS_REDIS_URL"),
        help="the shared Redis, redis://host:port/db (default: MUTUALS_REDIS_URL)",
    )
    parser.add_argument(
        "--crawl",
        default=os.environ.get("MUTUALS_CRAWL"),
        help="the shared crawl's name (default: MUTUALS_CRAWL, else today's date, UTC)",
    )


def reach(url: str | None, name: str | None) -> str:
    """The crawl's name, once Redis at `url` answers; ValueError says what is wrong, in
    words fit for a cron mail (no URL, a bad name, the mode not installed, no answer)."""
    if not url:
        raise ValueError("no Redis to share the crawl through: give --redis or MUTUALS_REDIS_URL")
    crawl = crawl_name(name)
    try:
        connect(url)
    except ImportError as exc:
        raise ValueError("install the mode first: pip install -e '.[distributed]'") from exc
    except Exception as exc:  # redis's connection errors
        raise ValueError(f"cannot reach Redis at {shown(url)}: {exc}") from exc
    return crawl


def connect(url: str) -> Any:
    """A Redis client for `url`, having checked the server answers (redis errors otherwise)."""
    import redis  # an optional dependency: pip install -e '.[distributed]'

    server = redis.Redis.from_url(url, socket_connect_timeout=10)
    server.ping()
    return server


def shown(url: str) -> str:
    """`url` fit to print: without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
