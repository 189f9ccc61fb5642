"""The agenda of a meeting: items (a project or a topic) in order, moved and removed, their documents uploaded and
downloaded with access checked; nothing of it changes once the minutes are approved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance.models import AgendaDocument, AgendaItem, Meeting
from governance.services.agenda import (
    agenda_document_add,
    agenda_item_create,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
)

from ..helpers import response_bytes, text
from ..projects.factories import ProjectFactory
from .factories import (
    AgendaDocumentFactory,
    AgendaItemFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    DecisionFactory,
    MeetingFactory,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200


@pytest.fixture
def meeting(db):
    return MeetingFactory(status=Meeting.Status.PLANNED)


def positions(meeting):
    return list(meeting.agenda_items.order_by("position").values_list("topic", "position"))


def test_coordinator_adds_a_project_item_at_the_end(client_for, coordinator, meeting, other_territory):
    AgendaItemFactory(meeting=meeting, position=1, project=None, topic="Accueil")
    project = ProjectFactory(territory=other_territory, title="Recyclerie")
    client = client_for(coordinator)
    url = reverse("agenda_item_create", kwargs={"meeting": meeting.pk})
    page = text(client.get(url))
    assert "Recyclerie" in page  # a project of any territory
    response = client.post(url, {"project": project.pk, "presenter": "Léa", "duration_minutes": 30, "position": ""})
    assert response.status_code == 302
    item = meeting.agenda_items.get(project=project)
    assert item.position == 2 and item.presenter == "Léa" and item.duration_minutes == 30


def test_an_item_put_at_a_position_moves_the_others_down(coordinator, meeting):
    for topic in ("A", "B", "C"):
        agenda_item_create(meeting=meeting, by=coordinator, topic=topic)
    agenda_item_create(meeting=meeting, by=coordinator, topic="Z", position=1)
    assert positions(meeting) == [("Z", 1), ("A", 2), ("B", 3), ("C", 4)]
    item = meeting.agenda_items.get(topic="C")
    agenda_item_update(agenda_item=item, by=coordinator, expected_version=item.version, position=2, topic="C")
    assert positions(meeting) == [("Z", 1), ("C", 2), ("A", 3), ("B", 4)]


def test_items_move_up_and_down(client_for, coordinator, meeting):
    for topic in ("A", "B", "C"):
        agenda_item_create(meeting=meeting, by=coordinator, topic=topic)
    item = meeting.agenda_items.get(topic="C")
    client = client_for(coordinator)
    response = client.post(reverse("agenda_item_move", kwargs={"agenda_item": item.pk}), {"direction": "up"})
    assert response.status_code == 302
    assert positions(meeting) == [("A", 1), ("C", 2), ("B", 3)]
    agenda_item_move(agenda_item=meeting.agenda_items.get(topic="A"), by=coordinator, offset=-1)
    assert positions(meeting) == [("A", 1), ("C", 2), ("B", 3)]
    # An odd direction changes nothing and breaks nothing.
    move_url = reverse("agenda_item_move", kwargs={"agenda_item": item.pk})
    assert client.post(move_url, {"direction": "x"}).status_code == 302
    assert positions(meeting) == [("A", 1), ("C", 2), ("B", 3)]


def test_an_item_needs_a_project_or_a_topic(client_for, coordinator, meeting):
    url = reverse("agenda_item_create", kwargs={"meeting": meeting.pk})
    response = client_for(coordinator).post(url, {"project": "", "topic": "  ", "duration_minutes": 15})
    assert response.status_code == 200 and "Choisissez un projet ou écrivez le sujet de ce point." in text(response)
    assert not AgendaItem.objects.exists()
    with pytest.raises(ValidationError):
        agenda_item_create(meeting=meeting, by=coordinator, topic="")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"topic": "Budget", "duration_minutes": 0}, "au moins 1 minute"),
        ({"topic": "Budget", "duration_minutes": 900}, "480 minutes"),
        ({"project": "999999", "duration_minutes": 15}, "Choisissez un projet de la liste."),
        ({"topic": "Bud\x00get", "duration_minutes": 15}, "caractère nul"),
    ],
)
def test_bad_item_input_is_refused_in_french(client_for, coordinator, meeting, data, message):
    response = client_for(coordinator).post(reverse("agenda_item_create", kwargs={"meeting": meeting.pk}), data)
    assert response.status_code == 200 and message in text(response)
    assert not AgendaItem.objects.exists()


def test_agenda_pages_are_for_coordinators(client_for, referent, partner, meeting):
    item = AgendaItemFactory(meeting=meeting)
    CommitteeMemberFactory(committee=meeting.committee, user=partner)
    for user in (referent, partner):
        client = client_for(user)
        assert client.get(reverse("agenda_item_create", kwargs={"meeting": meeting.pk})).status_code == 403
        assert client.post(reverse("agenda_item_delete", kwargs={"agenda_item": item.pk})).status_code == 403
    with pytest.raises(PermissionDenied):
        agenda_item_create(meeting=meeting, by=referent, topic="Budget")
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_item_is_removed_with_its_documents_unless_decided(client_for, coordinator, meeting):
    kept = AgendaItemFactory(meeting=meeting)
    removed = AgendaItemFactory(meeting=meeting)
    AgendaDocumentFactory(agenda_item=removed)
    decided = AgendaItemFactory(meeting=meeting)
    DecisionFactory(agenda_item=decided)
    client = client_for(coordinator)
    assert "Retirer le point" in text(client.get(reverse("agenda_item_delete", kwargs={"agenda_item": removed.pk})))
    client.post(reverse("agenda_item_delete", kwargs={"agenda_item": removed.pk}))
    assert not AgendaItem.objects.filter(pk=removed.pk).exists() and not AgendaDocument.objects.exists()
    response = client.post(reverse("agenda_item_delete", kwargs={"agenda_item": decided.pk}), follow=True)
    assert "porte des décisions" in text(response)
    assert AgendaItem.objects.filter(pk=decided.pk).exists()
    assert list(meeting.agenda_items.order_by("position").values_list("pk", "position")) == [
        (kept.pk, 1),
        (decided.pk, 2),
    ]


def test_a_frozen_meetings_agenda_does_not_change(client_for, coordinator):
    meeting = MeetingFactory(status=Meeting.Status.MINUTES_APPROVED)
    item = AgendaItemFactory(meeting=meeting, topic="Bilan")
    for call in (
        lambda: agenda_item_create(meeting=meeting, by=coordinator, topic="Nouveau"),
        lambda: agenda_item_update(agenda_item=item, by=coordinator, expected_version=item.version, topic="Autre"),
        lambda: agenda_item_move(agenda_item=item, by=coordinator, offset=1),
        lambda: agenda_item_delete(agenda_item=item, by=coordinator),
        lambda: agenda_document_add(
            agenda_item=item, by=coordinator, title="Note", file=SimpleUploadedFile("n.pdf", PDF_BYTES)
        ),
    ):
        with pytest.raises(ValidationError, match="approuvé"):
            call()
    client = client_for(coordinator)
    response = client.post(
        reverse("agenda_item_create", kwargs={"meeting": meeting.pk}), {"topic": "Nouveau"}, follow=True
    )
    assert "approuvé" in text(response)
    assert meeting.agenda_items.count() == 1
    page = text(client.get(reverse("meeting_detail", kwargs={"meeting": meeting.pk})))
    assert "Ajouter un point" not in page and "Joindre un document" not in page


# Documents


def test_coordinator_attaches_a_document_that_members_download(client_for, coordinator, partner):
    meeting = MeetingFactory()
    CommitteeMemberFactory(committee=meeting.committee, user=partner)
    item = AgendaItemFactory(meeting=meeting)
    response = client_for(coordinator).post(
        reverse("agenda_document_create", kwargs={"agenda_item": item.pk}),
        {"title": "", "file": SimpleUploadedFile("Étude de marché.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    document = AgendaDocument.objects.get()
    assert document.title == "Étude de marché" and document.content_type == "application/pdf"
    assert document.uploaded_by == coordinator
    response = client_for(partner).get(reverse("agenda_document_download", kwargs={"agenda_document": document.pk}))
    assert response.status_code == 200 and response_bytes(response) == PDF_BYTES
    assert response["X-Content-Type-Options"] == "nosniff" and "attachment" in response["Content-Disposition"]


def test_a_bad_upload_is_refused_and_nothing_stored(client_for, coordinator, media_root):
    item = AgendaItemFactory(meeting=MeetingFactory())
    url = reverse("agenda_document_create", kwargs={"agenda_item": item.pk})
    client = client_for(coordinator)
    response = client.post(url, {"title": "Logiciel", "file": SimpleUploadedFile("note.pdf", EXE_BYTES)})
    assert response.status_code == 200 and "format" in text(response)
    response = client.post(url, {"title": "Rien"})
    assert response.status_code == 200 and "Choisissez le fichier à déposer." in text(response)
    assert not AgendaDocument.objects.exists()
    assert not any(path.is_file() for path in media_root.rglob("*"))
    with pytest.raises(ValidationError) as refused:
        agenda_document_add(agenda_item=item, by=coordinator, title="x", file=SimpleUploadedFile("x.pdf", EXE_BYTES))
    assert "file" in refused.value.error_dict


def test_documents_of_a_meeting_a_partner_may_not_read_are_404(client_for, partner):
    planned = MeetingFactory(status=Meeting.Status.PLANNED)
    CommitteeMemberFactory(committee=planned.committee, user=partner)
    of_planned = AgendaDocumentFactory(agenda_item=AgendaItemFactory(meeting=planned))
    other_meeting = MeetingFactory(committee=CommitteeFactory())
    of_other = AgendaDocumentFactory(agenda_item=AgendaItemFactory(meeting=other_meeting))
    client = client_for(partner)
    for document in (of_planned, of_other):
        download = reverse("agenda_document_download", kwargs={"agenda_document": document.pk})
        assert client.get(download).status_code == 404
