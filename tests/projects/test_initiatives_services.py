"""Services of the library of inspiring initiatives: coordinators create and edit, versioned; nobody else."""

import pytest
import rules
from django.core.exceptions import PermissionDenied, ValidationError

from core.versioning import ConcurrentEditError
from projects.models import Initiative
from projects.services.initiatives import initiative_create, initiative_update

from .factories import InitiativeFactory


def test_a_coordinator_creates_a_draft_by_default(coordinator):
    initiative = initiative_create(by=coordinator, title="Tiers-lieu rural", summary="Un lieu partagé.")
    assert initiative.status == Initiative.Status.DRAFT and initiative.version == 1
    assert initiative.recorded_by == coordinator
    assert initiative.history.get().history_user == coordinator


@pytest.mark.parametrize("fixture", ["referent", "partner"])
def test_no_one_else_creates_or_edits(request, fixture):
    user = request.getfixturevalue(fixture)
    with pytest.raises(PermissionDenied):
        initiative_create(by=user, title="Intruse", summary="x")
    initiative = InitiativeFactory()
    with pytest.raises(PermissionDenied):
        initiative_update(initiative=initiative, by=user, expected_version=1, title="Changée")
    assert not Initiative.objects.filter(title__in=["Intruse", "Changée"]).exists()


def test_an_edit_bumps_the_version_and_a_stale_one_is_refused(coordinator):
    initiative = InitiativeFactory(title="Avant")
    initiative_update(initiative=initiative, by=coordinator, expected_version=1, title="Après")
    assert initiative.version == 2
    stale = Initiative.objects.get(pk=initiative.pk)
    stale.version = 1
    with pytest.raises(ConcurrentEditError):
        initiative_update(initiative=stale, by=coordinator, expected_version=1, title="Écrasée")
    assert Initiative.objects.get(pk=initiative.pk).title == "Après"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"year_started": 1700}, "L’année de démarrage doit être postérieure à 1800."),
        ({"jobs_fte": -1}, "Le nombre d’emplois ne peut pas être négatif."),
        ({"source_url": "pas une adresse"}, "Saisissez une URL valide."),
    ],
)
def test_the_model_refuses_bad_values_in_french(coordinator, fields, message):
    with pytest.raises(ValidationError) as error:
        initiative_create(by=coordinator, title="Mauvaise", summary="x", **fields)
    assert message in str(error.value)
    assert not Initiative.objects.filter(title="Mauvaise").exists()


def test_a_field_no_edit_sets_is_a_programming_error(coordinator):
    with pytest.raises(ValueError):
        initiative_create(by=coordinator, title="x", summary="x", search_vector="x")


def test_the_rules(coordinator, referent, partner, staff):
    published, draft = InitiativeFactory(), InitiativeFactory(status="draft")
    assert rules.has_perm("projects.view_initiative", coordinator, draft)
    assert not rules.has_perm("projects.view_initiative", referent, draft)
    assert rules.has_perm("projects.view_initiative", partner, published)
    assert rules.has_perm("projects.replicate_initiative", referent, published)
    assert not rules.has_perm("projects.replicate_initiative", referent, draft)
    assert not rules.has_perm("projects.replicate_initiative", partner, published)
    assert not rules.has_perm("projects.change_initiative", referent, published)
    assert rules.has_perm("projects.change_initiative", coordinator, published)
