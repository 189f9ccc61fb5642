"""core.aggregates: a value is computed once, and forgotten as soon as a row of a model it reads changes."""

import threading

import pytest

from core import aggregates
from territories.models import Need, Sector

from ..territories.factories import AnimationEventFactory, NeedFactory, SectorFactory

pytestmark = pytest.mark.django_db


class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return Need.objects.count()


def read(compute, parts=("all",)):
    return aggregates.cached("test-needs", parts, compute, depends_on=[Need])


def test_a_value_is_computed_once_then_read_from_the_cache():
    compute = Counting()
    assert read(compute) == read(compute) == 0
    assert compute.calls == 1
    # Other parts, another value.
    read(compute, parts=("other",))
    assert compute.calls == 2


def test_a_saved_or_deleted_row_forgets_the_value():
    compute = Counting()
    read(compute)
    need = NeedFactory()
    assert read(compute) == 1
    need.delete()
    assert read(compute) == 0
    assert compute.calls == 3


def test_a_change_of_another_model_keeps_the_value():
    compute = Counting()
    read(compute)
    SectorFactory()
    read(compute)
    assert compute.calls == 1


def test_a_many_to_many_change_forgets_the_value():
    compute = Counting()
    need = NeedFactory()
    event = AnimationEventFactory(territory=need.territory)
    aggregates.cached("test-events", [], compute, depends_on=["territories.AnimationEvent"])
    event.needs.add(need)
    aggregates.cached("test-events", [], compute, depends_on=["territories.AnimationEvent"])
    assert compute.calls == 2


def test_the_commit_forgets_again(django_capture_on_commit_callbacks):
    """A reader who computed between the write and its commit must not keep what the commit made stale."""
    compute = Counting()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        aggregates.changed(Need)
        read(compute)
    for callback in callbacks:
        callback()
    read(compute)
    assert compute.calls == 2


def test_forget_all_forgets_every_aggregate():
    compute = Counting()
    aggregates.cached("test-sectors", [], compute, depends_on=[Sector])
    aggregates.forget_all()
    aggregates.cached("test-sectors", [], compute, depends_on=[Sector])
    assert compute.calls == 2


def read_kept(compute, parts=("kept",)):
    return aggregates.cached("test-needs-kept", parts, compute, depends_on=[Need], in_process=True)


def test_a_value_kept_in_the_process_is_read_without_the_cache_and_forgotten_at_a_change():
    from django.core.cache import cache

    compute = Counting()
    read_kept(compute)  # computed, and the global generation written as it stood
    assert read_kept(compute) == 0  # read from the cache, and kept in the process
    assert compute.calls == 1
    # Kept in the process: read again although the cache lost its copy.
    cache.delete_many(list(aggregates._in_process))
    assert read_kept(compute) == 0
    assert compute.calls == 1
    NeedFactory()
    assert read_kept(compute) == 1
    assert compute.calls == 2


def test_without_the_generations_a_value_is_not_kept_in_the_process(monkeypatch):
    """Redis down: the generations read as absent, and every read computes, as for any cached value."""
    compute = Counting()
    monkeypatch.setattr(aggregates, "_generations", lambda found: {})
    monkeypatch.setattr(aggregates, "_values", lambda found, generations: [found[0].compute()])
    before = dict(aggregates._in_process)
    read_kept(compute)
    read_kept(compute)
    assert compute.calls == 2
    assert aggregates._in_process == before


def test_the_process_keeps_a_few_values_only():
    compute = Counting()
    read_kept(compute, parts=("first",))
    for index in range(aggregates.IN_PROCESS_ENTRIES + 2):
        read_kept(compute, parts=(f"other-{index}",))
    assert len(aggregates._in_process) <= aggregates.IN_PROCESS_ENTRIES


def test_values_to_compute_apart_are_computed_side_by_side_then_read_from_the_cache(transactional_db, postgresql):
    threads = []

    def compute(name):
        def count():
            threads.append(threading.get_ident())
            return name, Need.objects.count()

        return aggregates.Aggregate(f"test-apart-{name}", [], count, depends_on=[Need])

    NeedFactory()
    wanted = [compute("first"), compute("second")]

    assert aggregates.cached_many(wanted, apart=True) == [("first", 1), ("second", 1)]
    assert len(set(threads)) == 2 and threading.get_ident() in threads
    # Kept as any other value: nothing computed at the next read.
    assert aggregates.cached_many(wanted, apart=True) == [("first", 1), ("second", 1)]
    assert len(threads) == 2
