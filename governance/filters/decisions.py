"""List filter of decisions: year, committee, outcome and text.

Filter names are the French query parameters users see in their URLs (`?annee=2026&comite=3&issue=go`).
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import StyledFilterSet, YearFilter

from ..models import Committee, Decision
from ..services.decisions import outcome_choices


class DecisionFilter(StyledFilterSet):
    search_fields = ("rationale", "conditions", "agenda_item__topic", "project__title", "project__reference")

    annee = YearFilter(field_name="decided_on", label=_("Année"))
    comite = django_filters.ModelChoiceFilter(
        field_name="agenda_item__meeting__committee",
        queryset=Committee.objects.none(),
        label=_("Comité"),
        empty_label=_("Tous"),
    )
    issue = django_filters.ChoiceFilter(
        field_name="outcome", choices=outcome_choices, label=_("Décision"), empty_label=_("Toutes")
    )

    class Meta:
        model = Decision
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        committees = Committee.objects.visible_to(user) if user is not None else Committee.objects.none()
        self.filters["comite"].queryset = committees.only("pk", "name", "kind")
