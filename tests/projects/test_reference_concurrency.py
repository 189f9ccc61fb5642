"""Project references taken at the same instant by several requests are all different (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from projects.services.projects import next_reference

THREADS, EACH = 6, 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_references_are_unique_and_contiguous(postgresql):
    references, errors = [], []
    start = threading.Barrier(THREADS)

    def take():
        try:
            start.wait()
            for _ in range(EACH):
                references.append(next_reference(2031))
        except Exception as error:  # reported below, with the thread's failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(references) == [f"FAB-2031-{n:04d}" for n in range(1, THREADS * EACH + 1)]
