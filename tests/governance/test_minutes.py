"""Minutes: drafted from the agenda, edited, approved (from a held meeting), then frozen everywhere; their block
on the meeting page for each role."""

from decimal import Decimal

import pytest
from django.contrib.auth.context_processors import PermWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from core.versioning import ConcurrentEditError
from governance.models import Attendance, Decision, Meeting
from governance.services.decisions import decision_record, decision_update
from governance.services.minutes import minutes_approve, minutes_draft, minutes_update

from ..helpers import text
from ..projects.factories import ProjectFactory
from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    CommitteeMemberFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture
def seated_partner(partner):
    return CommitteeMemberFactory(user=partner).user


@pytest.fixture
def meeting(seated_partner):
    committee = seated_partner.committee_seats.get().committee
    return MeetingFactory(committee=committee, status=Meeting.Status.HELD, title="Comité de pilotage de mars")


def fresh(meeting):
    return Meeting.objects.get(pk=meeting.pk)


def test_the_draft_follows_the_agenda(coordinator, meeting, seated_partner):
    first = AgendaItemFactory(meeting=meeting, position=1, project=ProjectFactory(title="Garage solidaire"))
    AgendaItemFactory(meeting=meeting, position=2, project=None, topic="Budget 2027")
    decision_record(
        agenda_item=first,
        by=coordinator,
        outcome=Decision.Outcome.LAUNCH_STUDY,
        conditions="Associer la mairie",
        amount=Decimal("12500"),
        rationale="Besoin avéré",
    )
    ActionItemFactory(meeting=meeting, agenda_item=first, description="Envoyer l’étude", owner_name="CRESS")
    AttendanceFactory(meeting=meeting, member=seated_partner.committee_seats.get())
    AttendanceFactory(
        meeting=meeting,
        member=CommitteeMemberFactory(committee=meeting.committee, user=None, representative_name="Alex Excusé"),
        status=Attendance.Status.EXCUSED,
    )
    minutes_draft(meeting=meeting, by=coordinator, expected_version=meeting.version)
    minutes = fresh(meeting).minutes
    assert minutes.startswith("# Compte rendu — Comité de pilotage de mars")
    assert f"**Présents{NBSP}:** {seated_partner.get_full_name()}" in minutes
    assert f"**Excusés{NBSP}:** Alex Excusé" in minutes
    assert "## 1. " in minutes and "Garage solidaire" in minutes and "## 2. Budget 2027" in minutes
    assert "lancer l’étude d’opportunité" in minutes and "Associer la mairie" in minutes
    assert f"12{NBSP}500,00{NBSP}€" in minutes and "Besoin avéré" in minutes
    assert "Envoyer l’étude" in minutes and "CRESS" in minutes
    assert "*Pas de décision enregistrée.*" in minutes  # the free topic
    assert minutes.index("## 1.") < minutes.index("## 2.")


def test_the_draft_does_not_overwrite_written_minutes_unless_asked(coordinator, meeting):
    minutes_update(meeting=meeting, by=coordinator, expected_version=1, minutes="Texte déjà écrit")
    with pytest.raises(ValidationError) as refused:
        minutes_draft(meeting=meeting, by=coordinator, expected_version=2)
    assert "cochez la case pour le remplacer" in " ".join(refused.value.message_dict["replace"])
    assert fresh(meeting).minutes == "Texte déjà écrit"
    minutes_draft(meeting=meeting, by=coordinator, expected_version=2, replace=True)
    assert fresh(meeting).minutes.startswith("# Compte rendu")


def test_an_edit_refuses_a_stale_version(coordinator, meeting):
    minutes_update(meeting=meeting, by=coordinator, expected_version=1, minutes="Premier")
    with pytest.raises(ConcurrentEditError):
        minutes_update(meeting=meeting, by=coordinator, expected_version=1, minutes="Second")
    assert fresh(meeting).minutes == "Premier"


def test_approval_from_a_held_meeting_freezes_minutes_and_decisions(coordinator, meeting):
    item = AgendaItemFactory(meeting=meeting)
    decision = decision_record(agenda_item=item, by=coordinator, outcome=Decision.Outcome.POSTPONE)
    with pytest.raises(ValidationError) as refused:
        minutes_approve(meeting=meeting, by=coordinator, expected_version=1)
    assert "Le compte rendu est vide" in refused.value.messages[0]
    minutes_update(meeting=meeting, by=coordinator, expected_version=1, minutes="Relu et validé.")
    minutes_approve(meeting=meeting, by=coordinator, expected_version=2)
    approved = fresh(meeting)
    assert approved.is_frozen and approved.minutes_approved_by == coordinator and approved.minutes_approved_at
    assert approved.minutes == "Relu et validé."
    for call in (
        lambda: minutes_update(meeting=approved, by=coordinator, expected_version=3, minutes="Changé"),
        lambda: minutes_draft(meeting=approved, by=coordinator, expected_version=3, replace=True),
        lambda: minutes_approve(meeting=approved, by=coordinator, expected_version=3),
        lambda: decision_update(decision=decision, by=coordinator, expected_version=1, rationale="Non"),
        lambda: decision_record(agenda_item=item, by=coordinator, outcome=Decision.Outcome.OTHER),
    ):
        with pytest.raises(ValidationError):
            call()
    assert fresh(meeting).minutes == "Relu et validé." and Decision.objects.count() == 1


@pytest.mark.parametrize("status", [Meeting.Status.PLANNED, Meeting.Status.CONVENED])
def test_only_a_held_meeting_has_its_minutes_approved(coordinator, status):
    meeting = MeetingFactory(status=status, minutes="Texte")
    with pytest.raises(ValidationError) as refused:
        minutes_approve(meeting=meeting, by=coordinator, expected_version=1)
    assert "séance tenue" in refused.value.messages[0]
    assert fresh(meeting).status == status


def test_a_planned_meeting_has_no_minutes_yet(coordinator):
    meeting = MeetingFactory(status=Meeting.Status.PLANNED)
    with pytest.raises(ValidationError):
        minutes_update(meeting=meeting, by=coordinator, expected_version=1, minutes="Trop tôt")
    with pytest.raises(ValidationError):
        minutes_draft(meeting=meeting, by=coordinator, expected_version=1)


@pytest.mark.parametrize("role", ["referent", "partner"])
def test_only_coordinators_write_minutes(request, meeting, role):
    user = request.getfixturevalue(role)
    for call in (minutes_draft, minutes_approve):
        with pytest.raises(PermissionDenied):
            call(meeting=meeting, by=user, expected_version=1)
    with pytest.raises(PermissionDenied):
        minutes_update(meeting=meeting, by=user, expected_version=1, minutes="x")


# --- pages ---------------------------------------------------------------------------------------------


def url(name, meeting):
    return reverse(name, kwargs={"meeting": meeting.pk})


def test_the_coordinators_journey_draft_edit_approve(client_for, coordinator, meeting):
    AgendaItemFactory(meeting=meeting, project=None, topic="Budget 2027")
    client = client_for(coordinator)
    assert "Rédiger le brouillon" in text(client.get(url("minutes_draft", meeting)))
    response = client.post(url("minutes_draft", meeting), {"version": 1})
    assert response["Location"] == url("minutes_edit", meeting)
    page = text(client.get(url("minutes_edit", meeting)))
    assert "## 1. Budget 2027" in page
    # A second draft over written minutes asks for confirmation.
    response = client.post(url("minutes_draft", meeting), {"version": 2})
    assert "cochez la case pour le remplacer" in text(response)
    response = client.post(url("minutes_edit", meeting), {"minutes": "# CR\n\nTexte <script>x</script>", "version": 2})
    assert response.status_code == 302
    html = client.get(url("minutes_approve", meeting)).content.decode()
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    response = client.post(url("minutes_approve", meeting), {"version": 3})
    assert response["Location"] == url("meeting_detail", meeting) and fresh(meeting).is_frozen
    # Frozen: every minutes page sends back to the meeting, and nothing changes.
    for name in ("minutes_edit", "minutes_draft", "minutes_approve"):
        response = client.post(url(name, meeting), {"minutes": "Changé", "version": 4, "replace": "on"})
        assert response.status_code == 302 and response["Location"] == url("meeting_detail", meeting)
    assert fresh(meeting).minutes == "# CR\n\nTexte <script>x</script>"


def test_bad_input_on_the_minutes_form(client_for, coordinator, meeting):
    client = client_for(coordinator)
    response = client.post(url("minutes_edit", meeting), {"minutes": "a\x00b", "version": 1})
    assert "caractère nul" in text(response) and fresh(meeting).minutes == ""
    response = client.post(url("minutes_edit", meeting), {"minutes": "Texte"})
    assert "La version de la fiche manque" in text(response) and fresh(meeting).minutes == ""
    response = client.post(url("minutes_approve", meeting), {"version": 1})
    assert "Le compte rendu est vide" in text(response) and not fresh(meeting).is_frozen


@pytest.mark.parametrize("role", ["referent", "partner"])
def test_others_may_not_open_the_minutes_pages(client_for, request, meeting, role):
    client = client_for(request.getfixturevalue(role))
    for name in ("minutes_edit", "minutes_draft", "minutes_approve"):
        assert client.get(url(name, meeting)).status_code == 403
        assert client.post(url(name, meeting), {"minutes": "x", "version": 1}).status_code == 403
    assert fresh(meeting).minutes == "" and not fresh(meeting).is_frozen


def block(meeting, user):
    return render_to_string("governance/minutes/_block.html", {"meeting": fresh(meeting), "perms": PermWrapper(user)})


def test_the_block_on_the_meeting_page(coordinator, seated_partner, meeting):
    assert "Rédiger à partir de l’ordre du jour" in block(meeting, coordinator)
    assert "Rédiger à partir de l’ordre du jour" not in block(meeting, seated_partner)
    minutes_update(meeting=meeting, by=coordinator, expected_version=1, minutes="## Point\n\n[x](javascript:alert(1))")
    html = block(meeting, coordinator)
    assert "Approuver le compte rendu" in html and "Modifier" in html and "brouillon" in html
    assert "<h4>Point</h4>" in html and "javascript" not in html
    partner_html = block(meeting, seated_partner)
    assert "<h4>Point</h4>" in partner_html and "Approuver le compte rendu" not in partner_html
    minutes_approve(meeting=meeting, by=coordinator, expected_version=2)
    html = block(meeting, coordinator)
    assert "approuvé" in html and "Approuver le compte rendu" not in html and "Rédiger à partir" not in html


def test_the_meeting_page_shows_the_minutes_to_a_seated_partner(client_for, coordinator, seated_partner, meeting):
    minutes_update(meeting=meeting, by=coordinator, expected_version=1, minutes="## Relevé\n\nTout est en ordre.")
    page = text(client_for(seated_partner).get(url("meeting_detail", meeting)))
    assert "Tout est en ordre." in page and "Approuver le compte rendu" not in page
