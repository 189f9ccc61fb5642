"""Cached aggregates (counts and sums over many rows), forgotten as soon as a row they count changes.

An aggregate names the models it reads: `cached(name, parts, compute, depends_on=(Need, Opportunity))`.
Its cache key holds the current generation of each of those models and a global one; every save or
delete of a model of the platform's apps gives that model a new generation (the signal receivers below,
connected once by fabrique.apps), so the next read computes afresh. The generation changes at the write
and again when its transaction commits, so that a reader who computed between the two does not keep a
value the commit made stale. Bulk writes that send no signal (seed_scale's bulk_create, queryset
updates) call `forget_all()`; the timeout bounds anything else.

The cache is the degraded Redis cache of core/cache.py: when Redis is down every read computes.
"""

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .parallel import side_by_side

# The apps whose rows aggregates count; Django's own tables (sessions, admin log) never invalidate anything.
WATCHED_APPS = frozenset({"territories", "projects", "governance", "fabrique"})
TIMEOUT_SECONDS = 10 * 60
GLOBAL = "*"
# The generation of a model never changed (or of every model, while Redis is down).
ABSENT = "0"


def _cache():
    return caches["default"]


def _generation_key(label: str) -> str:
    return f"aggregate-generation:{label}"


def _label(model) -> str:
    return model if isinstance(model, str) else model._meta.label


@dataclass(frozen=True)
class Aggregate:
    """One cached value: its name, the parts of its key, how to compute it and the models it reads."""

    name: str
    parts: Iterable[Any]
    compute: Callable[[], Any]
    depends_on: Iterable

    def labels(self) -> list[str]:
        return [GLOBAL, *sorted(_label(model) for model in self.depends_on)]

    def key(self, generations: dict) -> str:
        stamp = ".".join(generations.get(_generation_key(label), ABSENT) for label in self.labels())
        return f"aggregate:{self.name}:{':'.join(str(part) for part in self.parts)}:{stamp}"


def cached(
    name: str, parts: Iterable[Any], compute: Callable[[], Any], *, depends_on: Iterable, in_process: bool = False
) -> Any:
    """The value of `compute()` for `name` and `parts`, from the cache while none of `depends_on` changed.

    `in_process`: a value too big to read from Redis at every request (the open data's whole CSV, 8 MB and 15 ms
    a read at national scale) is also kept in the process, under the same generation-stamped key, for the same
    timeout: a change makes a new key there as in Redis. Only while Redis answers with the generations: when it is
    down they read as absent, and every read computes as before."""
    aggregate = Aggregate(name, parts, compute, depends_on)
    if not in_process:
        return cached_many([aggregate])[0]
    generations = _generations([aggregate])
    if _generation_key(GLOBAL) not in generations:
        # Written on first use as the value an absent generation stands for ("0": no key changes), so that its
        # presence tells a Redis that answers from one that is down (where the write is lost).
        _cache().add(_generation_key(GLOBAL), ABSENT, None)
        return _values([aggregate], generations)[0]
    return _kept_in_process(aggregate.key(generations), lambda: _values([aggregate], generations)[0])


def cached_many(aggregates: list[Aggregate], *, apart: bool = False) -> list:
    """The values of several aggregates, in their order, in two round trips to the cache (their generations, then
    their values) however many they are, and one more to store those that were computed.

    `apart`: those to compute are computed side by side (core.parallel), for aggregates that each wait tens of
    milliseconds on the database (the dashboard's blocks)."""
    return _values(aggregates, _generations(aggregates), apart=apart)


def _generations(aggregates: list[Aggregate]) -> dict:
    labels = {label for aggregate in aggregates for label in aggregate.labels()}
    return _cache().get_many([_generation_key(label) for label in sorted(labels)])


def _values(aggregates: list[Aggregate], generations: dict, *, apart: bool = False) -> list:
    keys = [aggregate.key(generations) for aggregate in aggregates]
    found = _cache().get_many(keys)
    missing = {
        key: aggregate.compute for aggregate, key in zip(aggregates, keys, strict=True) if found.get(key) is None
    }
    if apart:
        computed = dict(zip(missing, side_by_side(list(missing.values())), strict=True))
    else:
        computed = {key: compute() for key, compute in missing.items()}
    if computed:
        _cache().set_many(computed, TIMEOUT_SECONDS)
    return [computed[key] if key in computed else found[key] for key in keys]


# The values kept in the process (`cached(..., in_process=True)`): a few, the least recently read dropped first.
IN_PROCESS_ENTRIES = 4
_in_process: OrderedDict = OrderedDict()
_in_process_lock = threading.Lock()


def _kept_in_process(key: str, read: Callable[[], Any]) -> Any:
    now = time.monotonic()
    with _in_process_lock:
        kept = _in_process.get(key)
        if kept is not None and kept[0] > now:
            _in_process.move_to_end(key)
            return kept[1]
    value = read()
    with _in_process_lock:
        _in_process[key] = (now + TIMEOUT_SECONDS, value)
        _in_process.move_to_end(key)
        while len(_in_process) > IN_PROCESS_ENTRIES:
            _in_process.popitem(last=False)
    return value


def _new_generation() -> str:
    return uuid.uuid4().hex[:12]


def _bump(labels: Iterable[str]):
    _cache().set_many({_generation_key(label): _new_generation() for label in labels}, None)


def changed(*models):
    """Forget the aggregates that read `models` (model classes or "app.Model" labels), now and at commit."""
    labels = [_label(model) for model in models]
    _bump(labels)
    transaction.on_commit(lambda: _bump(labels))


def forget_all():
    """Forget every aggregate (after bulk writes that send no signal)."""
    changed(GLOBAL)


def _on_write(sender, **kwargs):
    meta = sender._meta
    if meta.app_label in WATCHED_APPS and not meta.auto_created and not meta.model_name.startswith("historical"):
        changed(sender)


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        changed(type(instance))


def connect():
    """Connected once, from fabrique.apps (the top of the stack, loaded by every process)."""
    post_save.connect(_on_write, dispatch_uid="aggregates-save")
    post_delete.connect(_on_write, dispatch_uid="aggregates-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="aggregates-m2m")
