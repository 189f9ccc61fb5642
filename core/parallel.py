"""Reads of one request that each wait tens of milliseconds on the database, run side by side.

`side_by_side([call, …])` runs every call but the last in a worker thread, with a database connection of its own,
while the last runs in the calling thread; the database answers one while Python builds the queries or the HTML of
the other (the dashboard's figures beside its work blocks: about an eighth of a cold dashboard at national scale).

Only where it reads what the caller would read: on PostgreSQL, outside a transaction (a worker's connection does
not see the rows a transaction has not committed, as in the tests' `TestCase`), and while nobody counts the calling
thread's queries (`assertNumQueries`, `CaptureQueriesContext`, the bench's query counts), whose count would miss the
workers'. Elsewhere the calls run one after the other in the calling thread, with the same results.

A worker runs in the caller's language and time zone, and keeps its database connection open between calls (see
`_usable_connections`): each process holds at most `WORKERS` connections more than its requests'.
"""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone, translation

# Enough for the dashboard: its filter form and work blocks apart while its figures are computed here, themselves
# reading their funnel and funding apart.
WORKERS = 3

_executor = None
_executor_lock = threading.Lock()


class _Worker(threading.local):
    # A call that itself asks for calls side by side runs them in its worker: waiting there for the other workers
    # could wait for ever once every worker waits.
    active = False


_in_a_worker = _Worker()


def _workers() -> ThreadPoolExecutor:
    # Made at the first use, in the process that uses it (after a server's fork, not before).
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="side-by-side")
        return _executor


def may_run_apart(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether a worker's connection reads what the calling thread's reads, and no one counts the latter's queries."""
    connection = connections[using]
    return connection.vendor == "postgresql" and not connection.in_atomic_block and not connection.force_debug_cursor


def side_by_side(calls: list[Callable[[], Any]]) -> list:
    """[call() for call in calls], in that order: every call but the last in a worker thread, the last here, when
    `may_run_apart()`; all here, one after the other, otherwise. A call that raises raises here, once every call has
    ended."""
    if len(calls) < 2 or _in_a_worker.active or not may_run_apart():
        return [call() for call in calls]
    language = translation.get_language()
    zone = timezone.get_current_timezone()
    futures = [_workers().submit(_apart, call, language, zone) for call in calls[:-1]]
    try:
        last = calls[-1]()
    finally:
        # Waited for even when the last call raised: a worker never outlives the request that gave it work.
        others = [future.result() for future in futures]
    return [*others, last]


def _apart(call, language, zone):
    _usable_connections()
    _in_a_worker.active = True
    try:
        with translation.override(language), timezone.override(zone):
            return call()
    finally:
        _in_a_worker.active = False


def _usable_connections():
    """A worker keeps its connection from one call to the next, as a pool does: its thread lives as long as the
    process, and a new connection costs about as much as the worker saves. One that broke since (the database
    restarted, the connection timed out) is closed here, and opened again at the first query."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.is_usable():
            connection.close()


def close_workers():
    """Close each worker's connections, then the workers (before a test database is dropped: PostgreSQL refuses
    while a connection to it is open)."""
    global _executor
    with _executor_lock:
        executor, _executor = _executor, None
    if executor is None:
        return
    # One call per worker, each waiting for the others, so that every worker thread closes its own connections.
    barrier = threading.Barrier(WORKERS)

    def close():
        barrier.wait(timeout=10)
        connections.close_all()

    for future in [executor.submit(close) for _ in range(WORKERS)]:
        future.result()
    executor.shutdown(wait=True)
