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

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# The apps whose rows aggregates count; Django's own tables (sessions, admin log) never invalidate anything.
WATCHED_APPS = frozenset({"territories", "projects", "governance", "fabrique"})
TIMEOUT_SECONDS = 10 * 60
GLOBAL = "*"


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
        stamp = ".".join(generations.get(_generation_key(label), "0") for label in self.labels())
        return f"aggregate:{self.name}:{':'.join(str(part) for part in self.parts)}:{stamp}"


def cached(name: str, parts: Iterable[Any], compute: Callable[[], Any], *, depends_on: Iterable) -> Any:
    """The value of `compute()` for `name` and `parts`, from the cache while none of `depends_on` changed."""
    return cached_many([Aggregate(name, parts, compute, depends_on)])[0]


def cached_many(aggregates: list[Aggregate]) -> list:
    """The values of several aggregates, in their order, in two round trips to the cache (their generations, then
    their values) however many they are, and one more to store those that were computed."""
    labels = {label for aggregate in aggregates for label in aggregate.labels()}
    generations = _cache().get_many([_generation_key(label) for label in sorted(labels)])
    keys = [aggregate.key(generations) for aggregate in aggregates]
    found = _cache().get_many(keys)
    computed = {}
    values = []
    for aggregate, key in zip(aggregates, keys, strict=True):
        value = found.get(key)
        if value is None:
            value = computed[key] = aggregate.compute()
        values.append(value)
    if computed:
        _cache().set_many(computed, TIMEOUT_SECONDS)
    return values


def _bump(labels: Iterable[str]):
    _cache().set_many({_generation_key(label): uuid.uuid4().hex[:12] for label in labels}, None)


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
