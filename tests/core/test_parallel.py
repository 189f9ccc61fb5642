"""core.parallel: reads run side by side in worker threads on PostgreSQL outside a transaction, with the caller's
language, time zone and rows; one after the other here wherever a worker would read otherwise or go uncounted."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core import parallel
from territories.models import Sector


def where_and_what():
    """The thread a call runs in, and what its connection reads."""
    return threading.get_ident(), Sector.objects.count()


def backend():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_in_a_transaction_every_call_runs_here():
    # The tests' transaction holds rows a worker's connection would not see.
    Sector.objects.create(name="Filière de test", slug="filiere-de-test")
    count = Sector.objects.count()

    results = parallel.side_by_side([where_and_what, where_and_what, where_and_what])

    assert results == [(threading.get_ident(), count)] * 3


def test_outside_a_transaction_the_first_calls_run_in_workers_and_read_the_same_rows(transactional_db, postgresql):
    Sector.objects.create(name="Filière de test", slug="filiere-de-test")
    count = Sector.objects.count()

    (first, first_count), (second, second_count), (last, last_count) = parallel.side_by_side(
        [where_and_what, where_and_what, where_and_what]
    )

    assert last == threading.get_ident()
    assert threading.get_ident() not in (first, second)
    assert first != second  # each in a worker of its own, at the same time
    assert first_count == second_count == last_count == count


def test_a_worker_speaks_the_caller_s_language_and_time_zone(transactional_db, postgresql):
    paris = datetime.timezone(datetime.timedelta(hours=1))

    def settings_here():
        return translation.get_language(), timezone.get_current_timezone()

    with translation.override("en"), timezone.override(paris):
        (language, zone), _here = parallel.side_by_side([settings_here, settings_here])

    assert (language, zone) == ("en", paris)


def test_a_call_that_raises_raises_to_the_caller(transactional_db, postgresql):
    def fails():
        raise ValueError("lecture impossible")

    with pytest.raises(ValueError, match="lecture impossible"):
        parallel.side_by_side([fails, where_and_what])


def test_while_queries_are_counted_every_call_runs_here(transactional_db, postgresql):
    with CaptureQueriesContext(connection) as queries:
        results = parallel.side_by_side([where_and_what, where_and_what])

    assert [thread for thread, _count in results] == [threading.get_ident()] * 2
    assert len(queries.captured_queries) == 2


def test_a_worker_keeps_its_connection_and_replaces_a_broken_one(transactional_db, postgresql):
    first, _here = parallel.side_by_side([backend, backend])
    again, _here = parallel.side_by_side([backend, backend])
    # Still open after its call, as is the other worker's (either may take a call).
    assert {first, again} <= parallel_backends()
    assert len(parallel_backends()) <= parallel.WORKERS

    # The database ends every worker connection (a restart, a timeout): the next calls open new ones.
    for pid in parallel_backends():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    renewed, _here = parallel.side_by_side([backend, backend])
    assert renewed not in (first, again)


def test_closing_the_workers_closes_their_connections(transactional_db, postgresql):
    parallel.side_by_side([backend, backend, backend])
    assert parallel_backends()

    parallel.close_workers()

    assert parallel_backends() == set()
    # Workers come back at the next use.
    (worker, _count), _here = parallel.side_by_side([where_and_what, where_and_what])
    assert worker != threading.get_ident()


def parallel_backends():
    """The server processes of the connections other than this one to the test database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {row[0] for row in cursor.fetchall()}


def test_calls_asked_for_by_a_worker_run_in_that_worker(transactional_db, postgresql):
    # Every worker waiting for calls that no free worker could take would wait for ever.
    def nested():
        return parallel.side_by_side([where_and_what, where_and_what])

    results = parallel.side_by_side([nested, nested, where_and_what])

    for inner in results[:2]:
        assert inner[0][0] == inner[1][0] != threading.get_ident()
