"""The emails governance's services send through core.notifications: who receives each (and who does not), in
French with a text and an HTML part, with a link that opens the page for that recipient; an optional kind switched
off sends nothing, the convocation (mandatory) always goes."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from core.models import Notification, NotificationOptOut
from core.roles import Role
from governance.models import Meeting
from governance.services.decisions import decision_record
from governance.services.meetings import meeting_convene
from governance.services.minutes import minutes_approve
from governance.services.packs import pack_publish
from projects.models import Project

from ..fabrique.factories import UserFactory
from ..projects.factories import ProjectFactory
from .factories import AgendaItemFactory, CommitteeMemberFactory, CommitteePackFactory, MeetingFactory

NBSP = "\u00a0"


def path_of(link):
    """The link of an email (absolute, from SITE_URL) as the test client asks for it."""
    assert link.startswith(settings.SITE_URL.rstrip("/") + "/")
    return link[len(settings.SITE_URL.rstrip("/")) :]


def message_to(address):
    (message,) = [message for message in mail.outbox if message.to == [address]]
    return message


def html_of(message):
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    return html


@pytest.fixture
def committee_people(db):
    """A committee with a partner who has an account, a named representative, a member gone and a partner who
    switched the optional kinds off; and a partner of another committee."""
    member = CommitteeMemberFactory(user__email="financeur@exemple.fr")
    committee = member.committee
    named = CommitteeMemberFactory(
        committee=committee, user=None, representative_name="Claude Région", representative_email="claude@region.fr"
    )
    gone = CommitteeMemberFactory(
        committee=committee, user__email="parti@exemple.fr", end_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    quiet = CommitteeMemberFactory(committee=committee, user__email="silence@exemple.fr")
    for kind in ("minutes_approved", "pack_published", "convocation"):
        NotificationOptOut.objects.create(user=quiet.user, kind=kind)
    outsider = CommitteeMemberFactory(user__email="ailleurs@exemple.fr")
    return {"member": member, "named": named, "gone": gone, "quiet": quiet, "outsider": outsider}


def test_minutes_approved_reach_each_current_member_with_a_link_to_the_meeting(
    client_for, coordinator, committee_people, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(
        committee=committee_people["member"].committee, status=Meeting.Status.HELD, minutes="Texte du compte rendu"
    )
    with django_capture_on_commit_callbacks(execute=True):
        minutes_approve(meeting=meeting, by=coordinator, expected_version=meeting.version)
    assert sorted(message.to[0] for message in mail.outbox) == ["claude@region.fr", "financeur@exemple.fr"]
    message = message_to("financeur@exemple.fr")
    assert message.subject.startswith(f"Compte rendu approuvé{NBSP}: {meeting.committee.name} du ")
    assert "est approuvé" in message.body and "Bonjour Dominique" in message.body
    assert "Gérer mes notifications" in message.body
    assert "est approuvé" in html_of(message) and "<html" in html_of(message)
    notification = Notification.objects.get(to="financeur@exemple.fr")
    assert notification.kind == "minutes_approved" and notification.status == Notification.Status.SENT
    assert notification.link in message.body and notification.link in html_of(message)
    assert client_for(committee_people["member"].user).get(path_of(notification.link)).status_code == 200
    # The partner of another committee does not read that meeting (and received nothing).
    assert client_for(committee_people["outsider"].user).get(path_of(notification.link)).status_code in (403, 404)
    assert not Notification.objects.filter(user=committee_people["quiet"].user).exists()


def test_a_decision_reaches_the_referents_of_the_projects_territory(
    client_for, coordinator, referent, own_territory, other_territory, django_capture_on_commit_callbacks
):
    colleague = UserFactory(role=Role.REFERENT, organisation=referent.organisation, email="collegue@exemple.fr")
    quiet = UserFactory(role=Role.REFERENT, organisation=referent.organisation, email="silence@exemple.fr")
    NotificationOptOut.objects.create(user=quiet, kind="decision_recorded")
    UserFactory(role=Role.REFERENT, organisation=other_territory.referent_actor, email="amiens@exemple.fr")
    UserFactory(role=Role.REFERENT, organisation=referent.organisation, email="parti@exemple.fr", is_active=False)
    project = ProjectFactory(territory=own_territory, title="Garage solidaire", stage=Project.Stage.OPPORTUNITY_STUDY)
    item = AgendaItemFactory(meeting=MeetingFactory(status=Meeting.Status.CONVENED), project=project)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_record(agenda_item=item, by=coordinator, outcome="postpone", rationale="Étude à compléter.")
    assert sorted(message.to[0] for message in mail.outbox) == sorted([referent.email, colleague.email])
    message = message_to(referent.email)
    assert message.subject == f"Une décision a été enregistrée sur votre projet «{NBSP}Garage solidaire{NBSP}»"
    assert "Une décision a été enregistrée sur votre projet" in message.body and "Étude à compléter." in message.body
    assert "Garage solidaire" in html_of(message)
    notification = Notification.objects.get(user=referent)
    assert notification.dedup_key == f"decision_recorded:{decision.pk}:{referent.pk}"
    response = client_for(referent).get(path_of(notification.link))
    assert response.status_code == 200 and "Garage solidaire" in response.content.decode()


def test_a_published_pack_reaches_the_committees_members_with_an_account(
    client_for, coordinator, committee_people, django_capture_on_commit_callbacks
):
    pack = CommitteePackFactory(committee=committee_people["member"].committee)
    with django_capture_on_commit_callbacks(execute=True):
        pack_publish(pack=pack, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        pack_publish(pack=pack, by=coordinator)  # published already: nothing more
    assert [message.to[0] for message in mail.outbox] == ["financeur@exemple.fr"]
    message = mail.outbox[0]
    assert message.subject == f"Dossier annuel {pack.year} publié{NBSP}: {pack.committee.name}"
    assert "est publié" in message.body and "est publié" in html_of(message)
    notification = Notification.objects.get(kind="pack_published")
    assert client_for(committee_people["member"].user).get(path_of(notification.link)).status_code == 200
    assert client_for(committee_people["outsider"].user).get(path_of(notification.link)).status_code in (403, 404)


def test_the_convocation_is_a_mandatory_notification_with_its_invitation(
    client_for, coordinator, committee_people, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(committee=committee_people["member"].committee, status=Meeting.Status.PLANNED)
    AgendaItemFactory(meeting=meeting, project__title="Garage solidaire")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_convene(meeting=meeting, by=coordinator, expected_version=meeting.version)
    # Switched off, the convocation goes all the same (a mandatory kind).
    assert sorted(message.to[0] for message in mail.outbox) == [
        "claude@region.fr",
        "financeur@exemple.fr",
        "silence@exemple.fr",
    ]
    message = message_to("financeur@exemple.fr")
    assert message.subject.startswith(f"Convocation{NBSP}:") and "Garage solidaire" in html_of(message)
    assert message.attachments[0][0] == "seance.ics"
    notification = Notification.objects.get(user=committee_people["member"].user)
    assert notification.kind == "convocation" and notification.status == Notification.Status.SENT
    assert client_for(committee_people["member"].user).get(path_of(notification.link)).status_code == 200
