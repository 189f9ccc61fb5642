"""List filter of the annual committee packs: a committee's name, a year, a state."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import StyledFilterSet, YearFilter

from ..models import CommitteePack


class PackFilter(StyledFilterSet):
    search_fields = ("committee__name",)
    annee = YearFilter(field_name="year", lookup_expr="exact", label=_("Année"))
    etat = django_filters.ChoiceFilter(
        field_name="status", label=_("État"), choices=CommitteePack.Status.choices, empty_label=_("Tous")
    )

    class Meta:
        model = CommitteePack
        fields = []
