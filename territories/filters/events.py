"""Filters of the animation events list: territory, kind, year or date range, text, sorting."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FrenchDateFilter, YearFilter

from ..models import AnimationEvent
from .choices import TerritoryFilter
from .scope import TerritoryScopedFilterSet


class AnimationEventFilter(TerritoryScopedFilterSet):
    search_fields = ("title", "summary", "territory__name")

    territoire = TerritoryFilter(empty_label=_("Tous les territoires"))
    type = django_filters.ChoiceFilter(
        field_name="kind", choices=AnimationEvent.Kind.choices, label=_("Type d’action"), empty_label=_("Tous")
    )
    annee = YearFilter(field_name="date", label=_("Année"))
    du = FrenchDateFilter(field_name="date", lookup_expr="gte", label=_("Du"))
    au = FrenchDateFilter(field_name="date", lookup_expr="lte", label=_("Au"))
    tri = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=(
            ("date", "date"),
            ("title", "intitule"),
            ("territory__name", "territoire"),
            ("participants", "participants"),
            ("ideas_produced", "idees"),
        ),
        field_labels={
            "date": _("Date"),
            "title": _("Intitulé"),
            "territory__name": _("Territoire"),
            "participants": _("Participants"),
            "ideas_produced": _("Idées produites"),
        },
    )

    class Meta:
        model = AnimationEvent
        fields = []
