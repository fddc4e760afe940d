"""Where the archive's inputs and outputs live, each overridable by one environment variable.

Relative defaults resolve against the repository, not the working directory, so
`make archive` and the tests find the corpus wherever they are started from.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _path_from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def corpus_dir() -> Path:
    """The recorded corpus (`MUTUALS_CORPUS`, default `../shared/corpus`)."""
    return _path_from_env("MUTUALS_CORPUS", REPO_ROOT.parent / "shared" / "corpus")


def topic_path() -> Path:
    """The topic file (`MUTUALS_TOPIC`, default the mutuals topic in `topics.yml`)."""
    return _path_from_env("MUTUALS_TOPIC", REPO_ROOT / "topics.yml")


def db_path() -> Path:
    """The archive file (`MUTUALS_DB`, default `archive.db` in the repository)."""
    return _path_from_env("MUTUALS_DB", REPO_ROOT / "archive.db")
