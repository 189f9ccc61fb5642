"""The pipeline board per role, its counts and filters, and the stage-change form through its view (htmx or not)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Project, StageChange
from projects.selectors.board import CARDS_PER_COLUMN

from ..helpers import text
from ..territories.factories import EngagedTerritoryFactory, SectorFactory
from .factories import ProjectFactory, StopReasonFactory

pytestmark = pytest.mark.django_db

BOARD = "project_board"
HTMX = {"HTTP_HX_REQUEST": "true"}


def columns(response):
    return {column.stage: column for column in response.context["board"].columns}


def move_url(project):
    return reverse("project_move", kwargs={"project": project.pk})


# --- the board ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "referent", "other_referent"])
def test_readers_see_the_board(client_for, request, role, own_territory, other_territory):
    ProjectFactory(territory=own_territory, title="Garage solidaire", stage="incubation")
    ProjectFactory(territory=other_territory, title="Conciergerie", stage="detected")
    response = client_for(request.getfixturevalue(role)).get(reverse(BOARD), {"perimetre": "region"})
    page = text(response)
    assert response.status_code == 200
    assert "Garage solidaire" in page and "Conciergerie" in page
    assert columns(response)["incubation"].shown == 1 and columns(response)["detected"].shown == 1


def test_move_buttons_only_where_the_user_may_move(client_for, referent, own_territory, other_territory):
    mine = ProjectFactory(territory=own_territory)
    theirs = ProjectFactory(territory=other_territory)
    page = text(client_for(referent).get(reverse(BOARD), {"perimetre": "region"}))
    assert move_url(mine) in page and move_url(theirs) not in page


def test_a_referents_board_opens_on_their_territories(client_for, referent, own_territory, other_territory):
    ProjectFactory(territory=own_territory, title="Chez moi")
    ProjectFactory(territory=other_territory, title="Ailleurs")
    page = text(client_for(referent).get(reverse(BOARD)))
    assert "Chez moi" in page and "Ailleurs" not in page and "Voir toute la région" in page


def test_partner_sees_an_empty_board_and_staff_is_refused(client_for, partner, staff, own_territory):
    ProjectFactory(territory=own_territory, title="Garage solidaire")
    response = client_for(partner).get(reverse(BOARD))
    assert response.status_code == 200 and "Garage solidaire" not in text(response)
    assert client_for(staff).get(reverse(BOARD)).status_code == 403
    anonymous = client_for(None).get(reverse(BOARD))
    assert anonymous.status_code == 302 and "/comptes/login/" in anonymous["Location"]


def test_filters_show_shown_of_total_and_removable_chips(client_for, coordinator, own_territory, other_territory):
    food = SectorFactory(name="Alimentation", slug="alimentation")
    ProjectFactory(territory=own_territory, stage="detected", sector=food, title="Épicerie")
    ProjectFactory(territory=own_territory, stage="detected", title="Garage")
    ProjectFactory(territory=other_territory, stage="detected", sector=food, title="Cantine")
    response = client_for(coordinator).get(reverse(BOARD), {"territoire": "beauvaisis", "filiere": "alimentation"})
    page = text(response)
    detected = columns(response)["detected"]
    assert (detected.shown, detected.total) == (1, 3)
    assert "1 sur 3" in page
    chips = response.context["chips"]
    assert [chip["value"] for chip in chips] == ["Beauvaisis", "Alimentation"]
    assert chips[0]["query"] == "filiere=alimentation" and chips[1]["query"] == "territoire=beauvaisis"


def test_text_and_mine_filters(client_for, referent, own_territory):
    followed = ProjectFactory(territory=own_territory, title="Ressourcerie")
    followed.referent_users.add(referent)
    ProjectFactory(territory=own_territory, title="Autre chose")
    response = client_for(referent).get(reverse(BOARD), {"referent": "moi"})
    assert [card.title for card in columns(response)["detected"].cards] == ["Ressourcerie"]
    response = client_for(referent).get(reverse(BOARD), {"q": "autre"})
    assert [card.title for card in columns(response)["detected"].cards] == ["Autre chose"]
    assert "« autre »" in text(response)


def test_paused_stay_in_their_column_flagged_abandoned_and_old_created_are_left_out(
    client_for, coordinator, own_territory
):
    ProjectFactory(territory=own_territory, stage="leader_search", side_state="on_hold", title="En pause")
    ProjectFactory(territory=own_territory, stage="incubation", side_state="abandoned", title="Abandonné")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    ProjectFactory(territory=own_territory, stage="created", stage_since=long_ago, title="Créée jadis")
    ProjectFactory(territory=own_territory, stage="created", title="Créée cette année")
    response = client_for(coordinator).get(reverse(BOARD))
    page = text(response)
    board = response.context["board"]
    assert [card.title for card in columns(response)["leader_search"].cards] == ["En pause"]
    assert "en pause" in page
    assert "Abandonné" not in page and "Créée jadis" not in page and "Créée cette année" in page
    assert (board.abandoned, board.created_earlier) == (1, 1)
    assert "1 projet abandonné" in page and "1 entreprise créée il y a plus d’un an" in page


def test_stalled_and_overdue_study_are_flagged(client_for, coordinator, own_territory):
    ProjectFactory(
        territory=own_territory,
        stage="opportunity_study",
        stage_since=timezone.now() - datetime.timedelta(days=400),
        last_activity_on=timezone.localdate() - datetime.timedelta(days=90),
    )
    page = text(client_for(coordinator).get(reverse(BOARD)))
    assert "étude de plus de 12 mois" in page and "à l’arrêt" in page


def test_a_column_shows_its_first_cards_and_links_to_the_others(client_for, coordinator, own_territory):
    ProjectFactory.create_batch(CARDS_PER_COLUMN + 3, territory=own_territory, stage="incubation")
    response = client_for(coordinator).get(reverse(BOARD))
    incubation = columns(response)["incubation"]
    assert len(incubation.cards) == CARDS_PER_COLUMN and incubation.more == 3
    assert "voir les 3 autres" in text(response)
    assert incubation.list_url == reverse("project_list") + "?etape=incubation"
    assert incubation.list_url.replace("&", "&amp;") in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_board_query_budget_does_not_grow(client_for, coordinator, django_assert_max_num_queries, rows):
    territories = [EngagedTerritoryFactory() for _ in range(3)]
    stages = [value for value, _label in Project.Stage.choices]
    for index in range(rows):
        ProjectFactory(territory=territories[index % 3], stage=stages[index % 6], sector=SectorFactory())
    client = client_for(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(BOARD))
    assert response.status_code == 200
    with django_assert_max_num_queries(16):
        response = client.get(reverse(BOARD), {"territoire": territories[0].slug, "q": "Projet"})
    assert response.status_code == 200


def test_an_htmx_request_gets_the_columns_alone(client_for, coordinator, own_territory):
    ProjectFactory(territory=own_territory, title="Garage solidaire")
    response = client_for(coordinator).get(reverse(BOARD), **HTMX)
    page = text(response)
    assert response.status_code == 200 and "<html" not in page and "Garage solidaire" in page


def test_odd_filter_values_do_not_break_the_board(client_for, referent, own_territory):
    ProjectFactory(territory=own_territory)
    client = client_for(referent)
    for query in ({"territoire": "inconnu"}, {"filiere": "x"}, {"referent": "abc"}, {"perimetre": "lune"}):
        assert client.get(reverse(BOARD), query).status_code == 200


# --- the stage-change form ---------------------------------------------------------------------------


def test_get_shows_the_form_as_a_page_or_an_htmx_fragment(client_for, referent, project):
    client = client_for(referent)
    page = client.get(move_url(project))
    assert page.status_code == 200 and "<html" in text(page) and "étude d’opportunité" in text(page)
    fragment = client.get(move_url(project), **HTMX)
    assert fragment.status_code == 200 and "<html" not in text(fragment) and 'hx-post="' in text(fragment)
    # Only the allowed targets are offered: from « idée détectée », not « recherche de porteur ».
    assert 'value="leader_search"' not in text(fragment)


def test_referent_moves_forward_with_a_normal_post(client_for, referent, project):
    response = client_for(referent).post(
        move_url(project), {"to_stage": "on_hold", "reason": "Le porteur déménage.", "version": project.version}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.side_state == "on_hold"
    change = StageChange.objects.filter(project=project).latest("at")
    assert (change.from_stage, change.to_stage, change.reason) == ("detected", "on_hold", "Le porteur déménage.")


def test_htmx_success_refreshes_the_page(client_for, coordinator, project):
    response = client_for(coordinator).post(
        move_url(project),
        {"to_stage": "opportunity_study", "reason": "Accord oral du comité.", "version": project.version},
        **HTMX,
    )
    assert response.status_code == 204 and response["HX-Refresh"] == "true"
    project.refresh_from_db()
    assert project.stage == "opportunity_study"
    assert StageChange.objects.get(project=project, to_stage="opportunity_study").is_without_decision


def test_the_next_address_is_followed_only_on_this_site(client_for, referent, project):
    client = client_for(referent)
    data = {"to_stage": "on_hold", "reason": "Pause.", "version": project.version}
    response = client.post(move_url(project), {**data, "next": "https://ailleurs.example/"})
    assert response["Location"] == reverse("project_detail", kwargs={"project": project.pk})
    project.refresh_from_db()
    data = {"to_stage": "detected", "version": project.version, "next": reverse(BOARD)}
    assert client.post(move_url(project), data)["Location"] == reverse(BOARD)


def refused(client, project, data, **extra):
    before = (Project.objects.get(pk=project.pk).version, StageChange.objects.count())
    response = client.post(move_url(project), {"version": project.version, **data}, **extra)
    assert response.status_code == 200
    assert (Project.objects.get(pk=project.pk).version, StageChange.objects.count()) == before
    return response


def test_an_illegal_move_posted_by_hand_is_refused_with_its_reason(client_for, referent, project):
    response = refused(client_for(referent), project, {"to_stage": "transmitted"})
    assert "n’est pas possible" in response.context["form"].errors["to_stage"][0]
    assert "<title>Erreur" in text(response)


def test_a_pause_without_reason_is_refused(client_for, referent, project):
    StopReasonFactory(name="Porteur indisponible")
    response = refused(client_for(referent), project, {"to_stage": "abandoned"}, **HTMX)
    assert "motif de la pause ou de l’abandon" in response.context["form"].errors["reason"][0]
    assert "<html" not in text(response)


def test_a_pause_with_a_listed_reason_is_enough(client_for, referent, project):
    reason = StopReasonFactory(name="Porteur indisponible")
    response = client_for(referent).post(
        move_url(project), {"to_stage": "on_hold", "stop_reason": reason.pk, "version": project.version}
    )
    assert response.status_code == 302
    assert StageChange.objects.get(project=project, to_stage="on_hold").stop_reason == reason


def test_stepping_back_without_reason_is_refused(client_for, referent, own_territory):
    project = ProjectFactory(territory=own_territory, stage="transmitted")
    response = refused(client_for(referent), project, {"to_stage": "leader_search"})
    assert "Indiquez pourquoi" in response.context["form"].errors["reason"][0]


def test_a_committee_stage_is_refused_to_a_referent(client_for, referent, project):
    response = refused(client_for(referent), project, {"to_stage": "opportunity_study", "reason": "Urgent."})
    assert "seule la coordination" in response.context["form"].errors["to_stage"][0]


def test_a_committee_stage_without_reason_is_refused_to_a_coordinator(client_for, coordinator, project):
    response = refused(client_for(coordinator), project, {"to_stage": "opportunity_study"})
    assert "Sans décision du comité de pilotage" in response.context["form"].errors["reason"][0]


def test_created_without_siret_is_refused(client_for, referent, own_territory):
    project = ProjectFactory(territory=own_territory, stage="incubation", target_legal_form="SCIC")
    response = refused(client_for(referent), project, {"to_stage": "created"})
    message = response.context["form"].errors["to_stage"][0]
    assert "la date de création" in message and "le SIRET" in message and "forme juridique" not in message


def test_a_stale_form_is_refused_as_a_concurrent_edit(client_for, referent, project):
    response = refused(client_for(referent), project, {"to_stage": "on_hold", "reason": "x", "version": 0})
    assert "modifiée par quelqu’un d’autre" in text(response)


def test_an_abandoned_project_offers_no_move(client_for, coordinator, own_territory):
    project = ProjectFactory(territory=own_territory, side_state="abandoned")
    page = text(client_for(coordinator).get(move_url(project)))
    assert "Un projet abandonné ne change plus d’étape." in page
    response = refused(client_for(coordinator), project, {"to_stage": "detected"})
    assert "abandonné" in response.context["form"].errors["to_stage"][0]


def test_another_territorys_referent_cannot_move(client_for, other_referent, project):
    client = client_for(other_referent)
    assert client.get(move_url(project)).status_code == 403
    response = client.post(move_url(project), {"to_stage": "on_hold", "reason": "x", "version": project.version})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.side_state == ""


@pytest.mark.parametrize("role", ["partner", "staff"])
def test_partners_and_staff_cannot_move(client_for, request, role, project):
    client = client_for(request.getfixturevalue(role))
    assert client.get(move_url(project)).status_code == 403
    assert client.post(move_url(project), {"to_stage": "on_hold", "reason": "x"}).status_code == 403


def test_the_cached_counts_follow_a_move_at_once(client_for, coordinator, own_territory):
    """The column counts come from the cache (core.aggregates): a stage move forgets them."""
    from projects.services.projects import project_move_to_stage

    project = ProjectFactory(territory=own_territory, stage="incubation", target_legal_form="SCIC")
    client = client_for(coordinator)
    before = columns(client.get(reverse(BOARD)))
    assert (before["incubation"].shown, before["transmitted"].shown) == (1, 0)
    project_move_to_stage(
        project=project,
        by=coordinator,
        expected_version=project.version,
        to_stage="transmitted",
        reason="Le porteur revoit son plan.",
    )
    after = columns(client.get(reverse(BOARD)))
    assert (after["incubation"].shown, after["transmitted"].shown) == (0, 1)


def test_a_card_id_is_the_bare_number_whatever_its_size(client_for, coordinator, own_territory):
    """Numbers are grouped by thousands in pages (USE_THOUSAND_SEPARATOR): never in an element's id."""
    ProjectFactory(pk=12345, territory=own_territory, stage="detected")
    page = client_for(coordinator).get(reverse(BOARD)).content.decode()
    assert 'id="carte-12345"' in page
