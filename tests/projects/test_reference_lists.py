"""The lists coordinators extend: the social-innovation grid and the pause and abandon reasons."""

import pytest
from django.urls import reverse

from projects.models import SocialInnovationCriterion, StopReason

from ..helpers import text
from .factories import CriterionFactory, StopReasonFactory

pytestmark = pytest.mark.django_db

URL = reverse("reference_lists")


def test_coordinator_reads_both_lists_with_the_seeded_entries(client, coordinator):
    client.force_login(coordinator)
    page = text(client.get(URL))
    assert "Critères d’innovation sociale" in page
    assert "Motifs de pause ou d’abandon" in page
    # The seed document's five criteria (migration 0002).
    assert "non délocalisables" in page


@pytest.mark.parametrize("role", ["referent", "partner", "staff"])
def test_other_roles_are_refused_and_change_nothing(client, request, role):
    client.force_login(request.getfixturevalue(role))
    criterion = CriterionFactory(name="Gouvernance partagée")
    assert client.get(URL).status_code == 403
    assert client.post(reverse("criterion_create"), {"critere-name": "Ajout refusé"}).status_code == 403
    assert client.post(reverse("criterion_toggle", kwargs={"criterion": criterion.pk})).status_code == 403
    assert not SocialInnovationCriterion.objects.filter(name="Ajout refusé").exists()
    assert SocialInnovationCriterion.objects.get(pk=criterion.pk).active


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_coordinator_adds_a_criterion_last_in_the_grid(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("criterion_create"), {"critere-name": "  Gouvernance   partagée "}, follow=True)
    added = SocialInnovationCriterion.objects.get(name="Gouvernance partagée")
    assert added.position == SocialInnovationCriterion.objects.order_by("-position").first().position
    assert "Critère « Gouvernance partagée » ajouté à la grille." in text(response)


def test_coordinator_adds_a_stop_reason(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("stop_reason_create"), {"motif-name": "Local introuvable"})
    assert StopReason.objects.filter(name="Local introuvable", active=True).exists()


@pytest.mark.parametrize(
    ("url_name", "field", "value", "message"),
    [
        ("criterion_create", "critere-name", "", "Ce champ est obligatoire."),
        ("stop_reason_create", "motif-name", "   ", "Ce champ est obligatoire."),
        ("stop_reason_create", "motif-name", "LOCAL INTROUVABLE", "Ce motif est déjà dans la liste."),
        ("criterion_create", "critere-name", "gouvernance partagée", "Ce critère est déjà dans la grille."),
        ("criterion_create", "critere-name", "x" * 201, "200 caractères"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, coordinator, url_name, field, value, message):
    StopReasonFactory(name="Local introuvable")
    CriterionFactory(name="Gouvernance partagée")
    counts = (SocialInnovationCriterion.objects.count(), StopReason.objects.count())
    client.force_login(coordinator)
    response = client.post(reverse(url_name), {field: value})
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert page.startswith("Erreur") or "Erreur" in response.content.decode()[:500]
    assert (SocialInnovationCriterion.objects.count(), StopReason.objects.count()) == counts


def test_a_withdrawn_criterion_leaves_the_grid_and_comes_back(client, coordinator):
    criterion = CriterionFactory(name="Gouvernance partagée")
    client.force_login(coordinator)
    client.post(reverse("criterion_toggle", kwargs={"criterion": criterion.pk}))
    criterion.refresh_from_db()
    assert not criterion.active
    client.post(reverse("criterion_toggle", kwargs={"criterion": criterion.pk}))
    criterion.refresh_from_db()
    assert criterion.active


def test_a_withdrawn_stop_reason_is_no_longer_proposed(client, coordinator):
    reason = StopReasonFactory(name="Local introuvable")
    client.force_login(coordinator)
    response = client.post(reverse("stop_reason_toggle", kwargs={"stop_reason": reason.pk}), follow=True)
    reason.refresh_from_db()
    assert not reason.active
    assert "Le motif « Local introuvable » n’est plus proposé" in text(response)


def test_toggles_answer_post_only(client, coordinator):
    reason = StopReasonFactory()
    client.force_login(coordinator)
    assert client.get(reverse("stop_reason_toggle", kwargs={"stop_reason": reason.pk})).status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_query_budget_does_not_grow(client, coordinator, django_assert_max_num_queries, count):
    for index in range(count):
        CriterionFactory(name=f"Critère ajouté {index}")
        StopReasonFactory(name=f"Motif ajouté {index}")
    client.force_login(coordinator)
    with django_assert_max_num_queries(5):
        assert client.get(URL).status_code == 200


def test_the_project_list_leads_coordinators_to_the_lists(client, coordinator, referent):
    client.force_login(coordinator)
    assert URL in client.get(reverse("project_list")).content.decode()
    client.force_login(referent)
    page = client.get(reverse("project_list")).content.decode()
    assert URL not in page
    assert reverse("funder_totals") in page
