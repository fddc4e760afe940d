"""A faults file: make the replay server misbehave for a drill or a test of the whole refresh.

An operator rehearses what a broken source looks like in the cron mail, and the fault
tests run `scripts/refresh` itself, with one file:

    MUTUALS_REPLAY_FAULTS=faults.json scripts/refresh --replay
    python -m replay --faults faults.json

The file is a JSON list; each entry names a live URL and how to answer it:

    [{"url": "https://www.gov.uk/api/content/government/news/x", "status": 503,
      "headers": {"Retry-After": "1"}, "times": 1},
     {"url": "...", "delay": 5},                       # slower than the download timeout
     {"url": "...", "reset": true},                    # connection dropped unanswered
     {"url": "...", "truncate_at": 700},               # the recording, cut short in transit
     {"url": "...", "insert": {"at": 390, "hex": "fffe"}},  # the recording with bytes added
     {"url": "...", "body": "<html>...</html>"}]        # another body altogether

An entry without `body` starts from the URL's recording, so a change stays realistic.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from replay.manifest import ManifestError, Recording, content_type_for, url_key
from replay.server import Canned

_KEYS = {"url", "status", "headers", "delay", "reset", "times", "body", "truncate_at", "insert"}


def load_faults(path: str | Path, recordings: Mapping[str, Recording]) -> dict[str, Canned]:
    """Live URL -> scripted answer; a malformed file raises ManifestError naming the entry."""
    path = Path(path)
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ManifestError(f"faults file {path}: {exc}") from exc
    if not isinstance(entries, list):
        raise ManifestError(f"faults file {path}: expected a JSON list of entries")
    return dict(_canned(path, n, entry, recordings) for n, entry in enumerate(entries, 1))


def _canned(
    path: Path, n: int, entry: Any, recordings: Mapping[str, Recording]
) -> tuple[str, Canned]:
    where = f"faults file {path}, entry {n}"
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        raise ManifestError(f'{where}: each entry needs a "url"')
    unknown = set(entry) - _KEYS
    if unknown:
        raise ManifestError(f"{where}: unknown keys {sorted(unknown)}")
    url = entry["url"]
    headers = {str(k): str(v) for k, v in (entry.get("headers") or {}).items()}
    if "body" in entry:
        body = str(entry["body"]).encode("utf-8")
    else:
        recording = recordings.get(url_key(url))
        if recording is None and not entry.get("reset") and entry.get("status", 200) == 200:
            raise ManifestError(f'{where}: {url} is not recorded; give a "body"')
        body = recording.file.read_bytes() if recording else b""
        if recording and "content-type" not in {k.lower() for k in headers}:
            headers["Content-Type"] = content_type_for(recording)
    if "insert" in entry:
        at, extra = int(entry["insert"]["at"]), bytes.fromhex(entry["insert"]["hex"])
        body = body[:at] + extra + body[at:]
    if "truncate_at" in entry:
        headers["Content-Length"] = str(len(body))  # promised in full, sent in part
        body = body[: int(entry["truncate_at"])]
    canned = Canned(
        status=int(entry.get("status", 200)),
        body=body,
        headers=headers,
        delay=float(entry.get("delay", 0)),
        reset=bool(entry.get("reset", False)),
        times=entry.get("times"),
    )
    return url, canned
