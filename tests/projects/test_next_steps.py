"""Next steps: owner and due date, the project's next due date kept up to date, « Fait », per role."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from projects.models import NextStep, Project
from projects.selectors.projects import project_get
from projects.services.journal import next_step_create, next_step_done, next_step_owners

from ..fabrique.factories import UserFactory
from ..helpers import text
from .factories import NextStepFactory

TODAY = timezone.localdate


def days(n):
    return TODAY() + datetime.timedelta(days=n)


def stored_due(project):
    return Project.objects.values_list("next_step_due", flat=True).get(pk=project.pk)


# --- service ------------------------------------------------------------------------------------


def test_the_next_due_date_is_the_earliest_open_step(referent, coordinator, project):
    later = next_step_create(by=referent, project=project, text="Rédiger l’étude", owner=referent, due_date=days(30))
    assert stored_due(project) == days(30) and project.next_step_due == days(30)
    sooner = next_step_create(by=referent, project=project, text="Appeler", owner=coordinator, due_date=days(3))
    assert stored_due(project) == days(3)
    next_step_done(by=referent, next_step=sooner)
    assert stored_due(project) == days(30)
    assert NextStep.objects.get(pk=sooner.pk).done_at is not None
    next_step_done(by=coordinator, next_step=later)
    assert stored_due(project) is None


def test_a_step_done_twice_is_refused_the_second_time(referent, project):
    step = next_step_create(by=referent, project=project, text="Appeler", owner=referent, due_date=days(2))
    next_step_done(by=referent, next_step=step)
    with pytest.raises(ValidationError):
        next_step_done(by=referent, next_step=step)


def test_owners_are_coordinators_and_referents_of_the_territory(
    referent, coordinator, other_referent, partner, project
):
    colleague = UserFactory(role=Role.REFERENT, organisation=referent.organisation)
    UserFactory(role=Role.COORDINATOR, is_active=False)
    assert set(next_step_owners(project)) == {referent, coordinator, colleague}
    for stranger in (other_referent, partner):
        with pytest.raises(ValidationError) as error:
            next_step_create(by=referent, project=project, text="Appeler", owner=stranger, due_date=days(2))
        assert "owner" in error.value.message_dict
    assert not NextStep.objects.exists() and stored_due(project) is None


@pytest.mark.parametrize("fixture", ["other_referent", "partner"])
def test_others_may_neither_set_nor_tick_off_a_step(request, fixture, referent, project):
    user = request.getfixturevalue(fixture)
    with pytest.raises(PermissionDenied):
        next_step_create(by=user, project=project, text="Intrusion", owner=referent, due_date=days(2))
    step = NextStepFactory(project=project, owner=referent)
    with pytest.raises(PermissionDenied):
        next_step_done(by=user, next_step=step)
    step.refresh_from_db()
    assert step.done_at is None


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "status"),
    [("coordinator", 200), ("referent", 200), ("other_referent", 403), ("partner", 403), ("staff", 403)],
)
def test_the_next_step_form_per_role(client_for, request, fixture, status, project):
    url = reverse("next_step_create", kwargs={"project": project.pk})
    assert client_for(request.getfixturevalue(fixture)).get(url).status_code == status


def test_a_referent_sets_a_next_step_from_the_page(client_for, referent, project):
    url = reverse("next_step_create", kwargs={"project": project.pk})
    client = client_for(referent)
    form = client.get(url)
    assert f'<option value="{referent.pk}" selected>' in form.content.decode()
    response = client.post(
        url, {"text": "Rencontrer la mairie", "owner": referent.pk, "due_date": days(10).strftime("%d%m%Y")}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#prochaines-etapes")
    assert NextStep.objects.get().text == "Rencontrer la mairie"
    assert stored_due(project) == days(10)


def test_the_page_refuses_a_passed_due_date_and_a_stranger_as_owner(client_for, referent, partner, project):
    url = reverse("next_step_create", kwargs={"project": project.pk})
    response = client_for(referent).post(
        url, {"text": "Appeler", "owner": partner.pk, "due_date": days(-1).strftime("%d/%m/%Y")}
    )
    assert response.status_code == 200
    page = text(response)
    assert "Cette échéance est passée" in page
    assert "un·e coordinateur·rice ou un·e référent·e du territoire" in page
    assert not NextStep.objects.exists()


def test_an_empty_submit_shows_the_errors(client_for, referent, project):
    response = client_for(referent).post(reverse("next_step_create", kwargs={"project": project.pk}), {})
    assert response.status_code == 200 and "Erreur" in text(response)
    assert not NextStep.objects.exists()


def test_done_answers_post_only(client_for, referent, project):
    step = NextStepFactory(project=project, owner=referent)
    url = reverse("next_step_done", kwargs={"next_step": step.pk})
    client = client_for(referent)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("#prochaines-etapes")
    step.refresh_from_db()
    assert step.done_at is not None
    # Again: said, not an error.
    assert client.post(url).status_code == 302


@pytest.mark.parametrize(("fixture", "status"), [("other_referent", 403), ("partner", 403), ("staff", 403)])
def test_done_is_refused_to_others(client_for, request, fixture, status, referent, project):
    step = NextStepFactory(project=project, owner=referent)
    response = client_for(request.getfixturevalue(fixture)).post(
        reverse("next_step_done", kwargs={"next_step": step.pk})
    )
    assert response.status_code == status
    step.refresh_from_db()
    assert step.done_at is None


def test_anonymous_is_sent_to_login(client_for, referent, project):
    step = NextStepFactory(project=project, owner=referent)
    response = client_for(None).post(reverse("next_step_done", kwargs={"next_step": step.pk}))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


BLOCKS = Template("{% load follow_up %}{% follow_up_blocks project user %}")


def test_the_blocks_flag_overdue_steps_and_offer_done_to_editors(referent, other_referent, project):
    NextStepFactory(project=project, owner=referent, text="Relancer la banque", due_date=days(-3))
    NextStepFactory(project=project, owner=referent, text="Visiter le local", due_date=days(5))
    html = Template.render(BLOCKS, Context({"project": project_get(user=referent, pk=project.pk), "user": referent}))
    assert html.count("en retard") == 1
    assert html.index("Relancer la banque") < html.index("en retard") < html.index("Visiter le local")
    assert html.count("/faite/") == 2
    other = BLOCKS.render(Context({"project": project_get(user=other_referent, pk=project.pk), "user": other_referent}))
    assert "Relancer la banque" in other and "/faite/" not in other and "Prochaine étape</a>" not in other
