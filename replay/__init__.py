"""Offline stand-in for the live sites: serves the recorded corpus so spiders need no network."""

from __future__ import annotations

from replay.manifest import (
    ManifestError,
    Recording,
    content_type_for,
    load_manifest,
    recordings_by_key,
    url_key,
)
from replay.server import Canned, ReplayServer

__all__ = [
    "Canned",
    "ManifestError",
    "Recording",
    "ReplayServer",
    "content_type_for",
    "load_manifest",
    "recordings_by_key",
    "url_key",
]
