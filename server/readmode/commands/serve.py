"""`readmode serve`: run the local server the extension and the reader pages talk to."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys

from readmode import __version__
from readmode.config import DEFAULT_HOST, DEFAULT_PORT, database_path, resolve_data_dir

HELP = "run the local server (reader pages, highlights, search) for the browser extension"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on ({DEFAULT_HOST})"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where readmode keeps its data (default: $READMODE_DATA_DIR or the user data dir)",
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host: other machines can then reach the server (they still"
        " need the token)",
    )
    parser.add_argument(
        "--workers", type=int, default=0, help="extraction processes (default: one per CPU)"
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="log every request and check every response against its JSON Schema",
    )


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        print(
            f"readmode serve: --port must be between 0 and 65535 (got {args.port})", file=sys.stderr
        )
        return 2
    if args.workers < 0:
        print("readmode serve: --workers must be 0 (one per CPU) or more", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        if not args.allow_remote:
            print(
                f"readmode serve: {args.host} is not a loopback address; other machines could"
                " reach your reading history. Add --allow-remote if you really mean it.",
                file=sys.stderr,
            )
            return 2
        print(
            f"warning: listening on {args.host}: other machines on the network can reach this"
            " server (every API call still needs the token).",
            file=sys.stderr,
        )

    # Imported here so `readmode --help` and the other commands stay fast.
    from aiohttp import web

    from readmode.store import StoreError, StoreReadOnly
    from readmode.web.app import create_app
    from readmode.web.config import ServerConfig

    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    data_dir = resolve_data_dir(args.data_dir)
    config = ServerConfig(
        data_dir=data_dir,
        host=args.host,
        port=args.port,
        allow_remote=args.allow_remote,
        workers=args.workers,
        validate_responses=args.debug,
    )
    try:
        # The data dir and token first: a permission problem here is not a port problem.
        data_dir.mkdir(parents=True, exist_ok=True)
        app = create_app(config)
    except OSError as error:
        print(
            f"readmode serve: cannot use the data directory {data_dir}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 1
    shown_host = f"[{args.host}]" if ":" in args.host else args.host

    def announce(message: str) -> None:  # run_app's print hook: we print our own lines
        print(f"readmode {__version__} serving http://{shown_host}:{args.port}/", flush=True)
        print(f"data: {data_dir} (database {database_path(data_dir).name})", flush=True)
        print("pair the extension with the token from `readmode token`; Ctrl+C stops", flush=True)

    access_log = logging.getLogger("aiohttp.access") if args.debug else None
    try:
        web.run_app(app, host=args.host, port=args.port, print=announce, access_log=access_log)
    except StoreReadOnly:  # its own sentence: the store's speaks of a change not saved
        print(
            f"readmode serve: the database {database_path(data_dir)} cannot be written (a"
            " read-only disk, or no permission): make the data directory writable, or pass"
            " another --data-dir.",
            file=sys.stderr,
        )
        return 1
    except StoreError as error:  # the database cannot be opened (damaged, ...)
        print(f"readmode serve: {error.message} ({database_path(data_dir)})", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"readmode serve: cannot listen on {args.host}:{args.port}: {error.strerror}",
            file=sys.stderr,
        )
        return 1
    return 0
