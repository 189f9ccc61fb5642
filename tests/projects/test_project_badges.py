"""A project's stage badge and flags, written in Python: the markup of includes/status_badge.html."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load project_badges %}" + source).render(Context(context))


def badge(value, label):
    return Template('{% include "includes/status_badge.html" %}').render(Context({"value": value, "label": label}))


def test_a_paused_stalled_project_shows_its_stage_then_its_flags(own_territory):
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    project = ProjectFactory(territory=own_territory, stage="detected", side_state="on_hold", last_activity_on=long_ago)
    # A paused project is not stalled: it waits on purpose.
    assert render("{% project_stage_badges p %}", p=project) == badge("detected", "idée détectée") + " " + badge(
        "on_hold", "en pause"
    )


def test_a_stalled_study_over_a_year_has_both_flags_and_an_active_one_none(own_territory):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    project = ProjectFactory(
        territory=own_territory, stage="opportunity_study", stage_since=long_ago, last_activity_on=long_ago.date()
    )
    assert render("{% project_flags p %}", p=project) == (
        " " + badge("stalled", "à l’arrêt") + " " + badge("study_overdue", "étude de plus de 12 mois")
    )
    assert render("{% project_flags p %}", p=ProjectFactory(territory=own_territory)) == ""
