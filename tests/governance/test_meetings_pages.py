"""The meeting's page and form per role: who reads which meeting, what each sees, the coordinator's next step, the
agenda's overrun warning, bad input, a frozen meeting, holding it, and the page's query budget."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.models import Meeting
from governance.services.meetings import meeting_create, meeting_hold, meeting_update

from ..helpers import text
from .factories import (
    ActionItemFactory,
    AgendaDocumentFactory,
    AgendaItemFactory,
    AttendanceFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    DecisionFactory,
    MeetingFactory,
)


@pytest.fixture
def committee(db):
    return CommitteeFactory(name="Comité de pilotage de la Somme")


@pytest.fixture
def seated_partner(partner, committee):
    CommitteeMemberFactory(committee=committee, user=partner)
    return partner


def detail(meeting):
    return reverse("meeting_detail", kwargs={"meeting": meeting.pk})


def days_from_now(days, hour=14):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


# Who reads the page


def test_coordinator_reads_the_page_with_the_next_step(client_for, coordinator, committee):
    meeting = MeetingFactory(committee=committee, status=Meeting.Status.PLANNED, title="Séance de printemps")
    AgendaItemFactory(meeting=meeting, project__title="Garage solidaire", presenter="Camille Référente")
    page = text(client_for(coordinator).get(detail(meeting)))
    assert "Séance de printemps" in page and "Comité de pilotage de la Somme" in page
    assert "Convoquer les membres" in page and "Garage solidaire" in page and "Camille Référente" in page
    assert "prévue" in page
    assert reverse("meeting_ics", kwargs={"meeting": meeting.pk}) in page
    assert reverse("calendar_subscribe") in page


def test_the_page_gives_the_date_and_time_in_french(client_for, coordinator, committee):
    starts = timezone.make_aware(datetime.datetime(2031, 3, 13, 14, 0))
    meeting = MeetingFactory(committee=committee, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    page = text(client_for(coordinator).get(detail(meeting)))
    assert "13 mars 2031, de 14\u00a0h\u00a000 à 17\u00a0h\u00a000" in page


def test_a_convened_meeting_offers_attendance_and_holding_once_started(client_for, coordinator, committee):
    meeting = MeetingFactory(committee=committee, starts_at=days_from_now(0, hour=0), ends_at=days_from_now(1, 0))
    page = text(client_for(coordinator).get(detail(meeting)))
    assert "Enregistrer les présences" in page and "Marquer la séance comme tenue" in page
    future = MeetingFactory(committee=committee)
    page = text(client_for(coordinator).get(detail(future)))
    assert "Enregistrer les présences" in page and "Convoquer de nouveau" in page
    assert "sera proposé à partir du début de la séance" in page


def test_referent_reads_every_meeting_without_managing(client_for, referent, committee):
    meeting = MeetingFactory(committee=committee, status=Meeting.Status.PLANNED)
    response = client_for(referent).get(detail(meeting))
    assert response.status_code == 200
    page = text(response)
    assert "Convoquer les membres" not in page and "Ajouter un point" not in page


def test_partner_reads_a_convened_meeting_of_their_committee(client_for, seated_partner, committee):
    meeting = MeetingFactory(committee=committee)
    item = AgendaItemFactory(meeting=meeting, project__title="Épicerie mobile", project__leader_name="Jean Porteur")
    AgendaDocumentFactory(agenda_item=item, title="Note au comité")
    ActionItemFactory(meeting=meeting, description="Chiffrer le véhicule")
    response = client_for(seated_partner).get(detail(meeting))
    assert response.status_code == 200
    page = text(response)
    assert "Épicerie mobile" in page and "Note au comité" in page and "Chiffrer le véhicule" in page
    # The project's summary is theirs to open; its leader's personal data never shows here.
    assert reverse("project_detail", kwargs={"project": item.project_id}) in page
    project_url = reverse("project_detail", kwargs={"project": item.project_id})
    assert client_for(seated_partner).get(project_url).status_code == 200
    assert "Jean Porteur" not in page
    assert "Enregistrer les présences" not in page and "Modifier" not in page and "Faite" not in page


def test_partner_is_refused_a_planned_meeting_and_another_committees(client_for, seated_partner, committee):
    planned = MeetingFactory(committee=committee, status=Meeting.Status.PLANNED)
    other = MeetingFactory(committee=CommitteeFactory())
    assert client_for(seated_partner).get(detail(planned)).status_code == 403
    assert client_for(seated_partner).get(detail(other)).status_code == 403


def test_staff_is_refused_and_anonymous_sent_to_login(client_for, staff, committee):
    meeting = MeetingFactory(committee=committee)
    assert client_for(staff).get(detail(meeting)).status_code == 403
    response = client_for(None).get(detail(meeting))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_an_unknown_meeting_is_404(client_for, coordinator):
    assert client_for(coordinator).get(reverse("meeting_detail", kwargs={"meeting": 999999})).status_code == 404


# The agenda's timing


def test_an_agenda_past_the_meetings_end_is_flagged(client_for, coordinator, committee):
    meeting = MeetingFactory(committee=committee)  # 3 hours
    AgendaItemFactory(meeting=meeting, duration_minutes=120)
    AgendaItemFactory(meeting=meeting, duration_minutes=85)
    page = text(client_for(coordinator).get(detail(meeting)))
    assert "L’ordre du jour dépasse la fin de la séance de 25 min" in page
    # Each item shows when it starts.
    assert "16\u00a0h\u00a000" in page


def test_an_agenda_that_fits_is_not_flagged(client_for, coordinator, committee):
    meeting = MeetingFactory(committee=committee)
    AgendaItemFactory(meeting=meeting, duration_minutes=180)
    page = text(client_for(coordinator).get(detail(meeting)))
    assert "dépasse" not in page and "Durée prévue\u00a0: 3\u00a0h" in page


# Action items on the page


def test_open_overdue_and_done_action_items_are_told_apart(client_for, coordinator, committee):
    meeting = MeetingFactory(committee=committee, status=Meeting.Status.HELD)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ActionItemFactory(meeting=meeting, description="Relancer la mairie", due_on=yesterday)
    ActionItemFactory(meeting=meeting, description="Envoyer la note")
    ActionItemFactory(meeting=meeting, description="Réserver la salle", done_on=yesterday)
    page = text(client_for(coordinator).get(detail(meeting)))
    assert "en retard" in page and "à faire" in page and "faite le" in page
    assert "2 actions ouvertes, dont 1 en retard" in page


# Creating and editing a meeting


def meeting_form(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=20)
    data = {
        "title": "Comité annuel",
        "day": day.strftime("%d/%m/%Y"),
        "start_time": "14:00",
        "end_time": "17h00",
        "place": "Maison de l’ESS",
        "video_link": "",
    }
    return {**data, **overrides}


def test_coordinator_plans_a_meeting(client_for, coordinator, committee):
    response = client_for(coordinator).post(
        reverse("meeting_create", kwargs={"committee": committee.pk}), meeting_form()
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(meeting)
    assert meeting.status == Meeting.Status.PLANNED and meeting.committee == committee
    assert timezone.localtime(meeting.starts_at).hour == 14 and timezone.localtime(meeting.ends_at).hour == 17


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "13:00"}, "La fin de la séance doit venir après son début."),
        ({"place": "", "video_link": ""}, "Indiquez un lieu ou un lien de visioconférence."),
        ({"start_time": "25h"}, "Heure illisible"),
        ({"day": "31/02/2031"}, "n’existe pas"),
        ({"video_link": "pas une adresse"}, "Saisissez une adresse web complète"),
    ],
)
def test_bad_meeting_input_is_refused_in_french(client_for, coordinator, committee, overrides, message):
    response = client_for(coordinator).post(
        reverse("meeting_create", kwargs={"committee": committee.pk}), meeting_form(**overrides)
    )
    assert response.status_code == 200 and message in text(response)
    assert not Meeting.objects.exists()


def test_the_service_refuses_an_end_before_the_start(coordinator, committee):
    starts = days_from_now(3)
    with pytest.raises(ValidationError) as refused:
        meeting_create(committee=committee, by=coordinator, starts_at=starts, ends_at=starts, place="Amiens")
    assert "ends_at" in refused.value.error_dict


def test_meeting_forms_are_for_coordinators(client_for, referent, seated_partner, committee):
    meeting = MeetingFactory(committee=committee)
    for user in (referent, seated_partner):
        assert client_for(user).get(reverse("meeting_create", kwargs={"committee": committee.pk})).status_code == 403
        assert client_for(user).post(reverse("meeting_edit", kwargs={"meeting": meeting.pk}), {}).status_code == 403


def test_coordinator_edits_a_meeting_with_its_version(client_for, coordinator, committee):
    meeting = MeetingFactory(committee=committee, status=Meeting.Status.PLANNED)
    client = client_for(coordinator)
    assert client.get(reverse("meeting_edit", kwargs={"meeting": meeting.pk})).status_code == 200
    data = meeting_form(place="Salle du conseil, Beauvais", version=meeting.version)
    response = client.post(reverse("meeting_edit", kwargs={"meeting": meeting.pk}), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Salle du conseil, Beauvais" and meeting.version == 2
    # A stale form is refused.
    response = client.post(reverse("meeting_edit", kwargs={"meeting": meeting.pk}), meeting_form(version=1))
    assert response.status_code == 200 and "modifiée par quelqu’un d’autre" in text(response)


def test_a_frozen_meeting_refuses_changes(client_for, coordinator, committee):
    meeting = MeetingFactory(committee=committee, status=Meeting.Status.MINUTES_APPROVED, place="Amiens")
    with pytest.raises(ValidationError, match="approuvé"):
        meeting_update(meeting=meeting, by=coordinator, expected_version=meeting.version, place="Laon")
    response = client_for(coordinator).post(
        reverse("meeting_edit", kwargs={"meeting": meeting.pk}), meeting_form(version=meeting.version), follow=True
    )
    assert "approuvé" in text(response)
    meeting.refresh_from_db()
    assert meeting.place == "Amiens"


# Holding a meeting


def test_a_started_convened_meeting_is_held(client_for, coordinator, committee):
    meeting = MeetingFactory(committee=committee, starts_at=days_from_now(-1), ends_at=days_from_now(-1, 17))
    response = client_for(coordinator).post(
        reverse("meeting_hold", kwargs={"meeting": meeting.pk}), {"version": meeting.version}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


def test_a_meeting_is_not_held_before_it_starts_nor_when_only_planned(coordinator, committee):
    future = MeetingFactory(committee=committee)
    with pytest.raises(ValidationError, match="pas encore commencé"):
        meeting_hold(meeting=future, by=coordinator, expected_version=future.version)
    planned = MeetingFactory(committee=committee, status=Meeting.Status.PLANNED, starts_at=days_from_now(-1))
    with pytest.raises(ValidationError, match="convoquée"):
        meeting_hold(meeting=planned, by=coordinator, expected_version=planned.version)


def test_hold_is_refused_to_partners(client_for, seated_partner, committee):
    meeting = MeetingFactory(committee=committee, starts_at=days_from_now(-1), ends_at=days_from_now(-1, 17))
    response = client_for(seated_partner).post(reverse("meeting_hold", kwargs={"meeting": meeting.pk}))
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED


# Query budget


def fill(meeting, count):
    members = [CommitteeMemberFactory(committee=meeting.committee) for _ in range(count)]
    for member in members:
        AttendanceFactory(meeting=meeting, member=member)
    for _ in range(count):
        item = AgendaItemFactory(meeting=meeting, duration_minutes=5)
        AgendaDocumentFactory(agenda_item=item)
        DecisionFactory(agenda_item=item)
        ActionItemFactory(meeting=meeting, agenda_item=item, owner=members[0].user)


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("role", ["coordinator", "partner"])
def test_the_meeting_page_reads_a_fixed_number_of_queries(
    client_for, django_assert_max_num_queries, request, committee, count, role
):
    user = request.getfixturevalue(role)
    meeting = MeetingFactory(committee=committee, status=Meeting.Status.HELD)
    CommitteeMemberFactory(committee=committee, user=user)
    fill(meeting, count)
    client = client_for(user)
    with django_assert_max_num_queries(12):
        response = client.get(detail(meeting))
    assert response.status_code == 200
    assert text(response).count('id="point-') == count
