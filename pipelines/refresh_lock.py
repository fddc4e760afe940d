"""One refresh at a time: an advisory lock beside the archive file.

Two cron runs that overlap would crawl the same sources twice and race to write the same
rows. The lock is the kernel's (flock), so it is released when the holder exits, even
by kill -9, and a stale lock file never blocks the next run.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class AlreadyRunning(RuntimeError):
    """Another refresh holds the lock."""


@contextmanager
def refresh_lock(db: Path) -> Iterator[Path]:
    """Hold `<db>.lock` for the duration; raise AlreadyRunning naming the holder if taken."""
    path = db.with_name(db.name + ".lock")
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise AlreadyRunning(f"a refresh of {db} is already running ({holder})") from exc
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        yield path
    finally:
        handle.close()
