"""Shared pieces of list filters and query-string forms: Bootstrap widgets, text search, bounded years, NUL refused."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .dates import FrenchDateField
from .form_styles import StyledFormMixin
from .text import contains_nul

# A date lookup on a year outside what Python's dates hold raises in the database layer (year 0, 10000,
# 999999999999): a year filter accepts only the years this platform's records can have.
YEAR_MIN = 1900
YEAR_MAX = 2100
YEAR_OUT_OF_RANGE = format_lazy(_("Saisissez une année entre {min} et {max}."), min=YEAR_MIN, max=YEAR_MAX)

# Longer than any name or title searched: a longer text is a mistake or an attack, not a search.
SEARCH_MAX_LENGTH = 200

NUL_IN_QUERY = _("Cette valeur contient un caractère nul (invisible) : elle n’est pas prise en compte.")


class QueryFormMixin:
    """A form reading a query string: a value holding NUL is taken out before any field reads it.

    PostgreSQL cannot compare a text holding NUL (the driver raises), so such a value must never reach a
    field that looks it up (a territory by slug, a département by code); it is reported on its field, or
    dropped when no field bears its name (a NUL in a parameter's name as well).
    """

    _nul_fields = ()

    def full_clean(self):
        self._nul_fields = []
        if self.is_bound:
            self.data = self._without_nul_values()
        super().full_clean()

    def clean(self):
        cleaned_data = super().clean()
        for name in self._nul_fields:
            self.add_error(name, NUL_IN_QUERY)
        return cleaned_data

    def _field_of(self, key):
        # Multi-value widgets send `<name>_min`, `<name>_0`...: the field is the one whose name prefixes the key.
        for name in self.fields:
            prefixed = self.add_prefix(name)
            if key == prefixed or key.startswith(prefixed + "_"):
                return name
        return None

    def _without_nul_values(self):
        has_lists = hasattr(self.data, "getlist")
        data = self.data.copy()
        for key in list(self.data.keys()):
            values = self.data.getlist(key) if has_lists else [self.data[key]]
            if contains_nul(key) or any(isinstance(value, str) and contains_nul(value) for value in values):
                data.pop(key)
                name = self._field_of(key)
                if name is not None and name not in self._nul_fields:
                    self._nul_fields.append(name)
        return data


class YearFilter(django_filters.NumberFilter):
    """A whole year between YEAR_MIN and YEAR_MAX, filtering a date field by its year by default."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        kwargs.setdefault(
            "error_messages",
            {"invalid": YEAR_OUT_OF_RANGE, "min_value": YEAR_OUT_OF_RANGE, "max_value": YEAR_OUT_OF_RANGE},
        )
        super().__init__(*args, **kwargs)

    def get_max_validator(self):
        # The field's own max_value already bounds it, with the message above.
        return None


class FrenchDateFilter(django_filters.DateFilter):
    """A date of a list filter, typed as in the forms: jj/mm/aaaa (core.dates)."""

    field_class = FrenchDateField


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose form has Bootstrap classes and refuses NUL; `search_fields` feeds the `q` text filter."""

    search_fields = ()
    # Filters that links set (a dashboard figure opens the rows behind it): in the form only when the query
    # string sets them, so that the reader sees, and may clear, what narrows the rows, and the form stays short.
    shown_when_set = ()

    q = django_filters.CharFilter(label=_("Texte"), method="filter_text", max_length=SEARCH_MAX_LENGTH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.shown_when_set:
            if not self.data.get(self.form_prefix + "-" + name if self.form_prefix else name):
                # Not set, it would filter nothing: left out of the form.
                del self.filters[name]

    def filter_text(self, queryset, name, value):
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition) if value.strip() else queryset

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form_class = type("StyledFilterForm", (QueryFormMixin, StyledFormMixin, self.get_form_class()), {})
            self._form = (
                form_class(self.data, prefix=self.form_prefix) if self.is_bound else form_class(prefix=self.form_prefix)
            )
        return self._form
