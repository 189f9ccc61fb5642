"""The project form, the stage-change form and the social-innovation grid form, on their own."""

import pytest
from django.contrib.auth.models import AnonymousUser

from projects.forms.criteria import CriteriaForm
from projects.forms.projects import ProjectForm
from projects.forms.stages import StageChangeForm
from projects.models import Project, SocialInnovationCriterion, StopReason
from projects.selectors.projects import project_criterion_scores

from ..territories.factories import EngagedTerritoryFactory, NeedFactory, OpportunityFactory, SectorFactory
from .factories import ProjectFactory, StopReasonFactory

pytestmark = pytest.mark.django_db


def choice_values(field):
    return {str(value) for value, _label in field.choices if value != ""}


def test_territories_offered_are_those_the_user_edits(referent, coordinator, own_territory, other_territory):
    assert list(ProjectForm(user=referent).fields["territory"].queryset) == [own_territory]
    assert set(ProjectForm(user=coordinator).fields["territory"].queryset) == {own_territory, other_territory}


def test_a_preselected_territory_narrows_needs_and_opportunities(referent, own_territory):
    mine = NeedFactory(territory=own_territory, title="Besoin du Beauvaisis")
    NeedFactory(territory=own_territory, title="Idée à examiner", status="to_review")
    NeedFactory(territory=own_territory, title="Idée non retenue", status="declined")
    NeedFactory(title="Besoin d’ailleurs")
    opportunity = OpportunityFactory(territory=own_territory)
    OpportunityFactory(territory=own_territory, status="dropped")
    OpportunityFactory()
    form = ProjectForm(user=referent, initial={"territory": own_territory})
    assert list(form.fields["needs"].queryset) == [mine]
    assert list(form.fields["opportunity"].queryset) == [opportunity]
    # One territory: its name is not repeated in every label.
    assert [label for _value, label in form.fields["needs"].choices] == ["Besoin du Beauvaisis"]


def test_without_preselection_needs_of_every_editable_territory_are_named_with_it(
    coordinator, own_territory, other_territory
):
    NeedFactory(territory=own_territory, title="Un")
    NeedFactory(territory=other_territory, title="Deux")
    labels = [label for _value, label in ProjectForm(user=coordinator).fields["needs"].choices]
    assert labels == ["Amiens Métropole — Deux", "Beauvaisis — Un"]


def test_a_need_of_another_territory_is_refused_on_its_field(coordinator, own_territory, other_territory):
    foreign = NeedFactory(territory=other_territory)
    form = ProjectForm(
        {"territory": own_territory.pk, "title": "T", "origin": "diagnosis", "needs": [foreign.pk]}, user=coordinator
    )
    assert not form.is_valid()
    assert "n’en est pas" in form.errors["needs"][0]


def test_an_unreviewed_idea_cannot_be_posted_as_a_need(referent, own_territory):
    idea = NeedFactory(territory=own_territory, status="to_review")
    form = ProjectForm(
        {"territory": own_territory.pk, "title": "T", "origin": "diagnosis", "needs": [idea.pk]}, user=referent
    )
    assert not form.is_valid() and form.errors["needs"]


def test_an_inactive_sector_is_not_offered_unless_already_chosen(coordinator, own_territory):
    active = SectorFactory(is_active=True)
    old = SectorFactory(is_active=False)
    offered = set(ProjectForm(user=coordinator).fields["sector"].queryset)
    assert active in offered and old not in offered
    project = ProjectFactory(territory=own_territory, sector=old)
    assert {active, old} <= set(ProjectForm(instance=project, user=coordinator).fields["sector"].queryset)


def test_the_edit_form_carries_the_version_and_keeps_the_territory(coordinator, own_territory, other_territory):
    project = ProjectFactory(territory=own_territory)
    form = ProjectForm(
        {"territory": other_territory.pk, "title": "Nouveau", "origin": "diagnosis", "version": project.version},
        instance=project,
        user=coordinator,
    )
    assert form.is_valid(), form.errors
    assert "territory" not in form.service_data() and form.expected_version == project.version
    missing = ProjectForm({"title": "Nouveau", "origin": "diagnosis"}, instance=project, user=coordinator)
    assert not missing.is_valid() and "version de la fiche manque" in str(missing.non_field_errors())


def test_french_numbers_are_read(coordinator, own_territory):
    form = ProjectForm(
        {
            "territory": own_territory.pk,
            "title": "T",
            "origin": "diagnosis",
            "budget": "12 500,50",
            "jobs_planned_fte": "1,5",
        },
        user=coordinator,
    )
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["budget"]) == "12500.50" and form.cleaned_data["jobs_created_fte"] == 0


def test_a_user_without_territory_is_offered_none():
    assert not ProjectForm(user=AnonymousUser()).fields["territory"].queryset.exists()


# --- stage change ------------------------------------------------------------------------------------


def test_stage_change_offers_only_the_allowed_moves(own_territory):
    project = ProjectFactory(territory=own_territory, stage="opportunity_study")
    assert choice_values(StageChangeForm(project=project).fields["to_stage"]) == {
        "detected",
        "leader_search",
        "on_hold",
        "abandoned",
    }
    paused = ProjectFactory(territory=own_territory, stage="incubation", side_state="on_hold")
    assert choice_values(StageChangeForm(project=paused).fields["to_stage"]) == {"incubation", "abandoned"}
    created = ProjectFactory(territory=own_territory, stage="created")
    assert choice_values(StageChangeForm(project=created).fields["to_stage"]) == set()


def test_stage_change_offers_active_stop_reasons_only(own_territory):
    StopReason.objects.all().delete()
    kept = StopReasonFactory(name="Porteur indisponible")
    StopReasonFactory(name="Motif retiré", active=False)
    form = StageChangeForm(project=ProjectFactory(territory=own_territory))
    assert list(form.fields["stop_reason"].queryset) == [kept]


def test_stage_change_takes_a_known_step_for_the_service_to_judge(own_territory):
    project = ProjectFactory(territory=own_territory)
    form = StageChangeForm({"to_stage": "created", "version": project.version}, project=project)
    # Not offered, but known: the service refuses it with stages.check_move's reason.
    assert form.is_valid()
    unknown = StageChangeForm({"to_stage": "lune", "version": project.version}, project=project)
    assert not unknown.is_valid() and "n’existe pas" in unknown.errors["to_stage"][0]
    empty = StageChangeForm({}, project=project)
    assert not empty.is_valid() and "Choisissez l’étape" in empty.errors["to_stage"][0]


# --- social-innovation grid --------------------------------------------------------------------------


def test_grid_form_has_a_score_and_comment_per_active_criterion(own_territory):
    project = ProjectFactory(territory=own_territory)
    SocialInnovationCriterion.objects.create(name="Critère retiré", active=False, position=99)
    grid = project_criterion_scores(project=project)
    form = CriteriaForm(grid=grid)
    assert len(form.rows()) == SocialInnovationCriterion.objects.filter(active=True).count() == len(grid)
    assert all(not row.score.field.required for row in form.rows())


def test_grid_form_reports_only_changes(own_territory):
    project = ProjectFactory(territory=own_territory)
    criterion = SocialInnovationCriterion.objects.filter(active=True).first()
    project.criterion_scores.create(criterion=criterion, score=2, comment="Déjà noté")
    grid = project_criterion_scores(project=project)
    same = CriteriaForm({f"score_{criterion.pk}": "2", f"comment_{criterion.pk}": "Déjà noté"}, grid=grid)
    assert same.is_valid() and same.changes() == []
    changed = CriteriaForm({f"score_{criterion.pk}": "3", f"comment_{criterion.pk}": "Mieux"}, grid=grid)
    assert changed.is_valid() and changed.changes() == [(criterion, 3, "Mieux")]


def test_project_model_refuses_a_person_and_a_structure(own_territory):
    project = Project(
        territory=own_territory, leader_name="X", leader_structure=EngagedTerritoryFactory().referent_actor
    )
    with pytest.raises(Exception, match="pas les deux"):
        project.clean()
