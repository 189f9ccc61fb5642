"""Creating and editing projects: permissions per role, the reference, versions, history, the opportunity."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.versioning import CONCURRENT_EDIT_MESSAGE, ConcurrentEditError
from projects.models import Project, ReferenceCounter, StageChange
from projects.services.projects import next_reference, project_create, project_move_to_stage, project_update
from territories.models import Opportunity

from ..territories.factories import NeedFactory, OpportunityFactory


def create(by, territory, **fields):
    fields = {"title": "Garage solidaire", "origin": Project.Origin.DIAGNOSIS, **fields}
    return project_create(by=by, territory=territory, **fields)


@pytest.mark.django_db
def test_a_referent_creates_a_project_on_their_territory(referent, own_territory):
    need = NeedFactory(territory=own_territory)
    project = create(referent, own_territory, needs=[need], referent_users=[referent], summary="Réparer à bas coût.")
    project.refresh_from_db()
    assert project.reference == f"FAB-{timezone.localdate().year}-0001"
    assert project.stage == Project.Stage.DETECTED and project.side_state == "" and project.version == 1
    assert list(project.needs.all()) == [need] and list(project.referent_users.all()) == [referent]
    [change] = StageChange.objects.filter(project=project)
    assert (change.from_stage, change.to_stage, change.by) == ("", Project.Stage.DETECTED, referent)
    assert project.history.count() == 1 and project.history.first().history_user == referent


@pytest.mark.django_db
def test_a_coordinator_creates_anywhere(coordinator, other_territory):
    assert create(coordinator, other_territory).territory == other_territory


@pytest.mark.django_db
def test_a_referent_of_another_territory_and_a_partner_may_not_create(other_referent, partner, own_territory):
    for user in (other_referent, partner):
        with pytest.raises(PermissionDenied):
            create(user, own_territory)
    assert not Project.objects.exists() and not ReferenceCounter.objects.exists()


@pytest.mark.django_db
def test_bad_input_saves_nothing(referent, own_territory):
    with pytest.raises(ValidationError) as refused:
        create(referent, own_territory, jobs_planned_fte=Decimal("-1"), siret="123")
    assert "Un SIRET compte 14 chiffres (« 123 »)." in refused.value.message_dict["siret"]
    assert not Project.objects.exists() and not StageChange.objects.exists()
    # The reference taken inside the refused transaction is given back with it.
    assert create(referent, own_territory).reference.endswith("-0001")


@pytest.mark.django_db
def test_a_siret_with_a_wrong_key_is_refused(referent, own_territory):
    with pytest.raises(ValidationError) as refused:
        create(referent, own_territory, siret="73282932000075")
    assert "sa clé de contrôle (Luhn) est fausse" in " ".join(refused.value.message_dict["siret"])


@pytest.mark.django_db
def test_needs_and_opportunity_of_another_territory_are_refused(referent, own_territory, other_territory):
    with pytest.raises(ValidationError) as refused:
        create(referent, own_territory, needs=[NeedFactory(territory=other_territory, title="Mobilité rurale")])
    assert refused.value.message_dict["needs"] == [
        "Un projet ne répond qu’à des besoins de son territoire : « Mobilité rurale » n’en est pas."
    ]
    with pytest.raises(ValidationError) as refused:
        create(referent, own_territory, opportunity=OpportunityFactory(territory=other_territory))
    assert refused.value.message_dict["opportunity"] == ["L’opportunité doit être celle du territoire du projet."]
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_references_follow_a_sequence_per_year():
    assert [next_reference(2026) for _ in range(3)] == ["FAB-2026-0001", "FAB-2026-0002", "FAB-2026-0003"]
    assert next_reference(2027) == "FAB-2027-0001"
    assert next_reference(2026) == "FAB-2026-0004"


@pytest.mark.django_db
def test_references_are_unique(referent, own_territory):
    references = [create(referent, own_territory, title=f"Projet {n}").reference for n in range(5)]
    assert len(set(references)) == 5
    assert sorted(references) == [f"FAB-{timezone.localdate().year}-{n:04d}" for n in range(1, 6)]


@pytest.mark.django_db
def test_the_opportunity_follows_en_projet(referent, own_territory):
    opportunity = OpportunityFactory(territory=own_territory)
    project = create(referent, own_territory, opportunity=opportunity)
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.IN_PROJECT and opportunity.version == 2
    assert opportunity.get_status_display() == "en projet"
    assert list(opportunity.projects.all()) == [project]


@pytest.mark.django_db
def test_an_opportunity_set_by_an_edit_follows_too(referent, project):
    opportunity = OpportunityFactory(territory=project.territory)
    project_update(project=project, by=referent, expected_version=project.version, opportunity=opportunity)
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.IN_PROJECT


@pytest.mark.django_db
def test_the_referent_edits_and_history_is_written(referent, project):
    project_update(project=project, by=referent, expected_version=1, title="Garage solidaire du Beauvaisis")
    project.refresh_from_db()
    assert project.title == "Garage solidaire du Beauvaisis" and project.version == 2
    assert project.history.first().history_user == referent


@pytest.mark.django_db
def test_a_concurrent_edit_is_refused_and_nothing_overwritten(referent, coordinator, project):
    stale = Project.objects.get(pk=project.pk)
    project_update(project=project, by=coordinator, expected_version=1, title="Version de la coordination")
    with pytest.raises(ConcurrentEditError) as refused:
        project_update(project=stale, by=referent, expected_version=1, title="Version du référent")
    assert refused.value.messages == [str(CONCURRENT_EDIT_MESSAGE)]
    project.refresh_from_db()
    assert project.title == "Version de la coordination"


@pytest.mark.django_db
def test_a_move_on_a_stale_version_is_refused(referent, project):
    project_update(project=project, by=referent, expected_version=1, title="Nouveau titre")
    with pytest.raises(ConcurrentEditError):
        project_move_to_stage(
            project=project, by=referent, to_stage=Project.SideState.ON_HOLD, reason="x", expected_version=1
        )
    assert not StageChange.objects.filter(project=project).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["stage", "side_state", "reference", "stage_since"])
def test_the_stage_and_reference_are_not_edited(referent, project, field):
    with pytest.raises(ValueError, match="project_move_to_stage"):
        project_update(project=project, by=referent, expected_version=1, **{field: "created"})
    project.refresh_from_db()
    assert project.stage == Project.Stage.DETECTED and project.version == 1


@pytest.mark.django_db
def test_the_territory_does_not_change(referent, project, other_territory):
    with pytest.raises(ValidationError) as refused:
        project_update(project=project, by=referent, expected_version=1, territory=other_territory)
    assert refused.value.message_dict["territory"] == ["Le territoire d’un projet existant ne change pas."]


@pytest.mark.django_db
def test_who_may_edit_and_move(coordinator, referent, other_referent, partner, project):
    for user in (other_referent, partner):
        with pytest.raises(PermissionDenied):
            project_update(project=project, by=user, expected_version=1, title="Non")
        with pytest.raises(PermissionDenied):
            project_move_to_stage(
                project=project, by=user, to_stage=Project.SideState.ON_HOLD, reason="x", expected_version=1
            )
    project_update(project=project, by=coordinator, expected_version=1, title="Oui")
    project_update(project=project, by=referent, expected_version=2, title="Oui encore")
    project.refresh_from_db()
    assert project.version == 3


@pytest.mark.django_db
def test_a_move_writes_history_and_stage_change(referent, project):
    before = project.stage_since
    project_move_to_stage(
        project=project, by=referent, to_stage=Project.SideState.ABANDONED, reason="Pas de porteur.", expected_version=1
    )
    project.refresh_from_db()
    assert project.is_abandoned and project.stage == Project.Stage.DETECTED and project.stage_since == before
    record = project.history.first()
    assert record.side_state == Project.SideState.ABANDONED and record.history_user == referent
    change = StageChange.objects.get(project=project)
    assert change.history.count() == 1


@pytest.mark.django_db
def test_follow_ups_and_jobs_are_checked(referent, project):
    with pytest.raises(ValidationError) as refused:
        project_update(project=project, by=referent, expected_version=1, jobs_3y=Decimal("-2"))
    assert "Le nombre d’emplois du suivi ne peut pas être négatif." in str(refused.value)
    project.refresh_from_db()
    assert project.jobs_3y is None and project.version == 1
    project_update(
        project=project,
        by=referent,
        expected_version=1,
        still_active_1y=True,
        jobs_1y=Decimal("3.5"),
        creation_date=datetime.date(2025, 1, 6),
    )
    project.refresh_from_db()
    assert project.still_active_1y is True and project.still_active_3y is None


@pytest.mark.django_db
def test_the_leader_is_a_person_or_a_structure(referent, own_territory):
    with pytest.raises(ValidationError) as refused:
        create(referent, own_territory, leader_name="Camille Durand", leader_structure=own_territory.referent_actor)
    assert refused.value.message_dict["leader_structure"] == [
        "Le porteur est une personne ou une structure existante, pas les deux : videz l’une ou l’autre."
    ]
    assert create(referent, own_territory, leader_structure=own_territory.referent_actor).leader_name == ""
