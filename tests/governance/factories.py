"""factory_boy factories of the governance app."""

import datetime

import factory
from django.utils import timezone

from governance.models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    CommitteePack,
    Decision,
    Meeting,
    Target,
)

from ..projects.factories import ProjectFactory


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Comité de pilotage {n}")
    kind = Committee.Kind.STEERING
    purpose = "Décide aux étapes clés et examine l’année."


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    """A member with an account; pass user=None and representative_name=… for a named representative."""

    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    user = factory.SubFactory("tests.fabrique.factories.UserFactory", role="partner")
    actor = factory.LazyAttribute(lambda member: member.user.organisation if member.user else None)
    position = CommitteeMember.Position.MEMBER
    start_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))


def _at(days, hour):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class MeetingFactory(factory.django.DjangoModelFactory):
    """A convened meeting in a fortnight, from 14:00 to 17:00 (status=… for another)."""

    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"Séance {n}")
    starts_at = factory.LazyFunction(lambda: _at(14, 14))
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + datetime.timedelta(hours=3))
    place = "Maison de l’ESS, Amiens"
    status = Meeting.Status.CONVENED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    project = factory.SubFactory(ProjectFactory)
    presenter = "Référent du territoire"
    duration_minutes = 20


class AgendaDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaDocument

    agenda_item = factory.SubFactory(AgendaItemFactory)
    title = "Note de présentation"
    file = factory.django.FileField(filename="note.pdf", data=b"%PDF-1.4\n%%EOF\n")
    content_type = "application/pdf"
    size = 15
    original_name = "note.pdf"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(CommitteeMemberFactory)
    status = Attendance.Status.PRESENT


class DecisionFactory(factory.django.DjangoModelFactory):
    """A decision written directly (no stage change): services.decision_record is what the platform uses."""

    class Meta:
        model = Decision

    agenda_item = factory.SubFactory(AgendaItemFactory)
    project = factory.LazyAttribute(lambda decision: decision.agenda_item.project)
    outcome = Decision.Outcome.POSTPONE
    rationale = "Le comité attend l’étude de marché."
    decided_on = factory.LazyAttribute(
        lambda decision: timezone.localtime(decision.agenda_item.meeting.starts_at).date()
    )


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    description = "Envoyer l’étude aux financeurs"
    owner_name = "Coordination CRESS"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class TargetFactory(factory.django.DjangoModelFactory):
    """A regional target; each one of another year unless given (one target per year, territory and indicator)."""

    class Meta:
        model = Target

    year = factory.Sequence(lambda n: 2000 + n)
    indicator = "ideas_detected"
    value = 20


class CommitteePackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteePack

    committee = factory.SubFactory(CommitteeFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year - 1)
    number = factory.Sequence(lambda n: n + 1)
    status = CommitteePack.Status.READY
    progress = 100
