"""`python -m replay`: serve the corpus in the foreground, for crawling or poking with curl."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from pipelines.config import corpus_dir
from replay.faults import load_faults
from replay.manifest import ManifestError
from replay.server import ReplayServer

EXAMPLE_BASE = "https://www.gov.uk"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m replay",
        description="Serve the recorded corpus on 127.0.0.1 as if it were the live sites.",
    )
    parser.add_argument(
        "--corpus", type=Path, default=None, help=f"corpus folder (default {corpus_dir()})"
    )
    parser.add_argument("--port", type=int, default=8765, help="port (0 = any free port)")
    parser.add_argument(
        "--faults", type=Path, default=None, help="a faults file to misbehave by (replay/faults.py)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run until Ctrl-C; a broken manifest exits with status 2 before binding."""
    args = parse_args(argv)
    try:
        server = ReplayServer(corpus=args.corpus, port=args.port)
        if args.faults:
            for url, canned in load_faults(args.faults, server.recordings).items():
                server.override(url, canned)
    except ManifestError as error:
        print(f"replay: {error}", file=sys.stderr)
        return 2
    with server:
        print(f"Replaying {len(server.recordings)} recordings from {server.corpus}")
        print(f"Serving on {server.origin}")
        print(f"Example: {EXAMPLE_BASE} -> {server.base_url(EXAMPLE_BASE)}")
        print("Press Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("\nStopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
