"""Reads of the yearly targets, scoped to what the user may see."""

from django.db.models import Case, F, IntegerField, Value, When
from django.shortcuts import get_object_or_404

from ..models import TARGET_INDICATORS, Target

# The indicators in the order of DESIGN.md, not the alphabet of their keys.
INDICATOR_ORDER = Case(
    *[When(indicator=key, then=Value(index)) for index, (key, _label) in enumerate(TARGET_INDICATORS)],
    default=Value(len(TARGET_INDICATORS)),
    output_field=IntegerField(),
)


def target_list(*, user):
    """The targets, newest year first; in a year the region's first, then each territory's by name."""
    return (
        Target.objects.visible_to(user)
        .select_related("territory")
        .only("year", "indicator", "value", "version", "territory__name", "territory__slug")
        .order_by("-year", F("territory__name").asc(nulls_first=True), INDICATOR_ORDER, "pk")
    )


def target_get(*, user, pk):
    return get_object_or_404(Target.objects.visible_to(user).select_related("territory"), pk=pk)
