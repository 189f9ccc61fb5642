"""Every record edited from a page is versioned (a later save never silently overwrites an earlier one) and
keeps its history: the models behind the edit URLs are read from the URLconf, not listed by hand."""

import inspect

import pytest
from django import forms
from django.urls import URLResolver, get_resolver

from core.versioning import VersionedFormMixin, VersionedModel
from territories.models import EngagedTerritory

EDIT_SUFFIXES = ("_edit", "_update")
# Only for an edit view whose model cannot be read from the form class it builds (see model_of_view).
MODEL_OF_EDIT_URL = {}


def url_patterns(patterns=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns)
        else:
            yield pattern


def edit_patterns():
    """The project's edit pages (the Django admin, staff-only with its own change pages, apart)."""
    return [
        pattern
        for pattern in url_patterns()
        if pattern.name and pattern.name.endswith(EDIT_SUFFIXES) and not pattern.lookup_str.startswith("django.")
    ]


def _model_forms_used_by(function, seen):
    """The ModelForm classes a view function names, looked for in it and the functions of its module it calls."""
    function = inspect.unwrap(function)
    if function in seen or not inspect.isfunction(function):
        return set()
    seen.add(function)
    found = set()
    for name in function.__code__.co_names:
        value = function.__globals__.get(name)
        if inspect.isclass(value) and issubclass(value, forms.ModelForm):
            found.add(value)
        elif inspect.isfunction(value) and value.__module__ == function.__module__:
            found |= _model_forms_used_by(value, seen)
    return found


def model_of_view(pattern):
    """The model the edit view changes: from its form class, or MODEL_OF_EDIT_URL; None when neither says."""
    if pattern.name in MODEL_OF_EDIT_URL:
        return MODEL_OF_EDIT_URL[pattern.name], None
    view_class = getattr(pattern.callback, "view_class", None)
    form_classes = (
        {view_class.form_class}
        if getattr(view_class, "form_class", None)
        else _model_forms_used_by(pattern.callback, set())
    )
    models = {form_class._meta.model for form_class in form_classes}
    if len(models) != 1:
        return None, form_classes
    return models.pop(), form_classes


def test_the_edit_urls_are_found():
    """The walk finds the edit pages that exist today: a rename of the URLs would otherwise empty the test."""
    names = {pattern.name for pattern in edit_patterns()}
    assert {"actor_edit", "contact_edit", "cooperation_edit", "sector_edit", "event_edit"} <= names
    assert {"need_edit", "opportunity_edit", "territory_edit"} <= names


@pytest.mark.parametrize("pattern", edit_patterns(), ids=lambda pattern: pattern.name)
def test_the_model_behind_every_edit_url_is_versioned_and_historised(pattern):
    model, form_classes = model_of_view(pattern)
    assert model is not None, (
        f"{pattern.name}: cannot tell which model this edit view changes (forms found: {form_classes}); "
        "add it to MODEL_OF_EDIT_URL"
    )
    assert issubclass(model, VersionedModel) and model._meta.get_field("version"), (
        f"{model.__name__} ({pattern.name}) has no version: make it a core.versioning.VersionedModel"
    )
    assert getattr(model._meta, "simple_history_manager_attribute", None) == "history", (
        f"{model.__name__} ({pattern.name}) keeps no history: add history = HistoricalRecords()"
    )
    for form_class in form_classes or ():
        assert issubclass(form_class, VersionedFormMixin), (
            f"{form_class.__name__} ({pattern.name}) does not carry the version: add core.versioning.VersionedFormMixin"
        )


def test_an_unknown_edit_view_fails_rather_than_passes():
    """A view that builds no ModelForm the test can see is not taken as versioned by default."""

    def opaque_edit(request, pk):
        return None

    class Pattern:
        name = "opaque_edit"
        callback = opaque_edit

    assert model_of_view(Pattern())[0] is None


def test_the_walk_reads_the_model_through_helper_functions():
    """territory_edit builds its form in a helper of its module: the model is read through it."""
    [pattern] = [pattern for pattern in edit_patterns() if pattern.name == "territory_edit"]
    assert model_of_view(pattern)[0] is EngagedTerritory
