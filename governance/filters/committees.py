"""List filter of committees.

Filter names are the French query parameters users see in their URLs (`?type=steering`).
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import StyledFilterSet

from ..models import Committee


class CommitteeFilter(StyledFilterSet):
    search_fields = ("name", "purpose")

    type = django_filters.ChoiceFilter(
        field_name="kind", label=_("Type de comité"), choices=Committee.Kind.choices, empty_label=_("Tous")
    )

    class Meta:
        model = Committee
        fields = []
