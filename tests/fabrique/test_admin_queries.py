"""Every Django admin changelist runs the same number of queries whatever the number of rows it lists."""

import datetime
import itertools
from collections import defaultdict
from decimal import Decimal

import factory
import pytest
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ..governance import factories as governance_factories
from ..projects import factories as projects_factories
from ..territories import factories as territories_factories
from . import factories as fabrique_factories

FEW, MANY = 3, 30

FACTORIES = {
    item._meta.get_model_class(): item
    for module in (fabrique_factories, territories_factories, projects_factories, governance_factories)
    for item in vars(module).values()
    if isinstance(item, type) and issubclass(item, factory.django.DjangoModelFactory) and item._meta.model
}
_serial = defaultdict(itertools.count)


def make_row(model):
    """One saved row of `model`: its factory where there is one, else every required field filled in."""
    if model in FACTORIES:
        return FACTORIES[model]()
    n = next(_serial[model]) + 1
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.has_default() or field.null or getattr(field, "auto_now_add", False):
            continue
        if field.blank and isinstance(field, (models.CharField, models.TextField)):
            continue
        values[field.name] = _value_for(field, n)
    return model.objects.create(**values)


def _value_for(field, n):
    if field.is_relation:
        return make_row(field.related_model)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.EmailField):
        return f"ligne{n}@exemple.fr"
    if isinstance(field, (models.CharField, models.TextField)):
        # Digits fit the short official codes (INSEE, SIREN) as well as names, and stay unique.
        width = min(field.max_length or 9, 9)
        return f"{n:0{width}d}"
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return datetime.date(2026, 1, 1)
    if isinstance(field, models.DecimalField):
        return Decimal(1)
    if isinstance(field, (models.IntegerField, models.FloatField)):
        return 1
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.JSONField):
        return {}
    raise NotImplementedError(f"make_row: no value for {field!r}; add a factory for {field.model.__name__}")


def changelist_queries(client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries)


REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize("model, model_admin", REGISTERED, ids=[model._meta.label for model, _ in REGISTERED])
def test_changelist_queries_do_not_grow_with_rows(client, staff, model, model_admin):
    client.force_login(staff)
    for _ in range(FEW):
        make_row(model)
    response, few = changelist_queries(client, model)
    # Rows made on the side count too (a user comes with an e-mail address); every row is listed.
    assert FEW <= response.context["cl"].result_count == model.objects.count()
    for _ in range(MANY - FEW):
        make_row(model)
    response, many = changelist_queries(client, model)
    assert MANY <= response.context["cl"].result_count == model.objects.count() <= 100  # one page
    assert many == few, f"{model._meta.label}: {few} queries for {FEW} rows, {many} for {MANY}"


@pytest.mark.parametrize("model, model_admin", REGISTERED, ids=[model._meta.label for model, _ in REGISTERED])
def test_shown_foreign_keys_are_selected_with_the_rows(model, model_admin):
    shown = []
    for name in model_admin.list_display:
        try:
            field = model._meta.get_field(name)
        except (FieldDoesNotExist, TypeError):  # a method or callable: the query-count test covers it
            continue
        if field.many_to_one or field.one_to_one:
            shown.append(name)
    selected = model_admin.list_select_related
    missing = [] if selected is True else [name for name in shown if name not in (selected or ())]
    assert not missing, f"{model._meta.label}: list_select_related lacks {missing}"
