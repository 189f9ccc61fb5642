"""Who reads projects (the scoped manager, the selectors and the rules agree), and the admin keeps the stage."""

import pytest
from django.http import Http404
from django.urls import reverse

from projects.models import Project, SocialInnovationCriterion, StopReason
from projects.selectors.projects import project_export_rows, project_get, project_list, project_stage_changes
from projects.services.projects import project_create, project_move_to_stage

from ..territories.factories import EngagedTerritoryFactory
from .factories import ProjectFactory


@pytest.fixture
def projects(own_territory, other_territory):
    return [ProjectFactory(territory=own_territory), ProjectFactory(territory=other_territory)]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "referent", "other_referent"])
def test_coordinators_and_referents_read_every_project_of_the_region(request, projects, role):
    user = request.getfixturevalue(role)
    assert set(project_list(user=user)) == set(projects)
    assert all(user.has_perm("projects.view_project", project) for project in projects)
    assert project_get(user=user, pk=projects[1].pk) == projects[1]


@pytest.mark.django_db
def test_partners_read_no_project_until_committees_exist(partner, projects):
    assert not project_list(user=partner).exists()
    assert not any(partner.has_perm("projects.view_project", project) for project in projects)
    with pytest.raises(Http404):
        project_get(user=partner, pk=projects[0].pk)


@pytest.mark.django_db
def test_anonymous_and_staff_read_none(staff, projects):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), staff):
        assert not project_list(user=user).exists()


@pytest.mark.django_db
def test_editing_and_personal_data_stay_with_the_territory(coordinator, referent, other_referent, partner, projects):
    own, other = projects
    for perm in ("projects.change_project", "projects.move_project", "projects.view_leader_personal_data"):
        assert coordinator.has_perm(perm, own) and coordinator.has_perm(perm, other)
        assert referent.has_perm(perm, own) and not referent.has_perm(perm, other)
        assert other_referent.has_perm(perm, other) and not other_referent.has_perm(perm, own)
        assert not partner.has_perm(perm, own)
    assert coordinator.has_perm("projects.manage_stop_reasons") and not referent.has_perm("projects.manage_criteria")


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_reads_in_constant_queries(coordinator, django_assert_max_num_queries, rows):
    territory = EngagedTerritoryFactory()
    ProjectFactory.create_batch(rows, territory=territory, leader_structure=territory.referent_actor)
    with django_assert_max_num_queries(1):
        listed = [(p.territory.name, p.sector, p.stage, p.is_stalled) for p in project_list(user=coordinator)]
    assert len(listed) == rows
    # The export widens the same rows to what its columns read, still in one query.
    with django_assert_max_num_queries(1):
        exported = [
            (p.territory.name, p.referent_actor, p.leader_structure.name, p.summary, p.budget)
            for p in project_export_rows(project_list(user=coordinator))
        ]
    assert len(exported) == rows


@pytest.mark.django_db
def test_stage_changes_read_in_order(coordinator, own_territory):
    project = project_create(by=coordinator, territory=own_territory, title="Épicerie partagée", origin="diagnosis")
    project_move_to_stage(
        project=project, by=coordinator, to_stage="opportunity_study", reason="Comité oral.", expected_version=1
    )
    assert [c.to_stage for c in project_stage_changes(project=project)] == ["detected", "opportunity_study"]


@pytest.mark.django_db
def test_the_grid_and_reasons_are_seeded():
    assert list(SocialInnovationCriterion.objects.values_list("name", flat=True)) == [
        "Répond à un besoin non satisfait du territoire",
        "Crée des emplois non délocalisables",
        "Respectueux de la planète et de ses habitants, durable pour les générations futures",
        "Repose sur la coopération des acteurs locaux",
        "Place l’humain et non le profit au cœur du projet",
    ]
    assert StopReason.objects.filter(name="Financement insuffisant").exists()


@pytest.mark.django_db
def test_the_admin_shows_the_stage_read_only(client, staff, project):
    client.force_login(staff)
    url = reverse("admin:projects_project_change", args=[project.pk])
    response = client.get(url)
    assert response.status_code == 200
    form_fields = response.context["adminform"].form.fields
    assert not {"stage", "side_state", "reference", "stage_since"} & set(form_fields)
    assert {"stage", "side_state", "reference"} <= set(response.context["adminform"].readonly_fields)
    # A posted stage is ignored: the admin cannot move a project.
    data = {
        name: "" if value is None else value
        for name, value in response.context["adminform"].form.initial.items()
        if name in form_fields and not isinstance(value, list)
    }
    data.update(
        {
            "stage": Project.Stage.CREATED,
            "title": "Titre changé",
            "territory": project.territory.pk,
            "criterion_scores-TOTAL_FORMS": 0,
            "criterion_scores-INITIAL_FORMS": 0,
            "stage_changes-TOTAL_FORMS": 0,
            "stage_changes-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert project.title == "Titre changé" and project.stage == Project.Stage.DETECTED


@pytest.mark.django_db
def test_the_admin_adds_no_project(client, staff):
    client.force_login(staff)
    assert client.get(reverse("admin:projects_project_add")).status_code == 403
