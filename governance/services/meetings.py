"""Writes of a committee's meetings: creation and edits, the convocation (emails sent by a background job), holding
the meeting, and its attendance. The status changes through these services alone."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.jobs import job_enqueue
from core.text import strip_control_characters
from core.versioning import check_editable, create_versioned, update_versioned

from ..models import Attendance, Committee, CommitteeMember, Meeting

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

CONVOCATION_JOB = "governance.convocation_send"
EDITABLE_FIELDS = frozenset({"title", "starts_at", "ends_at", "place", "video_link"})

FROZEN = _("Le compte rendu de cette séance est approuvé : elle ne change plus.")
ENDS_BEFORE_START = _("La fin de la séance doit venir après son début.")
NO_PLACE = _("Indiquez un lieu ou un lien de visioconférence.")
INACTIVE_COMMITTEE = _("Ce comité n’est plus actif : réactivez-le avant de prévoir une séance.")
CONVENE_REFUSED = _("Seule une séance prévue ou déjà convoquée peut être convoquée.")
CONVENE_PAST = _("Cette séance est terminée : on ne convoque plus à une séance passée.")
CONVENE_EMPTY_AGENDA = _("Ajoutez au moins un point à l’ordre du jour avant de convoquer les membres.")
CONVENE_NO_RECIPIENT = _("Aucun membre du comité n’a d’adresse e-mail : ajoutez-en avant de convoquer.")
HOLD_REFUSED = _("Seule une séance convoquée peut être marquée comme tenue.")
HOLD_TOO_EARLY = _("La séance n’a pas encore commencé : vous pourrez la marquer comme tenue à partir de son début.")
ATTENDANCE_TOO_EARLY = _("Convoquez la séance avant d’enregistrer les présences.")
ATTENDANCE_NOT_MEMBER = _("%(member)s ne siège pas dans ce comité à la date de la séance.")
REPRESENTED_BY_MISSING = _("Indiquez qui représente ce membre.")
REPRESENTED_BY_UNEXPECTED = _("Ne remplissez « représenté·e par » que pour un membre représenté.")


def check_may_manage(by, meeting=None):
    if not by.has_perm("governance.manage_meeting", meeting):
        raise PermissionDenied


def check_not_frozen(meeting: Meeting):
    if meeting.is_frozen:
        raise ValidationError(FROZEN, code="frozen")


def _check_meeting(meeting: Meeting):
    errors = {}
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = ENDS_BEFORE_START
    if not meeting.place.strip() and not meeting.video_link.strip():
        errors["place"] = NO_PLACE
    if errors:
        raise ValidationError(errors)


def meeting_create(*, committee: Committee, by: "AbstractUser", **fields: Any) -> Meeting:
    """Plan a meeting of the committee (status planned). Raises PermissionDenied, or ValidationError in French."""
    check_may_manage(by)
    check_editable(fields, EDITABLE_FIELDS)
    if not committee.is_active:
        raise ValidationError(INACTIVE_COMMITTEE)
    meeting = Meeting(committee=committee, **fields)
    _check_meeting(meeting)
    return create_versioned(meeting, by=by)


def meeting_update(*, meeting: Meeting, by: "AbstractUser", expected_version: int | None, **fields: Any) -> Meeting:
    """Change the title, times or place of a meeting, until its minutes are approved. A convened meeting that
    changes is convened again by the coordinator (meeting_convene), which sends new emails."""
    check_may_manage(by, meeting)
    check_editable(fields, EDITABLE_FIELDS)
    check_not_frozen(meeting)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(meeting, name, value)
        _check_meeting(meeting)
        return update_versioned(meeting, by=by, expected_version=expected_version, fields=fields)


def current_members(meeting: Meeting) -> list[CommitteeMember]:
    """The members of the meeting's committee on the day of the meeting, with their accounts."""
    day = timezone.localtime(meeting.starts_at).date()
    members = CommitteeMember.objects.filter(committee_id=meeting.committee_id).select_related("user", "actor")
    return [member for member in members if member.is_current_on(day)]


def convocation_dedup_key(meeting_id: int, number: int, member_id: int) -> str:
    return f"convocation:{meeting_id}:{number}:{member_id}"


def meeting_convene(
    *, meeting: Meeting, by: "AbstractUser", expected_version: int | None, meeting_url: str = ""
) -> Meeting:
    """Convene the members: the meeting becomes convened and each current member with an email gets one (a job
    each, sent once the transaction commits). A convened meeting is convened again after a change: its
    convocation number goes up by one and everyone gets the new convocation.

    `meeting_url` is the absolute address of the meeting's page, for the email (built from the request).
    """
    check_may_manage(by, meeting)
    check_not_frozen(meeting)
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.CONVENED):
        raise ValidationError(CONVENE_REFUSED, code="status")
    if meeting.ends_at <= timezone.now():
        raise ValidationError(CONVENE_PAST, code="past")
    if not meeting.agenda_items.exists():
        raise ValidationError(CONVENE_EMPTY_AGENDA, code="empty_agenda")
    recipients = [member for member in current_members(meeting) if member.email]
    if not recipients:
        raise ValidationError(CONVENE_NO_RECIPIENT, code="no_recipient")
    with transaction.atomic():
        number = meeting.convocation_count + 1
        fields = {"status": Meeting.Status.CONVENED, "convened_at": timezone.now(), "convocation_count": number}
        meeting = update_versioned(meeting, by=by, expected_version=expected_version, fields=fields)
        for member in recipients:
            job_enqueue(
                kind=CONVOCATION_JOB,
                payload={"meeting": meeting.pk, "member": member.pk, "number": number, "url": meeting_url},
                dedup_key=convocation_dedup_key(meeting.pk, number, member.pk),
                by=by,
            )
    return meeting


def meeting_hold(*, meeting: Meeting, by: "AbstractUser", expected_version: int | None) -> Meeting:
    """Record that a convened meeting took place: from its start time on (not before), so that attendance,
    decisions and minutes follow."""
    check_may_manage(by, meeting)
    if meeting.status != Meeting.Status.CONVENED:
        raise ValidationError(HOLD_REFUSED, code="status")
    if meeting.starts_at > timezone.now():
        raise ValidationError(HOLD_TOO_EARLY, code="too_early")
    return update_versioned(meeting, by=by, expected_version=expected_version, fields={"status": Meeting.Status.HELD})


def attendance_record(*, meeting: Meeting, by: "AbstractUser", rows: list[dict[str, Any]]) -> list[Attendance]:
    """Record who attended: `rows` of {"member": CommitteeMember or id, "status": Attendance.Status, "represented_by":
    str}, one per current member (a member left out keeps what was recorded; a blank status removes it).
    Refused before the convocation and once the minutes are approved; all or nothing."""
    check_may_manage(by, meeting)
    check_not_frozen(meeting)
    if meeting.status == Meeting.Status.PLANNED:
        raise ValidationError(ATTENDANCE_TOO_EARLY, code="too_early")
    members = {member.pk: member for member in current_members(meeting)}
    statuses = set(Attendance.Status.values)
    errors = []
    cleaned = []
    for row in rows:
        member_id = getattr(row["member"], "pk", row["member"])
        member = members.get(member_id)
        if member is None:
            errors.append(ValidationError(ATTENDANCE_NOT_MEMBER, params={"member": str(row["member"])}))
            continue
        status = row.get("status") or ""
        represented_by = " ".join(strip_control_characters(row.get("represented_by") or "").split())
        if status and status not in statuses:
            raise ValueError(f"unknown attendance status: {status!r}")
        if status == Attendance.Status.REPRESENTED and not represented_by:
            errors.append(ValidationError(REPRESENTED_BY_MISSING, code=f"represented_by_{member_id}"))
        elif status != Attendance.Status.REPRESENTED and represented_by:
            errors.append(ValidationError(REPRESENTED_BY_UNEXPECTED, code=f"represented_by_{member_id}"))
        cleaned.append((member, status, represented_by))
    if errors:
        raise ValidationError(errors)
    saved = []
    with transaction.atomic():
        for member, status, represented_by in cleaned:
            if not status:
                Attendance.objects.filter(meeting=meeting, member=member).delete()
                continue
            attendance, _created = Attendance.objects.update_or_create(
                meeting=meeting, member=member, defaults={"status": status, "represented_by": represented_by}
            )
            saved.append(attendance)
    return saved
