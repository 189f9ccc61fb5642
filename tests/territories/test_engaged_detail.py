"""The territory page: perimeter, authorities, readiness, actors, needs… per role, no personal data, query budget."""

import datetime

import pytest
from django.db.models import Sum
from django.urls import NoReverseMatch, reverse

from core.roles import Role
from territories.models import Actor, Commune, Prerequisite
from territories.services.engaged import territory_create

from ..fabrique.factories import UserFactory
from ..helpers import text
from .factories import (
    ActorFactory,
    AnimationEventFactory,
    ContactFactory,
    CooperationFactory,
    EngagedTerritoryFactory,
    NeedFactory,
    OpportunityFactory,
    ReadinessAssessmentFactory,
    SectorFactory,
)


def url(territory):
    return reverse("territory_detail", kwargs={"territory": territory.slug})


def url_exists(name):
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


# --- Access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected", [(Role.COORDINATOR, 200), (Role.REFERENT, 200), (Role.PARTNER, 200), (Role.STAFF, 403)]
)
def test_detail_per_role(client, db, role, expected):
    territory = EngagedTerritoryFactory(name="Pays du Vermandois")
    client.force_login(UserFactory(role=role))
    response = client.get(url(territory))
    assert response.status_code == expected
    if expected == 200:
        assert '<h1 class="mb-0">Pays du Vermandois</h1>' in text(response)


def test_detail_sends_anonymous_to_login(client, db):
    response = client.get(url(EngagedTerritoryFactory()))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_unknown_territory_is_not_found(client, partner):
    client.force_login(partner)
    assert client.get(reverse("territory_detail", kwargs={"territory": "inconnu"})).status_code == 404


def test_edit_and_assess_buttons_only_for_coordinators(client, coordinator, referent, partner):
    territory = EngagedTerritoryFactory(referent_actor=referent.organisation)
    edit, assess = reverse("territory_edit", args=[territory.slug]), reverse("readiness_assess", args=[territory.slug])
    client.force_login(coordinator)
    page = text(client.get(url(territory)))
    assert edit in page and assess in page
    for user in (referent, partner):
        client.force_login(user)
        page = text(client.get(url(territory)))
        assert edit not in page and assess not in page


def test_links_to_add_a_need_opportunity_or_event_for_those_who_may(client, coordinator, referent, partner):
    own = EngagedTerritoryFactory(referent_actor=referent.organisation)
    other = EngagedTerritoryFactory()
    expected = {name: url_exists(name) for name in ("need_create", "opportunity_create", "event_create")}

    def links(user, territory):
        client.force_login(user)
        page = text(client.get(url(territory)))
        return {
            name: f"{reverse(name)}?territoire={territory.slug}" in page if exists else None
            for name, exists in expected.items()
        }

    present = {name: (True if exists else None) for name, exists in expected.items()}
    absent = {name: (False if exists else None) for name, exists in expected.items()}
    assert links(coordinator, own) == present
    assert links(referent, own) == present
    assert links(referent, other) == absent
    assert links(partner, own) == absent
    client.force_login(partner)
    assert "?territoire=" not in text(client.get(url(own)))


# --- Content ----------------------------------------------------------------------------------------


def test_perimeter_authorities_status_and_dates(client, partner, official_territories):
    authority = ActorFactory(name="Communauté d’agglomération Amiens Métropole", kind=Actor.Kind.LOCAL_AUTHORITY)
    referent_actor = ActorFactory(name="BGE Picardie")
    territory = territory_create(
        by=None,
        perimeter_codes=["248000531", "60463"],
        name="Amiens et Nogent",
        status="active",
        driving_authority=authority,
        referent_actor=referent_actor,
        application_date=datetime.date(2012, 1, 10),
        agreement_signed_date=datetime.date(2012, 9, 20),
        description="Territoire de démonstration.",
        today=datetime.date(2012, 6, 1),
    )
    client.force_login(partner)
    page = " ".join(text(client.get(url(territory))).replace("\u202f", " ").replace("\xa0", " ").split())
    members = Commune.objects.filter(epci__siren="248000531")
    nogent = Commune.objects.get(code="60463")
    population = members.aggregate(total=Sum("population"))["total"] + nogent.population
    assert f"{population:,}".replace(",", " ") + " habitants (population légale 2023), 40 communes." in page
    assert "Départements : Oise (60), Somme (80)" in page
    assert "CA Amiens Métropole — SIREN 248000531 (39 communes)" in page
    assert "Nogent-sur-Oise — code INSEE 60463" in page
    assert "Communauté d’agglomération Amiens Métropole" in page and "BGE Picardie" in page
    assert '<dd class="col-sm-7"><span class="badge status-badge status-active">actif</span></dd>' in page
    assert "10/01/2012" in page and "01/06/2012" in page and "20/09/2012" in page
    assert "Territoire de démonstration." in page


def test_needs_opportunities_events_actors_and_cooperations(client, referent):
    territory = EngagedTerritoryFactory()
    sector = SectorFactory(name="Mobilité douce (test)", slug="mobilite-douce-test")
    NeedFactory(territory=territory, title="Transport à la demande", sector=sector, priority=1, status="qualified")
    OpportunityFactory(territory=territory, title="Garage solidaire", sector=sector, estimated_jobs=4)
    AnimationEventFactory(territory=territory, title="Séance de créativité mobilité", participants=23)
    actor = ActorFactory(name="Régie de quartier")
    actor.territories.add(territory)
    CooperationFactory(
        territory=territory, title="Mutualisation d’un minibus", actors=[actor, ActorFactory(name="Ville")]
    )
    elsewhere = EngagedTerritoryFactory()
    NeedFactory(territory=elsewhere, title="Besoin d’ailleurs")
    client.force_login(referent)
    page = text(client.get(url(territory)))
    assert (
        "Transport à la demande" in page
        and "Mobilité douce (test)" in page
        and "1 — haute" in page
        and "qualifié" in page
    )
    assert "Garage solidaire" in page and ">4,0<" in page
    assert "Séance de créativité mobilité" in page and ">23<" in page
    assert "Régie de quartier" in page
    assert "Mutualisation d’un minibus" in page and "Régie de quartier, Ville" in page
    assert "Besoin d’ailleurs" not in page
    assert "prochaine version" not in page  # no placeholder block
    assert "Voir les" not in page  # every block is whole


def test_each_block_shows_its_first_rows_and_links_to_them_all(client, coordinator):
    territory = EngagedTerritoryFactory(slug="grand-territoire")
    for number in range(12):
        NeedFactory(territory=territory, title=f"Besoin {number:02d}", priority=2)
        AnimationEventFactory(territory=territory)
    OpportunityFactory(territory=territory)
    client.force_login(coordinator)
    response = client.get(url(territory))
    needs = response.context["needs"]
    assert (len(needs.rows), needs.total, needs.more) == (10, 12, True)
    assert response.context["opportunities"].total == 1
    page = text(response)
    assert 'href="/territoires/besoins/?territoire=grand-territoire">Voir les 12 besoins</a>' in page
    assert 'href="/territoires/actions/?territoire=grand-territoire">Voir les 12 actions d’animation</a>' in page
    assert "Voir les 1 " not in page and "opportunités</a>" not in page


def test_readiness_block_latest_summary_and_history(client, partner, coordinator):
    territory = EngagedTerritoryFactory()
    for value in Prerequisite.values:
        ReadinessAssessmentFactory(
            territory=territory,
            prerequisite=value,
            score=1,
            evidence=f"Ancienne preuve {value}",
            assessed_by=coordinator,
        )
    for value in Prerequisite.values:
        ReadinessAssessmentFactory(
            territory=territory,
            prerequisite=value,
            score=2,
            evidence=f"Nouvelle preuve {value}",
            assessed_by=coordinator,
        )
    client.force_login(partner)
    page = text(client.get(url(territory)))
    assert "Prêt" in page and "les cinq prérequis sont notés 2 ou plus." in page
    assert "Nouvelle preuve 3" in page and str(coordinator) in page
    assert "Historique des évaluations (10 notes)" in page and "Ancienne preuve 3" in page

    ReadinessAssessmentFactory(territory=territory, prerequisite=5, score=0, evidence="L’acteur référent s’est retiré")
    page = text(client.get(url(territory)))
    assert "Pas encore prêt" in page
    missing = page.split("prérequis manquants")[1].split("</ul>")[0]
    assert "Un acteur référent" in missing and "Une collectivité motrice" not in missing


def test_change_history_of_the_territory(client, partner, coordinator):
    territory = EngagedTerritoryFactory(name="Avant", status="candidate")
    territory.status = "engaged"
    territory.save()
    client.force_login(partner)
    page = text(client.get(url(territory)))
    assert "Historique des modifications" in page and "statut : candidat → engagé" in page


def test_no_personal_data_on_the_territory_page_for_anyone(client, coordinator, referent, partner):
    territory = EngagedTerritoryFactory(referent_actor=referent.organisation)
    NeedFactory(
        territory=territory,
        title="Idée d’habitant",
        source="call_for_ideas",
        submitter_name="Camille Habitante",
        submitter_email="camille.habitante@exemple.fr",
        submitter_consents_to_contact=True,
    )
    actor = ActorFactory(name="Épicerie solidaire")
    actor.territories.add(territory)
    ContactFactory(actor=actor, name="Alex Contact", email="alex.contact@epicerie.fr", phone="03 22 11 22 33")
    for user in (coordinator, referent, partner):
        client.force_login(user)
        page = text(client.get(url(territory)))
        assert "Idée d’habitant" in page and "Épicerie solidaire" in page
        for private in (
            "Camille Habitante",
            "camille.habitante@exemple.fr",
            "Alex Contact",
            "alex.contact@",
            "03 22 11",
        ):
            assert private not in page, (user.role, private)


# --- Query budget -----------------------------------------------------------------------------------


def fill(territory, count):
    sector = SectorFactory()
    for number in range(count):
        need = NeedFactory(territory=territory, sector=sector)
        OpportunityFactory(territory=territory, sector=sector).needs.add(need)
        AnimationEventFactory(territory=territory)
        actor = ActorFactory(town=None)
        actor.territories.add(territory)
        CooperationFactory(territory=territory, actors=[actor])
        ReadinessAssessmentFactory(territory=territory, prerequisite=number % 5 + 1)


@pytest.mark.parametrize("count", [3, 30])
def test_detail_query_budget_does_not_grow_with_rows(client, coordinator, django_assert_max_num_queries, count):
    territory = EngagedTerritoryFactory()
    fill(territory, count)
    client.force_login(coordinator)
    with django_assert_max_num_queries(16):
        response = client.get(url(territory))
    shown = min(count, 10)
    assert len(response.context["needs"].rows) == shown and response.context["needs"].total == count
    assert len(response.context["actors"].rows) == shown and response.context["actors"].total == count
    assert len(response.context["readiness"].history) == count


def test_cached_blocks_show_a_new_need_at_once_and_ideas_only_to_their_readers(client, coordinator, partner):
    """The blocks are cached per kind of reader: a need saved after a read shows at the next one, and an idea to
    review read by a coordinator (or the territory's referent) never reaches a partner or another referent."""
    own = UserFactory(role=Role.REFERENT)
    other = UserFactory(role=Role.REFERENT)
    territory = EngagedTerritoryFactory(referent_actor=own.organisation)
    NeedFactory(territory=territory, title="Idée à examiner du public", status="to_review")
    for reader in (coordinator, own):
        client.force_login(reader)
        assert "Idée à examiner du public" in text(client.get(url(territory)))
    for reader in (partner, other):
        client.force_login(reader)
        assert "Idée à examiner du public" not in text(client.get(url(territory)))
    NeedFactory(territory=territory, title="Garde d’enfants en horaires décalés", status="qualified")
    for reader in (coordinator, partner):
        client.force_login(reader)
        assert "Garde d’enfants en horaires décalés" in text(client.get(url(territory)))
