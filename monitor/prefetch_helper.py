"""The helper process's side of :mod:`monitor.prefetch`: ``python -m monitor.prefetch_helper FD``.

A fresh interpreter rather than a ``multiprocessing`` child: it never re-runs the
script that started the monitor (``spawn`` re-imports ``__main__``) and never
inherits another thread's locks (``fork``). It talks over the socket whose file
descriptor it is given, with :class:`multiprocessing.connection.Connection`
messages: first the config, then ``(key, document)`` pairs; it answers
``("ready", pid)`` once loaded, then ``("done", key, (claims, statements))`` or
``("error", key, reason)`` per document. It exits when the socket closes, so it
never outlives the monitor.
"""

from __future__ import annotations

import os
import signal
import sys
from multiprocessing.connection import Connection
from typing import Any

from .extract import build_extractor


def serve(conn: Connection) -> None:
    """Load the extractor for the config that arrives first, then extract until the connection closes."""
    try:
        config = conn.recv()
        extractor = build_extractor(config)
    except (EOFError, OSError):
        return
    except Exception as exc:  # noqa: BLE001 - reported to the writer, which carries on alone
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):  # the writer is gone: so are we
            return
        if msg is None:
            return
        key, doc = msg
        try:
            result: Any = ("done", key, extractor.extract(doc))
        except Exception as exc:  # noqa: BLE001 - the writer extracts it again and handles the error itself
            result = ("error", key, f"{type(exc).__name__}: {exc}")
        try:
            conn.send(result)
        except OSError:
            return


def main(argv: list[str]) -> int:
    """Entry point: ``argv[0]`` is the inherited socket's file descriptor."""
    # Ctrl-C in a terminal reaches the whole process group; the writer decides when helpers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn = Connection(int(argv[0]))
    try:
        serve(conn)
    except (EOFError, OSError):  # the writer went away mid-message: nothing left to do
        pass
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
