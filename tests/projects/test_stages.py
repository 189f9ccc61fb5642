"""The stage machine: every pair of stages, allowed or refused with its message, and what each move needs."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects.models import Project, StageChange
from projects.services.projects import project_move_to_stage

from .factories import ProjectFactory, StopReasonFactory

S = Project.Stage
ON_HOLD, ABANDONED = Project.SideState.ON_HOLD, Project.SideState.ABANDONED
STEPS = [*S.values, ON_HOLD, ABANDONED]

# Written out here rather than read from stages.py, so that a change of the table shows in this test.
ALLOWED = {
    S.DETECTED: {S.OPPORTUNITY_STUDY, ON_HOLD, ABANDONED},
    S.OPPORTUNITY_STUDY: {S.DETECTED, S.LEADER_SEARCH, ON_HOLD, ABANDONED},
    S.LEADER_SEARCH: {S.OPPORTUNITY_STUDY, S.TRANSMITTED, ON_HOLD, ABANDONED},
    S.TRANSMITTED: {S.LEADER_SEARCH, S.INCUBATION, ON_HOLD, ABANDONED},
    S.INCUBATION: {S.TRANSMITTED, S.CREATED, ON_HOLD, ABANDONED},
    S.CREATED: set(),
    # Paused at incubation: back to incubation, or abandoned.
    ON_HOLD: {S.INCUBATION, ABANDONED},
    ABANDONED: set(),
}
PAUSED_AT = S.INCUBATION


def project_at(step, territory):
    stage, side = (PAUSED_AT, step) if step in (ON_HOLD, ABANDONED) else (step, "")
    return ProjectFactory(
        territory=territory,
        stage=stage,
        side_state=side,
        creation_date=datetime.date(2026, 6, 1),
        target_legal_form="SCIC",
        siret="73282932000074",
    )


def error_text(error):
    return " ".join(str(message) for messages in error.message_dict.values() for message in messages)


@pytest.mark.django_db
@pytest.mark.parametrize("from_step", STEPS)
@pytest.mark.parametrize("to_step", STEPS)
def test_every_pair_of_stages(coordinator, own_territory, from_step, to_step):
    project = project_at(from_step, own_territory)
    kwargs = dict(project=project, by=coordinator, to_stage=to_step, expected_version=project.version)
    kwargs.update(reason="Décidé en réunion technique.", stop_reason=StopReasonFactory())
    if to_step in ALLOWED[from_step]:
        change = project_move_to_stage(**kwargs)
        project.refresh_from_db()
        assert (project.side_state or project.stage) == to_step
        assert (change.from_stage, change.to_stage) == (from_step, to_step)
        return
    with pytest.raises(ValidationError) as refused:
        project_move_to_stage(**kwargs)
    text = error_text(refused.value)
    if from_step == to_step:
        assert "Le projet est déjà à l’étape" in text
    elif from_step == ABANDONED:
        assert text == "Un projet abandonné ne change plus d’étape."
    elif from_step == S.CREATED:
        assert text == "L’entreprise est créée : le projet ne change plus d’étape."
    elif from_step == ON_HOLD:
        assert "Un projet en pause reprend à l’étape qu’il a quittée (« accompagnement à la création »)" in text
    else:
        assert "n’est pas possible : un projet avance d’une étape à la fois" in text
    project.refresh_from_db()
    assert (project.side_state or project.stage) == from_step
    assert not StageChange.objects.filter(project=project).exists()


@pytest.mark.django_db
def test_an_unknown_stage_is_refused(coordinator, project):
    with pytest.raises(ValidationError, match="Cette étape n’existe pas."):
        project_move_to_stage(project=project, by=coordinator, to_stage="nowhere", expected_version=project.version)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("missing", "named"),
    [("creation_date", "la date de création"), ("target_legal_form", "la forme juridique"), ("siret", "le SIRET")],
)
def test_created_requires_date_legal_form_and_siret(referent, own_territory, missing, named):
    project = project_at(S.INCUBATION, own_territory)
    setattr(project, missing, None if missing == "creation_date" else "")
    project.save()
    with pytest.raises(ValidationError) as refused:
        project_move_to_stage(project=project, by=referent, to_stage=S.CREATED, expected_version=project.version)
    assert error_text(refused.value) == f"Pour passer à « entreprise créée », renseignez d’abord {named}."
    project.refresh_from_db()
    assert project.stage == S.INCUBATION


@pytest.mark.django_db
def test_created_with_everything_by_the_referent(referent, own_territory):
    project = project_at(S.INCUBATION, own_territory)
    change = project_move_to_stage(project=project, by=referent, to_stage=S.CREATED, expected_version=project.version)
    assert project.stage == S.CREATED and change.by == referent and not change.is_without_decision


@pytest.mark.django_db
@pytest.mark.parametrize("side", [ON_HOLD, ABANDONED])
def test_pausing_or_abandoning_needs_a_reason(referent, own_territory, side):
    project = project_at(S.LEADER_SEARCH, own_territory)
    with pytest.raises(ValidationError) as refused:
        project_move_to_stage(project=project, by=referent, to_stage=side, expected_version=project.version)
    assert error_text(refused.value) == (
        "Indiquez le motif de la pause ou de l’abandon : choisissez-en un ou écrivez-le."
    )


@pytest.mark.django_db
def test_a_stop_reason_from_the_list_is_enough(referent, own_territory):
    project = project_at(S.LEADER_SEARCH, own_territory)
    reason = StopReasonFactory(name="Financement insuffisant")
    change = project_move_to_stage(
        project=project, by=referent, to_stage=ON_HOLD, stop_reason=reason, expected_version=project.version
    )
    assert change.stop_reason == reason and project.is_on_hold and project.stage == S.LEADER_SEARCH


@pytest.mark.django_db
def test_a_written_comment_is_enough_and_reactivation_returns_to_the_stage_left(referent, own_territory):
    project = project_at(S.LEADER_SEARCH, own_territory)
    since = project.stage_since
    project_move_to_stage(
        project=project, by=referent, to_stage=ON_HOLD, reason="Le porteur déménage.", expected_version=project.version
    )
    change = project_move_to_stage(
        project=project, by=referent, to_stage=S.LEADER_SEARCH, expected_version=project.version
    )
    project.refresh_from_db()
    assert (change.from_stage, change.to_stage) == (ON_HOLD, S.LEADER_SEARCH)
    assert project.stage == S.LEADER_SEARCH and project.side_state == "" and project.stage_since == since


@pytest.mark.django_db
def test_reactivating_at_a_committee_stage_needs_no_committee(referent, own_territory):
    """The decision that opened the stage was taken before the pause: the referent reactivates it."""
    project = project_at(S.OPPORTUNITY_STUDY, own_territory)
    project_move_to_stage(
        project=project, by=referent, to_stage=ON_HOLD, reason="Attente.", expected_version=project.version
    )
    change = project_move_to_stage(
        project=project, by=referent, to_stage=S.OPPORTUNITY_STUDY, expected_version=project.version
    )
    assert not change.is_without_decision


@pytest.mark.django_db
def test_stepping_back_needs_a_reason(referent, own_territory):
    project = project_at(S.INCUBATION, own_territory)
    with pytest.raises(PermissionDenied):
        # Back to transmitted, a committee stage: coordinators only.
        project_move_to_stage(project=project, by=referent, to_stage=S.TRANSMITTED, expected_version=project.version)
    project = project_at(S.OPPORTUNITY_STUDY, own_territory)
    with pytest.raises(ValidationError) as refused:
        project_move_to_stage(project=project, by=referent, to_stage=S.DETECTED, expected_version=project.version)
    assert error_text(refused.value) == "Indiquez pourquoi le projet revient à l’étape « idée détectée »."
    change = project_move_to_stage(
        project=project, by=referent, to_stage=S.DETECTED, reason="Étude suspendue.", expected_version=project.version
    )
    assert change.reason == "Étude suspendue."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("from_step", "to_step"), [(S.DETECTED, S.OPPORTUNITY_STUDY), (S.LEADER_SEARCH, S.TRANSMITTED)]
)
def test_committee_stages_are_for_a_coordinator_with_a_written_reason(
    coordinator, referent, own_territory, from_step, to_step
):
    project = project_at(from_step, own_territory)
    with pytest.raises(PermissionDenied) as refused:
        project_move_to_stage(
            project=project, by=referent, to_stage=to_step, reason="Comité ok.", expected_version=project.version
        )
    assert "seule la coordination peut y faire passer un projet" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        project_move_to_stage(project=project, by=coordinator, to_stage=to_step, expected_version=project.version)
    assert "Sans décision du comité de pilotage, indiquez par écrit pourquoi" in error_text(refused.value)
    assert not StageChange.objects.filter(project=project).exists()
    change = project_move_to_stage(
        project=project,
        by=coordinator,
        to_stage=to_step,
        reason="Décision orale du comité du 3 mars.",
        expected_version=project.version,
    )
    assert change.is_without_decision and change.by == coordinator
    assert change.reason == "Décision orale du comité du 3 mars."


@pytest.mark.django_db
def test_an_ordinary_move_is_not_marked_without_decision(referent, own_territory):
    project = project_at(S.OPPORTUNITY_STUDY, own_territory)
    change = project_move_to_stage(
        project=project, by=referent, to_stage=S.LEADER_SEARCH, expected_version=project.version
    )
    assert not change.is_without_decision and project.stage == S.LEADER_SEARCH and project.version == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("months_ago", "overdue"), [(11, False), (13, True)])
def test_an_opportunity_study_open_past_12_months_is_flagged(own_territory, months_ago, overdue):
    from django.utils import timezone

    since = timezone.now() - datetime.timedelta(days=months_ago * 30.5)
    project = ProjectFactory(territory=own_territory, stage=S.OPPORTUNITY_STUDY, stage_since=since)
    ProjectFactory(territory=own_territory, stage=S.LEADER_SEARCH, stage_since=since - datetime.timedelta(days=400))
    assert project.is_study_overdue is overdue
    assert list(Project.objects.study_overdue()) == ([project] if overdue else [])
    project.side_state = ON_HOLD
    assert not project.is_study_overdue


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("from_step", "to_step"), [(S.DETECTED, S.OPPORTUNITY_STUDY), (S.LEADER_SEARCH, S.TRANSMITTED)]
)
def test_a_committee_decision_enters_a_committee_stage_without_a_written_reason(
    coordinator, own_territory, from_step, to_step
):
    """The decision path (governance's decision_record passes by_decision=True): no reason asked, not marked."""
    project = project_at(from_step, own_territory)
    change = project_move_to_stage(
        project=project, by=coordinator, to_stage=to_step, expected_version=project.version, by_decision=True
    )
    assert project.stage == to_step and not change.is_without_decision and change.reason == ""


@pytest.mark.django_db
def test_a_decision_still_follows_the_allowed_moves(coordinator, own_territory):
    """A decision moves a project one stage forward (or stops it): never back, never two stages at once."""
    for stage in (S.LEADER_SEARCH, S.INCUBATION):
        project = project_at(stage, own_territory)
        with pytest.raises(ValidationError) as refused:
            project_move_to_stage(
                project=project,
                by=coordinator,
                to_stage=S.OPPORTUNITY_STUDY,
                reason="Le comité relance l’étude.",
                expected_version=project.version,
                by_decision=True,
            )
        text = error_text(refused.value)
        assert "un projet avance d’une étape à la fois" in text or "fait avancer le projet d’une étape" in text
        assert not StageChange.objects.filter(project=project).exists()
        project.refresh_from_db()
        assert project.stage == stage and project.version == 1


@pytest.mark.django_db
def test_the_stage_dialog_says_committee_stages_come_from_a_decision(client_for, coordinator, own_territory):
    from django.urls import reverse

    from tests.helpers import text

    project = project_at(S.DETECTED, own_territory)
    page = text(client_for(coordinator).get(reverse("project_move", kwargs={"project": project.pk})))
    assert "s’ouvrent normalement en enregistrant la décision du comité de pilotage à sa séance" in page
    project = project_at(S.OPPORTUNITY_STUDY, own_territory)
    page = text(client_for(coordinator).get(reverse("project_move", kwargs={"project": project.pk})))
    # Back to detected or on to leader_search: no committee stage among the choices.
    assert "s’ouvrent normalement" not in page
