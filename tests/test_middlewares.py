"""Retry backoff: a busy server is given the time it asks for, within a cap."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.middlewares import backoff_seconds, retry_after_seconds


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (b"7", 7.0),
        ("Wed, 22 Nov 2026 12:00:30 GMT", 30.0),
        ("Wed, 22 Nov 2026 11:00:00 GMT", 0.0),  # in the past: no wait
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_header(header, seconds) -> None:
    now = datetime(2026, 11, 22, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(header, now=now) == seconds


def test_backoff_doubles_then_stops_at_the_cap() -> None:
    assert [backoff_seconds(n, 2.0, 10.0, None) for n in (1, 2, 3, 4)] == [2.0, 4.0, 8.0, 10.0]


def test_retry_after_wins_but_is_capped() -> None:
    assert backoff_seconds(1, 2.0, 60.0, 30.0) == 30.0
    assert backoff_seconds(1, 2.0, 60.0, 3600.0) == 60.0
