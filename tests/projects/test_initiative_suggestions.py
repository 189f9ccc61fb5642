"""Suggested inspiring initiatives on a need's and an opportunity's page: the five most relevant published ones
(same sector first, then the words they share), each with why; per role; a query count that does not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import parallel
from projects.models import Initiative
from projects.selectors.initiative_search import initiative_suggestions
from territories.models import Sector

from ..fabrique.factories import UserFactory
from ..helpers import text
from ..territories.factories import NeedFactory, OpportunityFactory, SectorFactory
from .factories import InitiativeFactory

NEED_TEXT = "pas de garage abordable pour les ménages modestes"
SAME_SECTOR_ONLY = "Aucun mot en commun\u00a0: suggérée pour sa filière seulement"


@pytest.fixture
def library(mobility, food):
    return {
        "garage": InitiativeFactory(
            title="Garage solidaire",
            summary="Un garage associatif répare à petit prix les voitures des ménages modestes.",
            sector=mobility,
        ),
        "driving": InitiativeFactory(
            title="Auto-école sociale",
            summary="Le permis de conduire pour les jeunes et les personnes en insertion.",
            sector=mobility,
        ),
        "sharing": InitiativeFactory(
            title="Autopartage rural",
            summary="Des voitures partagées entre les habitants des villages.",
            sector=mobility,
        ),
        "grocery": InitiativeFactory(
            title="Épicerie solidaire",
            summary="Des produits frais à petit prix pour les ménages modestes.",
            sector=food,
        ),
        "repair": InitiativeFactory(title="Repair café", summary="On y répare ensemble ses objets du quotidien."),
    }


@pytest.fixture
def need(own_territory, mobility):
    return NeedFactory(
        territory=own_territory,
        sector=mobility,
        title=NEED_TEXT,
        description="Les ménages modestes du territoire ne trouvent pas de garage abordable pour leur véhicule.",
        status="qualified",
    )


def suggested(record):
    return [(initiative.title, reasons) for initiative, reasons in initiative_suggestions(record=record, user=None)]


def test_the_solidarity_garage_comes_first_for_the_mobility_need(library, need):
    found = suggested(need)
    titles = [title for title, _reasons in found]

    assert titles[0] == "Garage solidaire"
    # The same sector first, even without a shared word; then another sector sharing words; nothing else.
    assert titles[1:3] == ["Auto-école sociale", "Autopartage rural"]
    assert titles[3:] == ["Épicerie solidaire"]
    assert "Repair café" not in titles


def test_each_suggestion_says_why(library, need):
    reasons = dict(suggested(need))

    assert reasons["Garage solidaire"][0] == "Même filière\u00a0: Mobilité"
    shared = reasons["Garage solidaire"][1]
    assert shared.startswith("Mots en commun\u00a0: ")
    # The words as the initiative writes them, each once.
    assert {"garage", "ménages", "modestes"} <= set(shared.removeprefix("Mots en commun\u00a0: ").split(", "))
    assert reasons["Auto-école sociale"] == ["Même filière\u00a0: Mobilité", SAME_SECTOR_ONLY]
    assert reasons["Épicerie solidaire"][0].startswith("Mots en commun\u00a0: ")
    assert "ménages" in reasons["Épicerie solidaire"][0]
    assert not any("filière" in reason for reason in reasons["Épicerie solidaire"])


def test_drafts_are_never_suggested(library, need, mobility):
    InitiativeFactory(
        title="Garage solidaire des ménages modestes",
        summary="Un garage abordable pour les ménages modestes.",
        sector=mobility,
        status="draft",
    )
    assert "Garage solidaire des ménages modestes" not in [title for title, _ in suggested(need)]


def test_five_at_most_the_same_sector_first(library, need, mobility, food):
    InitiativeFactory.create_batch(6, title="Covoiturage", summary="Des trajets partagés.", sector=mobility)
    InitiativeFactory(title="Garage des ménages", summary="Un garage abordable pour les ménages modestes.", sector=food)
    found = suggested(need)
    assert len(found) == 5
    assert found[0][0] == "Garage solidaire"
    assert all(reasons[0] == "Même filière\u00a0: Mobilité" for _title, reasons in found)


def test_a_need_without_sector_is_matched_by_its_words(library, own_territory):
    need = NeedFactory(territory=own_territory, sector=None, title="Un garage pour les ménages", description="—")
    found = suggested(need)
    assert found[0][0] == "Garage solidaire"
    assert {title for title, _ in found} == {"Garage solidaire", "Épicerie solidaire"}
    assert all(not reason.startswith("Même filière") for _title, reasons in found for reason in reasons)


def test_an_opportunity_gets_suggestions_too(library, own_territory, mobility):
    opportunity = OpportunityFactory(
        territory=own_territory, sector=mobility, title="Garage associatif", description="Réparer les voitures."
    )
    assert suggested(opportunity)[0][0] == "Garage solidaire"


def test_a_sector_of_few_initiatives_is_completed_by_the_others_in_two_queries(
    library, own_territory, mobility, food, django_assert_max_num_queries
):
    """Three initiatives in the need's sector: they come first, then the best of the others, in two queries."""
    need = NeedFactory(territory=own_territory, sector=mobility, title="Des produits frais à petit prix")
    with django_assert_max_num_queries(2):
        found = suggested(need)
    titles = [title for title, _reasons in found]
    assert set(titles[:3]) == {"Garage solidaire", "Auto-école sociale", "Autopartage rural"}
    assert "Épicerie solidaire" in titles[3:]


def test_nothing_to_suggest(db, own_territory):
    need = NeedFactory(territory=own_territory, sector=None, title="Un besoin", description="Rien à voir.")
    InitiativeFactory(title="Garage solidaire", summary="Un garage.")
    assert suggested(need) == []


@pytest.mark.parametrize("count", [3, 30])
def test_suggestions_take_two_queries_whatever_the_library(
    library, need, mobility, django_assert_max_num_queries, count
):
    InitiativeFactory.create_batch(count, title="Garage de quartier", summary="Un garage abordable.", sector=mobility)
    with django_assert_max_num_queries(2):
        found = initiative_suggestions(record=need, user=None)
        shown = [(initiative.title, initiative.sector.name, initiative.origin_region) for initiative, _ in found]
    assert len(shown) == 5


def test_the_relevance_on_postgresql_stems_and_ignores_accents(postgresql, library, own_territory, mobility):
    """On PostgreSQL « garages », « menages » are the same words as « garage », « ménages »."""
    need = NeedFactory(
        territory=own_territory, sector=None, title="Garages abordables", description="Pour les menages modestes."
    )
    found = suggested(need)
    assert found[0][0] == "Garage solidaire"
    assert "ménages" in found[0][1][0]


# The block on the pages ------------------------------------------------------------------------------------------


def need_url(need):
    return reverse("need_detail", kwargs={"need": need.pk})


def detail_link(initiative, query=""):
    return reverse("initiative_detail", kwargs={"initiative": initiative.pk}) + query


@pytest.mark.parametrize("who", ["coordinator", "referent"])
def test_those_who_may_replicate_see_the_block_with_the_need_to_start_from(client_for, request, library, need, who):
    response = client_for(request.getfixturevalue(who)).get(need_url(need))

    assert response.status_code == 200
    page = text(response)
    assert "Initiatives inspirantes suggérées" in page
    assert f'href="{detail_link(library["garage"], f"?besoin={need.pk}")}"' in page
    assert "Même filière\u00a0: Mobilité" in page
    assert page.index("Garage solidaire") < page.index("Auto-école sociale") < page.index("Épicerie solidaire")
    assert "Repair café" not in page


def test_a_partner_reads_the_suggestions_without_a_replication_link(client_for, partner, library, need):
    response = client_for(partner).get(need_url(need))

    assert response.status_code == 200
    page = text(response)
    assert "Initiatives inspirantes suggérées" in page
    assert f'href="{detail_link(library["garage"])}"' in page
    assert "?besoin=" not in page


def test_a_referent_of_another_territory_reads_without_a_replication_link(client_for, library, need, other_territory):
    other_referent = UserFactory(role="referent", organisation=other_territory.referent_actor)
    page = text(client_for(other_referent).get(need_url(need)))
    assert f'href="{detail_link(library["garage"])}"' in page
    assert "?besoin=" not in page


def test_drafts_stay_off_the_page_even_for_coordinators(client_for, coordinator, library, need, mobility):
    InitiativeFactory(title="Brouillon de garage", summary="Un garage abordable.", sector=mobility, status="draft")
    assert "Brouillon de garage" not in text(client_for(coordinator).get(need_url(need)))


def test_a_need_the_user_may_not_read_is_still_refused(client_for, partner, library, own_territory, mobility):
    idea = NeedFactory(territory=own_territory, sector=mobility, title=NEED_TEXT, status="to_review")
    assert client_for(partner).get(need_url(idea)).status_code == 404
    assert client_for(None).get(need_url(idea)).status_code in (302, 403)


def test_the_empty_block_says_what_to_do(client_for, referent, own_territory):
    need = NeedFactory(territory=own_territory, sector=None, title="Un besoin", description="Rien à voir.")
    page = text(client_for(referent).get(need_url(need)))
    assert "Aucune initiative publiée de la bibliothèque ne partage encore la filière ou les mots de ce besoin." in page
    assert f'href="{reverse("initiative_list")}"' in page


def test_the_opportunity_page_shows_its_block(client_for, referent, library, own_territory, mobility):
    opportunity = OpportunityFactory(
        territory=own_territory, sector=mobility, title="Garage associatif", description="Réparer les voitures."
    )
    page = text(client_for(referent).get(reverse("opportunity_detail", kwargs={"opportunity": opportunity.pk})))
    assert "Initiatives inspirantes suggérées" in page
    assert f'href="{detail_link(library["garage"], f"?opportunite={opportunity.pk}")}"' in page


def test_the_need_page_queries_do_not_grow_with_the_library(client_for, referent, need, mobility):
    client = client_for(referent)

    def queries_with(count):
        Initiative.objects.all().delete()
        InitiativeFactory.create_batch(count, title="Garage de quartier", summary="Un garage.", sector=mobility)
        client.get(need_url(need))  # the session and the permissions warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(need_url(need))
        assert response.status_code == 200
        assert text(response).count("Garage de quartier") == min(count, 5)
        return len(queries)

    # The same count whatever the library holds (on PostgreSQL, the query of the other sectors stops at once when
    # the need's sector has five).
    assert queries_with(3) == queries_with(30)


def test_the_block_is_kept_until_the_library_or_the_need_changes(client_for, referent, library, need, mobility):
    client = client_for(referent)
    assert "Covoiturage" not in text(client.get(need_url(need)))

    InitiativeFactory(
        title="Covoiturage des ménages", summary="Un garage abordable, des ménages modestes.", sector=mobility
    )
    assert "Covoiturage des ménages" in text(client.get(need_url(need)))

    library["garage"].title = "Garage associatif"
    library["garage"].save()
    page = text(client.get(need_url(need)))
    assert "Garage associatif" in page and "Garage solidaire" not in page

    need.sector = Sector.objects.get(slug="environnement")
    need.version += 1
    need.save()
    assert "Même filière\u00a0: Mobilité" not in text(client.get(need_url(need)))


def test_the_sector_s_and_the_others_read_side_by_side_are_those_read_one_after_the_other(
    transactional_db, postgresql, own_territory, monkeypatch
):
    # A sector of two, completed by another sector's initiatives: both queries give rows.
    garages, food = SectorFactory(), SectorFactory()
    InitiativeFactory(title="Garage solidaire", summary="Un garage pour les ménages modestes.", sector=garages)
    InitiativeFactory(title="Auto-école sociale", summary="Le permis pour les jeunes.", sector=garages)
    InitiativeFactory(title="Épicerie solidaire", summary="Des produits à petit prix, ménages modestes.", sector=food)
    need = NeedFactory(territory=own_territory, sector=garages, title=NEED_TEXT, status="qualified")

    apart = suggested(need)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0]  # the others were read by a worker, on a connection of its own

    monkeypatch.setattr(parallel, "may_run_apart", lambda using="default": False)
    assert suggested(need) == apart
    assert [title for title, _reasons in apart] == ["Garage solidaire", "Auto-école sociale", "Épicerie solidaire"]
