"""Long work (reading an uploaded plan, importing national statistics) runs in a thread after the request's
transaction commits, and its row records progress for the page that waits on it.

Django gives each thread its own database connection, which the thread must close itself: with CONN_MAX_AGE a
finished thread would otherwise keep its connection open until garbage collection.
"""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections, transaction


def start_after_commit(work: Callable[..., Any], *args: Any) -> None:
    """Run work(*args) in a daemon thread once the current transaction has committed, so it finds the rows the
    request wrote."""
    transaction.on_commit(lambda: threading.Thread(target=_run, args=(work, *args), daemon=True).start())


def _run(work: Callable[..., Any], *args: Any) -> None:
    try:
        work(*args)
    finally:
        connections.close_all()
