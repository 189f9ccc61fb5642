"""A project's stage badge and flags, written in Python: a list of 50 projects included two or three templates
per row for them, a good part of the page's time at national scale. The markup is that of
templates/includes/status_badge.html."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from core.badges import status_badge

register = template.Library()


def flags_of(project):
    """(value, label) of each flag of the project: paused or abandoned, stalled, study over 12 months."""
    flags = []
    if project.side_state:
        flags.append((project.side_state, project.get_side_state_display()))
    if project.is_stalled:
        flags.append(("stalled", _("à l’arrêt")))
    if project.is_study_overdue:
        flags.append(("study_overdue", _("étude de plus de 12 mois")))
    return flags


@register.simple_tag
def project_flags(project):
    """The flags, each after a space: `{% project_flags project %}` after the stage badge."""
    return format_html_join("", " {}", ((status_badge(value, label),) for value, label in flags_of(project)))


@register.simple_tag
def project_stage_badges(project):
    """The stage badge, then the flags."""
    return format_html("{}{}", status_badge(project.stage, project.get_stage_display()), project_flags(project))
