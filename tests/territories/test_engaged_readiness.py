"""Readiness: assessing the five prerequisites, keeping every assessment, the latest and the summary."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from territories.models import Prerequisite, ReadinessAssessment
from territories.selectors.engaged import readiness_for, readiness_latest
from territories.services.engaged import readiness_record

from ..fabrique.factories import UserFactory
from ..helpers import text
from .factories import EngagedTerritoryFactory, ReadinessAssessmentFactory


def url(territory):
    return reverse("readiness_assess", kwargs={"territory": territory.slug})


def assessment(**scores):
    """POST data: scores={prerequisite: (score, evidence)}; unscored prerequisites left blank."""
    data = {}
    for value in Prerequisite.values:
        score, evidence = scores.get(f"p{value}", ("", ""))
        data[f"prerequis-{value}-score"] = score
        data[f"prerequis-{value}-evidence"] = evidence
    return data


def full_assessment(score=2):
    return assessment(**{f"p{value}": (str(score), f"Preuve du prérequis {value}") for value in Prerequisite.values})


# --- Access -----------------------------------------------------------------------------------------


def test_assess_page_is_for_coordinators(client, coordinator, referent, partner, staff):
    territory = EngagedTerritoryFactory(referent_actor=referent.organisation)
    client.force_login(coordinator)
    page = text(client.get(url(territory)))
    assert "Évaluer les prérequis" in page and "Le soutien de l’innovation sociale" in page
    for user in (referent, partner, staff):
        client.force_login(user)
        assert client.get(url(territory)).status_code == 403
        assert client.post(url(territory), full_assessment()).status_code == 403
    assert ReadinessAssessment.objects.count() == 0
    client.logout()
    response = client.get(url(territory))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_unknown_territory_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("readiness_assess", kwargs={"territory": "inconnu"})).status_code == 404


# --- Recording --------------------------------------------------------------------------------------


def test_a_full_assessment_adds_five_rows_by_the_user(client, coordinator):
    territory = EngagedTerritoryFactory()
    client.force_login(coordinator)
    response = client.post(url(territory), full_assessment(score=3))
    assert response.status_code == 302
    assert response["Location"] == reverse("territory_detail", kwargs={"territory": territory.slug})
    rows = ReadinessAssessment.objects.filter(territory=territory)
    assert rows.count() == 5
    assert {row.assessed_by for row in rows} == {coordinator}
    assert len({row.assessed_at for row in rows}) == 1
    assert rows.get(prerequisite=4).evidence == "Preuve du prérequis 4"


def test_a_new_assessment_is_kept_beside_the_old_one(client, coordinator):
    territory = EngagedTerritoryFactory()
    client.force_login(coordinator)
    client.post(url(territory), full_assessment(score=1))
    client.post(url(territory), assessment(p2=("3", "Filière mobilité confirmée par l’étude")))
    assert ReadinessAssessment.objects.filter(territory=territory).count() == 6
    assert list(
        ReadinessAssessment.objects.filter(territory=territory, prerequisite=2).values_list("score", flat=True)
    ) == [3, 1]
    latest = readiness_latest(territory)
    assert latest[2].score == 3 and latest[1].score == 1


def test_the_form_shows_the_latest_scores(client, coordinator):
    territory = EngagedTerritoryFactory()
    ReadinessAssessmentFactory(territory=territory, prerequisite=5, score=3, evidence="Convention signée avec la BGE")
    client.force_login(coordinator)
    page = text(client.get(url(territory)))
    assert "Dernière note : 3 — solide" in page and "Convention signée avec la BGE" in page


# --- Bad input --------------------------------------------------------------------------------------


def test_a_score_without_evidence_is_refused(client, coordinator):
    territory = EngagedTerritoryFactory()
    client.force_login(coordinator)
    response = client.post(url(territory), assessment(p1=("2", "Délibération"), p3=("1", "  ")))
    page = text(response)
    assert response.status_code == 200
    assert "Indiquez les éléments de preuve qui justifient cette note." in page
    assert 'id="id_prerequis-3-evidence_error"' in page
    assert ReadinessAssessment.objects.count() == 0


def test_evidence_without_score_is_refused(client, coordinator):
    territory = EngagedTerritoryFactory()
    client.force_login(coordinator)
    response = client.post(url(territory), assessment(p4=("", "Un appel à projets régional")))
    assert "Donnez une note à ce prérequis, ou effacez les éléments de preuve." in text(response)
    assert ReadinessAssessment.objects.count() == 0


def test_an_empty_assessment_is_refused(client, coordinator):
    territory = EngagedTerritoryFactory()
    client.force_login(coordinator)
    response = client.post(url(territory), assessment())
    assert "Notez au moins un prérequis." in text(response)
    assert ReadinessAssessment.objects.count() == 0


def test_a_score_out_of_range_is_refused(client, coordinator):
    territory = EngagedTerritoryFactory()
    client.force_login(coordinator)
    response = client.post(url(territory), assessment(p1=("4", "Trop")))
    assert "Sélectionnez un choix valide. 4 n’en fait pas partie." in text(response)
    assert ReadinessAssessment.objects.count() == 0


def test_the_service_refuses_bad_scores_and_saves_nothing(coordinator):
    territory = EngagedTerritoryFactory()
    with pytest.raises(ValidationError):
        readiness_record(territory=territory, assessed_by=coordinator, scores={1: (2, "Bien"), 2: (5, "Trop")})
    with pytest.raises(ValidationError):
        readiness_record(territory=territory, assessed_by=coordinator, scores={1: (2, "  ")})
    with pytest.raises(ValidationError) as caught:
        readiness_record(territory=territory, assessed_by=coordinator, scores={})
    assert caught.value.messages == ["Notez au moins un prérequis."]
    assert ReadinessAssessment.objects.count() == 0


# --- Latest, summary, queries -------------------------------------------------------------------------


def test_summary_is_ready_when_all_five_latest_are_two_or_more(coordinator):
    territory = EngagedTerritoryFactory()
    earlier = timezone.now() - datetime.timedelta(days=30)
    for value in Prerequisite.values:
        ReadinessAssessmentFactory(territory=territory, prerequisite=value, score=3, assessed_at=earlier)
    assert readiness_for(territory).is_ready
    # A newer, lower score on one prerequisite makes the territory not ready.
    ReadinessAssessmentFactory(territory=territory, prerequisite=4, score=1)
    readiness = readiness_for(territory)
    assert not readiness.is_ready
    assert [state.prerequisite for state in readiness.missing] == [4]
    assert len(readiness.history) == 6 and readiness.history[0].score == 1


def test_missing_prerequisites_count_as_not_ready(db):
    territory = EngagedTerritoryFactory()
    ReadinessAssessmentFactory(territory=territory, prerequisite=1, score=2)
    readiness = readiness_for(territory)
    assert not readiness.is_ready
    assert [state.prerequisite for state in readiness.missing] == [2, 3, 4, 5]


def test_the_latest_of_the_same_moment_is_the_last_recorded(db):
    territory = EngagedTerritoryFactory()
    moment = timezone.now()
    ReadinessAssessmentFactory(territory=territory, prerequisite=1, score=0, assessed_at=moment)
    ReadinessAssessmentFactory(territory=territory, prerequisite=1, score=3, assessed_at=moment)
    assert readiness_latest(territory)[1].score == 3


@pytest.mark.parametrize("rounds", [1, 10])
def test_latest_per_prerequisite_in_one_query(db, rounds):
    territory = EngagedTerritoryFactory()
    other = EngagedTerritoryFactory()
    start = timezone.now() - datetime.timedelta(days=rounds)
    assessors = [UserFactory(role=Role.COORDINATOR) for _number in range(3)]
    for number in range(rounds):
        for value in Prerequisite.values:
            ReadinessAssessmentFactory(
                territory=territory,
                prerequisite=value,
                score=number % 4,
                assessed_at=start + datetime.timedelta(days=number),
                assessed_by=assessors[(number + value) % 3],
            )
            ReadinessAssessmentFactory(territory=other, prerequisite=value, score=3)
    with CaptureQueriesContext(connection) as queries:
        latest = readiness_latest(territory)
        names = [str(row.assessed_by) for row in latest.values()]
    assert len(queries) == 1
    assert sorted(latest) == [1, 2, 3, 4, 5] and len(names) == 5
    assert {row.score for row in latest.values()} == {(rounds - 1) % 4}
    assert {row.territory_id for row in latest.values()} == {territory.pk}


# --- The page's words and its error summary ---------------------------------------------------------


def test_each_score_is_labelled_note_not_remarque(client, coordinator):
    territory = EngagedTerritoryFactory()
    client.force_login(coordinator)
    page = text(client.get(url(territory)))
    assert page.count('">Note</label>') == len(Prerequisite.values)
    assert "Remarque" not in page


def test_a_failed_assessment_shows_one_summary_naming_each_prerequisite(client, coordinator):
    territory = EngagedTerritoryFactory()
    client.force_login(coordinator)
    response = client.post(url(territory), assessment(p1=("2", ""), p3=("", "Des preuves sans note")))
    page = text(response)
    assert "<title>Erreur — " in page
    assert page.count("data-error-summary") == 1
    assert "Le formulaire contient 2 erreurs" in page
    assert '<a href="#id_prerequis-1-evidence">1. ' in page and '<a href="#id_prerequis-3-score">3. ' in page
    assert "— Note</a>" in page
    assert ReadinessAssessment.objects.count() == 0


def test_an_empty_assessment_says_so_in_the_summary(client, coordinator):
    territory = EngagedTerritoryFactory()
    client.force_login(coordinator)
    page = text(client.post(url(territory), assessment()))
    assert "Le formulaire contient 1 erreur<" in page and "<li>Notez au moins un prérequis.</li>" in page
    assert ReadinessAssessment.objects.count() == 0
