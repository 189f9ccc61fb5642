"""Pages of decisions: the list (per role, filters, query budget), one decision, recording, editing and amending
one, and what the meeting page shows of each agenda item's decisions."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.context_processors import PermWrapper
from django.template.loader import render_to_string
from django.urls import reverse

from governance.models import Decision, Meeting
from governance.selectors.meetings import meeting_agenda
from governance.services.decisions import decision_record
from projects.models import Project, StageChange

from ..helpers import text
from ..projects.factories import ProjectFactory
from .factories import AgendaItemFactory, CommitteeMemberFactory, DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db
OUTCOME = Decision.Outcome
LEADER = {"leader_name": "Camille Porteuse", "leader_email": "camille@porteur.fr", "leader_phone": "06 12 34 56 78"}


@pytest.fixture
def seated_partner(partner):
    return CommitteeMemberFactory(user=partner).user


@pytest.fixture
def committee(seated_partner):
    return seated_partner.committee_seats.get().committee


@pytest.fixture
def held_item(committee):
    meeting = MeetingFactory(committee=committee, status=Meeting.Status.HELD, title="Comité de mars")
    return AgendaItemFactory(meeting=meeting, project=ProjectFactory(title="Garage solidaire", **LEADER))


def detail(decision):
    return reverse("decision_detail", kwargs={"decision": decision.pk})


# --- list ----------------------------------------------------------------------------------------------


def test_the_list_per_role(client_for, coordinator, referent, seated_partner, held_item, staff):
    mine = DecisionFactory(agenda_item=held_item, outcome=OUTCOME.GRANT_FUNDING, amount=Decimal("12500"))
    other = DecisionFactory(rationale="Autre comité")
    planned = DecisionFactory(
        agenda_item=AgendaItemFactory(
            meeting=MeetingFactory(committee=held_item.meeting.committee, status=Meeting.Status.PLANNED),
            project=ProjectFactory(title="Projet en préparation"),
        )
    )
    url = reverse("decision_list")
    for user in (coordinator, referent):
        page = text(client_for(user).get(url))
        assert "Garage solidaire" in page and other.project.title in page and "Projet en préparation" in page
    response = client_for(seated_partner).get(url)
    page = text(response)
    assert response.status_code == 200
    assert "Garage solidaire" in page and "12\u00a0500,00\u00a0€" in page
    assert other.project.title not in page and planned.project.title not in page
    assert LEADER["leader_name"] not in page and LEADER["leader_email"] not in page
    assert reverse("decision_detail", kwargs={"decision": mine.pk}) in page
    assert client_for(staff).get(url).status_code == 403
    response = client_for(None).get(url)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_the_list_filters(client_for, coordinator, held_item):
    DecisionFactory(agenda_item=held_item, outcome=OUTCOME.GO)
    old_meeting = MeetingFactory(
        status=Meeting.Status.MINUTES_APPROVED,
        starts_at=datetime.datetime(2019, 3, 1, 14, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2019, 3, 1, 17, tzinfo=datetime.UTC),
    )
    DecisionFactory(
        agenda_item=AgendaItemFactory(meeting=old_meeting, project=ProjectFactory(title="Vieille conserverie")),
        outcome=OUTCOME.POSTPONE,
        rationale="Attendre le diagnostic",
    )
    client = client_for(coordinator)
    url = reverse("decision_list")
    page = text(client.get(url, {"annee": 2019}))
    assert "Vieille conserverie" in page and "Garage solidaire" not in page
    page = text(client.get(url, {"issue": "go"}))
    assert "Garage solidaire" in page and "Vieille conserverie" not in page
    page = text(client.get(url, {"comite": held_item.meeting.committee_id}))
    assert "Garage solidaire" in page and "Vieille conserverie" not in page
    page = text(client.get(url, {"q": "diagnostic"}))
    assert "Vieille conserverie" in page and "Garage solidaire" not in page


@pytest.mark.parametrize(
    "query", [{"annee": "0"}, {"annee": "abc"}, {"comite": "999999"}, {"issue": "vote"}, {"q": "a\x00b"}, {"page": "x"}]
)
def test_bad_filter_values_answer_with_a_message_not_an_error(client_for, coordinator, held_item, query):
    DecisionFactory(agenda_item=held_item)
    response = client_for(coordinator).get(reverse("decision_list"), query)
    assert response.status_code == 200
    if "annee" in query:
        assert "Saisissez une année entre 1900 et 2100." in text(response)


def test_a_partner_filters_only_on_their_committees(client_for, seated_partner, held_item):
    other = DecisionFactory()
    page = text(client_for(seated_partner).get(reverse("decision_list")))
    assert held_item.meeting.committee.name in page
    assert other.agenda_item.meeting.committee.name not in page


def test_the_export_holds_no_personal_data(client_for, coordinator, held_item):
    from ..helpers import response_bytes

    DecisionFactory(agenda_item=held_item, conditions="Sous réserve du local")
    response = client_for(coordinator).get(reverse("decision_list"), {"export": "csv"})
    content = response_bytes(response).decode("utf-8-sig")
    assert "Sous réserve du local" in content and "Garage solidaire" in content
    assert LEADER["leader_name"] not in content and LEADER["leader_email"] not in content


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_query_budget(client_for, seated_partner, committee, rows, django_assert_max_num_queries):
    meetings = [MeetingFactory(committee=committee, status=Meeting.Status.HELD) for _ in range(3)]
    for index in range(rows):
        item = AgendaItemFactory(meeting=meetings[index % 3])
        DecisionFactory(agenda_item=item, amount=Decimal(index), outcome=OUTCOME.GRANT_FUNDING)
    client = client_for(seated_partner)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("decision_list"))
    assert response.status_code == 200 and text(response).count("accorder un financement") >= min(rows, 25)


# --- one decision --------------------------------------------------------------------------------------


def test_the_decision_page_per_role(client_for, coordinator, referent, seated_partner, partner, held_item, staff):
    decision = decision_record(
        agenda_item=held_item,
        by=coordinator,
        outcome=OUTCOME.LAUNCH_STUDY,
        conditions="Associer la mairie",
        amount=Decimal("8000"),
        rationale="Le besoin est avéré.",
        follow_up_on=datetime.date(2027, 1, 15),
    )
    for user in (coordinator, referent, seated_partner):
        response = client_for(user).get(detail(decision))
        page = text(response)
        assert response.status_code == 200
        assert "lancer l’étude d’opportunité" in page and "Associer la mairie" in page
        assert "8\u00a0000,00\u00a0€" in page
        assert "Le besoin est avéré." in page and "15 janvier 2027" in page and "Garage solidaire" in page
        assert "étude d’opportunité" in page and held_item.project.territory.name in page
        for value in LEADER.values():
            assert value not in page
    assert "Modifier la décision" in text(client_for(coordinator).get(detail(decision)))
    assert "Modifier la décision" not in text(client_for(referent).get(detail(decision)))
    assert client_for(staff).get(detail(decision)).status_code == 403


def test_a_partner_reads_no_decision_of_another_committee_or_a_planned_meeting(client_for, seated_partner, committee):
    other = DecisionFactory()
    planned = DecisionFactory(
        agenda_item=AgendaItemFactory(meeting=MeetingFactory(committee=committee, status=Meeting.Status.PLANNED))
    )
    assert client_for(seated_partner).get(detail(other)).status_code == 404
    assert client_for(seated_partner).get(detail(planned)).status_code == 404


# --- recording one -------------------------------------------------------------------------------------


def create_url(item):
    return reverse("decision_create", kwargs={"agenda_item": item.pk})


def test_a_coordinator_records_a_decision_that_moves_the_project(client_for, coordinator, held_item):
    client = client_for(coordinator)
    assert "Enregistrer la décision" in text(client.get(create_url(held_item)))
    response = client.post(
        create_url(held_item), {"outcome": "launch_study", "amount": "12 500,50", "follow_up_on": "15/03/2027"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting_detail", kwargs={"meeting": held_item.meeting_id})
    decision = Decision.objects.get()
    assert decision.amount == Decimal("12500.50") and decision.follow_up_on == datetime.date(2027, 3, 15)
    assert Project.objects.get(pk=held_item.project_id).stage == Project.Stage.OPPORTUNITY_STUDY
    assert decision.stage_change.to_stage == Project.Stage.OPPORTUNITY_STUDY


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({}, "Choisissez la décision du comité."),
        ({"outcome": "vote"}, "Cette décision n’existe pas"),
        ({"outcome": "grant_funding", "amount": "-5"}, "Un montant ne peut pas être négatif."),
        ({"outcome": "grant_funding", "amount": "douze"}, "Saisissez un nombre"),
        ({"outcome": "postpone", "follow_up_on": "32/13/2026"}, "date"),
        ({"outcome": "no_go"}, "indiquez-en les motifs"),
        ({"outcome": "approve_transfer"}, "un projet avance d’une étape à la fois"),
        ({"outcome": "postpone", "rationale": "a\x00b"}, "caractère nul"),
    ],
)
def test_bad_input_is_refused_in_french_and_saves_nothing(client_for, coordinator, held_item, data, field_message):
    response = client_for(coordinator).post(create_url(held_item), data)
    assert response.status_code == 200
    assert field_message in text(response)
    assert not Decision.objects.exists() and not StageChange.objects.exists()


@pytest.mark.parametrize("role", ["referent", "partner"])
def test_others_may_not_record(client_for, request, held_item, role):
    response = client_for(request.getfixturevalue(role)).post(create_url(held_item), {"outcome": "postpone"})
    assert response.status_code == 403 and not Decision.objects.exists()


def test_approved_minutes_send_back_to_the_meeting(client_for, coordinator, held_item):
    Meeting.objects.filter(pk=held_item.meeting_id).update(status=Meeting.Status.MINUTES_APPROVED)
    response = client_for(coordinator).post(create_url(held_item), {"outcome": "postpone"})
    assert response.status_code == 302 and not Decision.objects.exists()


# --- editing and amending ------------------------------------------------------------------------------


def test_a_coordinator_edits_a_decision_until_the_minutes_are_approved(client_for, coordinator, held_item):
    decision = decision_record(agenda_item=held_item, by=coordinator, outcome=OUTCOME.LAUNCH_STUDY)
    client = client_for(coordinator)
    url = reverse("decision_edit", kwargs={"decision": decision.pk})
    page = text(client.get(url))
    assert "sa nature ne change plus" in page
    response = client.post(url, {"outcome": "postpone", "rationale": "Complété.", "version": 1})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.rationale == "Complété." and decision.outcome == OUTCOME.LAUNCH_STUDY
    response = client.post(url, {"outcome": "postpone", "rationale": "Encore.", "version": 1})
    assert "modifiée par quelqu’un d’autre" in text(response)
    Meeting.objects.filter(pk=held_item.meeting_id).update(status=Meeting.Status.MINUTES_APPROVED)
    response = client.post(url, {"rationale": "Trop tard.", "version": 2})
    assert response.status_code == 302 and response["Location"] == detail(decision)
    decision.refresh_from_db()
    assert decision.rationale == "Complété."


def test_an_amendment_from_its_page(client_for, coordinator, held_item):
    old = decision_record(agenda_item=held_item, by=coordinator, outcome=OUTCOME.POSTPONE)
    client = client_for(coordinator)
    url = reverse("decision_amend", kwargs={"decision": old.pk})
    # Minutes still open: edit it instead.
    assert client.get(url)["Location"] == reverse("decision_edit", kwargs={"decision": old.pk})
    Meeting.objects.filter(pk=held_item.meeting_id).update(status=Meeting.Status.MINUTES_APPROVED)
    assert "Enregistrer un avenant" in text(client.get(detail(old)))
    assert "qui reste inchangée" in text(client.get(url))
    response = client.post(url, {"agenda_item": 999999, "outcome": "launch_study"})
    assert "Choisissez l’un des points proposés" in text(response) and Decision.objects.count() == 1
    response = client.post(url, {"agenda_item": held_item.pk, "outcome": "launch_study", "rationale": "Rectifié."})
    amendment = Decision.objects.get(amends=old)
    assert response["Location"] == detail(amendment)
    assert amendment.stage_change.to_stage == Project.Stage.OPPORTUNITY_STUDY
    page = text(client.get(detail(old)))
    assert "Modifiée par l’avenant" in page
    old.refresh_from_db()
    assert old.outcome == OUTCOME.POSTPONE and old.version == 1
    assert "la décision du" in text(client.get(detail(amendment)))


@pytest.mark.parametrize("role", ["referent", "partner"])
def test_others_may_not_edit_or_amend(client_for, request, coordinator, held_item, role):
    decision = decision_record(agenda_item=held_item, by=coordinator, outcome=OUTCOME.POSTPONE)
    client = client_for(request.getfixturevalue(role))
    for name in ("decision_edit", "decision_amend"):
        url = reverse(name, kwargs={"decision": decision.pk})
        assert client.post(url, {"outcome": "go", "version": 1}).status_code == 403
    assert Decision.objects.count() == 1


# --- on the meeting page -------------------------------------------------------------------------------


def item_block(item, user):
    items = meeting_agenda(meeting=item.meeting)
    return render_to_string(
        "governance/decisions/_item_decisions.html", {"item": items[0], "perms": PermWrapper(user), "user": user}
    )


def test_the_item_block_shows_decisions_and_the_coordinators_link(coordinator, seated_partner, held_item):
    decision_record(
        agenda_item=held_item,
        by=coordinator,
        outcome=OUTCOME.LAUNCH_STUDY,
        conditions="Avec la mairie",
        amount=Decimal(900),
    )
    block = item_block(held_item, coordinator)
    assert "lancer l’étude d’opportunité" in block and "Avec la mairie" in block and "900,00" in block
    assert "idée détectée" in block and "Enregistrer une décision" in block and "Modifier la décision" in block
    block = item_block(held_item, seated_partner)
    assert "lancer l’étude d’opportunité" in block
    assert "Enregistrer une décision" not in block and "Modifier la décision" not in block


def test_the_project_history_names_the_decision_behind_a_stage_change(client_for, coordinator, held_item):
    decision = decision_record(agenda_item=held_item, by=coordinator, outcome=OUTCOME.LAUNCH_STUDY)
    page = text(client_for(coordinator).get(reverse("project_history", kwargs={"project": held_item.project_id})))
    assert detail(decision) in page and "décision du comité du" in page
