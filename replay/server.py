"""A local HTTP server that answers like the live sites, from the recorded corpus.

Spiders are pointed at it by swapping a base URL such as "https://www.gov.uk" for
"http://127.0.0.1:PORT/www.gov.uk"; the live host becomes the first path segment, so
one server stands in for every site and the spiders need no other change. Tests can
script failures (HTTP errors, slow answers, resets, truncated bodies) with `Canned`.
"""

from __future__ import annotations

import hashlib
import logging
import socket
import struct
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from pipelines.config import corpus_dir
from replay.manifest import (
    Recording,
    content_type_for,
    load_manifest,
    recordings_by_key,
    url_key,
)

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
RESET = 0
"""Status recorded in `ReplayServer.requests` for a connection reset without an answer."""


@dataclass
class Canned:
    """A scripted answer that makes the server misbehave the way live sites sometimes do.

    Headers are sent as given. Content-Length is computed from the body unless the
    headers set it; setting it larger than the body gives a truncated response (the
    connection is then closed so the client notices). `delay` seconds pass before the
    answer, long enough to trip client timeouts; `reset` drops the connection unanswered.
    `times` limits the misbehaviour to the first N requests (a 503 that later recovers).
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    reset: bool = False
    times: int | None = None  # answer this many requests, then serve the recording as usual


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    close: bool = False


class _Server(ThreadingHTTPServer):
    """The socket server, quiet about clients that hang up (timeouts make them do so)."""

    daemon_threads = True
    replay: ReplayServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("replay: error serving %s", client_address, exc_info=True)


class ReplayServer:
    """Serves the corpus on 127.0.0.1 from a daemon thread; use as a context manager."""

    def __init__(
        self,
        corpus: Path | None = None,
        overrides: Mapping[str, Canned] | None = None,
        port: int = 0,
        verbose: bool = False,
    ) -> None:
        self.corpus = Path(corpus) if corpus is not None else corpus_dir()
        self.recordings: dict[str, Recording] = recordings_by_key(load_manifest(self.corpus))
        self.overrides: dict[str, Canned] = {}
        for live_url, canned in (overrides or {}).items():
            self.override(live_url, canned)
        self.verbose = verbose
        self.requests: list[tuple[str, str, int]] = []
        self._canned_used: dict[str, int] = {}
        self._requested_port = port
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    def override(self, live_url: str, canned: Canned) -> None:
        """Script the answer for a live URL, recorded or not, ahead of any recording."""
        self.overrides[url_key(live_url)] = canned

    def start(self) -> ReplayServer:
        """Bind and serve in the background; returns self so callers can chain."""
        if self._httpd is not None:
            return self
        self._stopping.clear()
        httpd = _Server((HOST, self._requested_port), _Handler)
        httpd.replay = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, args=(0.1,), name=f"replay-{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting and wake any handler still sleeping on a Canned delay."""
        if self._httpd is None:
            return
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd, self._thread = None, None

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port; only known once started, since port 0 asks the OS for one."""
        if self._httpd is None:
            raise RuntimeError("ReplayServer is not started")
        return int(self._httpd.server_address[1])

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    def base_url(self, live_base: str) -> str:
        """The replay stand-in for a spider's base-URL setting (path kept, no trailing slash)."""
        parts = urlsplit(live_base)
        return f"{self.origin}/{parts.netloc}{parts.path}".rstrip("/")

    def url_for(self, live_url: str) -> str:
        """The replay URL that fetches the recording of `live_url` (query kept as written)."""
        parts = urlsplit(live_url)
        url = f"{self.origin}/{parts.netloc}{parts.path}"
        return f"{url}?{parts.query}" if parts.query else url

    def record(self, method: str, path: str, status: int) -> None:
        """Note a request as it is answered, from whichever handler thread serves it."""
        with self._lock:
            self.requests.append((method, path, status))

    def answer(self, path: str, headers: Mapping[str, str]) -> _Answer | Canned:
        """What to send for a request path: a scripted Canned, a recording, or a 404."""
        try:
            key = url_key(path)
        except ValueError:
            return _not_recorded(path)
        canned = self.overrides.get(key)
        if canned is not None and self._use_canned(key, canned):
            return canned
        recording = self.recordings.get(key)
        return _not_recorded(path) if recording is None else _serve_file(recording, headers)

    def _use_canned(self, key: str, canned: Canned) -> bool:
        with self._lock:
            used = self._canned_used.get(key, 0)
            if canned.times is not None and used >= canned.times:
                return False
            self._canned_used[key] = used + 1
            return True

    def wait_stopping(self, seconds: float) -> None:
        """Sleep for a Canned delay, but give up early when the server is stopped."""
        self._stopping.wait(seconds)


def _not_recorded(path: str) -> _Answer:
    body = f"not recorded: {path}\n".encode()
    return _Answer(404, {"Content-Type": "text/plain; charset=utf-8"}, body)


def _serve_file(recording: Recording, request_headers: Mapping[str, str]) -> _Answer:
    """200 with the recorded bytes, or 304 when the client's copy is current."""
    body = recording.file.read_bytes()
    mtime = datetime.fromtimestamp(int(recording.file.stat().st_mtime), tz=UTC)
    validators = {
        "ETag": '"' + hashlib.sha256(body).hexdigest() + '"',
        "Last-Modified": format_datetime(mtime, usegmt=True),
    }
    if _not_modified(request_headers, validators["ETag"], mtime):
        return _Answer(304, validators, b"")
    return _Answer(200, {"Content-Type": content_type_for(recording), **validators}, body)


def _not_modified(headers: Mapping[str, str], etag: str, mtime: datetime) -> bool:
    """RFC 9110 order: If-None-Match, when sent, decides alone; else If-Modified-Since."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags
    if_modified_since = headers.get("If-Modified-Since")
    if not if_modified_since:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    since = since if since.tzinfo else since.replace(tzinfo=UTC)
    return mtime <= since


class _Handler(BaseHTTPRequestHandler):
    """One request: look the path up, send the answer, note what was sent."""

    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "mutuals-replay/1"
    timeout = 30  # drop idle keep-alive connections rather than hold a thread forever

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def __getattr__(self, name: str) -> Callable[[], None]:
        # http.server answers 501 for methods it finds no do_<METHOD> for; the live
        # sites say 405, so every other method is routed to _method_not_allowed.
        if name.startswith("do_"):
            return self._method_not_allowed
        raise AttributeError(name)

    def _method_not_allowed(self) -> None:
        self.close_connection = True  # an unread request body must not poison keep-alive
        body = f"method not allowed: {self.command}\n".encode()
        headers = {"Allow": "GET, HEAD", "Content-Type": "text/plain; charset=utf-8"}
        self._send(_Answer(405, headers, body, close=True), send_body=True)

    def _respond(self, send_body: bool) -> None:
        answer = self.server.replay.answer(self.path, self.headers)
        if isinstance(answer, Canned):
            self._send_canned(answer, send_body)
        else:
            self._send(answer, send_body)

    def _send_canned(self, canned: Canned, send_body: bool) -> None:
        if canned.delay > 0:
            self.server.replay.wait_stopping(canned.delay)
        if canned.reset:
            self._reset()
            return
        headers = dict(canned.headers)
        declared = next((v for k, v in headers.items() if k.lower() == "content-length"), None)
        close = declared is not None and declared.strip() != str(len(canned.body))
        self._send(_Answer(canned.status, headers, canned.body, close=close), send_body)

    def _send(self, answer: _Answer, send_body: bool) -> None:
        # Record first: once the client has the answer a test may already be counting.
        self.server.replay.record(self.command, self.path, answer.status)
        self.send_response(answer.status)
        headers = dict(answer.headers)
        if answer.status != 304 and not any(k.lower() == "content-length" for k in headers):
            headers["Content-Length"] = str(len(answer.body))
        for name, value in headers.items():
            self.send_header(name, value)
        if answer.close:
            self.close_connection = True
            self.send_header("Connection", "close")
        self.end_headers()
        if send_body and answer.status not in (204, 304):
            self.wfile.write(answer.body)

    def _reset(self) -> None:
        """Close with SO_LINGER 0 so the client gets a TCP RST, not a polite EOF."""
        self.close_connection = True
        self.server.replay.record(self.command, self.path, RESET)
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()
        self.connection.close()

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.replay.verbose:
            logger.debug("replay: %s %s", self.address_string(), format % args)
