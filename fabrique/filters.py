"""Shared pieces of list filters: Bootstrap widgets and a text search over several fields."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .form_styles import StyledFormMixin


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose form has Bootstrap classes; `search_fields` feeds the `q` text filter."""

    search_fields = ()

    q = django_filters.CharFilter(label=_("Texte"), method="filter_text")

    def filter_text(self, queryset, name, value):
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition) if value.strip() else queryset

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form_class = type("StyledFilterForm", (StyledFormMixin, self.get_form_class()), {})
            self._form = (
                form_class(self.data, prefix=self.form_prefix) if self.is_bound else form_class(prefix=self.form_prefix)
            )
        return self._form
