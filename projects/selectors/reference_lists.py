"""Reads of the lists coordinators extend, with how often each entry is used."""

from django.db.models import Count

from ..models import SocialInnovationCriterion, StopReason


def criterion_list():
    """Every criterion of the grid, in use or not, with the number of projects scored on it."""
    return SocialInnovationCriterion.objects.annotate(use_count=Count("scores")).order_by("position", "name")


def stop_reason_list():
    """Every reason for pausing or abandoning, proposed or not, with the number of stage changes giving it."""
    return StopReason.objects.annotate(use_count=Count("stage_changes")).order_by("position", "name")
