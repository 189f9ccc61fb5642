"""Pages of a meeting: its page (agenda, attendance, action items), its form, the convocation, holding it, the
attendance, the agenda items and their documents, and the action items."""

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.documents import attachment_response
from core.history import history_entries
from core.views import add_service_error, form_page, posted

from ..forms.meetings import ActionItemForm, AgendaDocumentForm, AgendaItemForm, AttendanceForm, MeetingForm
from ..models import Committee, Meeting
from ..selectors import meetings as selectors
from ..services import action_items as action_item_services
from ..services import agenda as agenda_services
from ..services import meetings as services


class VersionForm(forms.Form):
    """The version a one-button action (convene, hold, done) was shown on."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


def meeting_url(meeting, anchor=""):
    return reverse("meeting_detail", kwargs={"meeting": meeting.pk}) + anchor


def _frozen_redirect(request, meeting):
    """Back to the meeting's page with the refusal, when its minutes are approved (nothing of it changes)."""
    if not meeting.is_frozen:
        return None
    messages.error(request, str(services.FROZEN))
    return redirect(meeting_url(meeting))


def _report(request, error: ValidationError):
    messages.error(request, " ".join(error.messages))


def _posted_version(request):
    form = VersionForm(request.POST)
    return form.cleaned_data.get("version") if form.is_valid() else None


def meeting_create(request, committee):
    committee = get_object_or_404(Committee.objects.visible_to(request.user), pk=committee)
    if not request.user.has_perm("governance.manage_meeting"):
        raise PermissionDenied
    return form_page(
        request,
        MeetingForm(posted(request)),
        create=partial(services.meeting_create, committee=committee),
        update=None,
        template="governance/meetings/form.html",
        context={"committee": committee},
        success_url=meeting_url,
        created_message=_("Séance prévue. Préparez son ordre du jour, puis convoquez les membres."),
        changed_message="",
    )


def meeting_detail(request, meeting):
    meeting = selectors.meeting_get(user=request.user, pk=meeting)
    items = selectors.meeting_agenda(meeting=meeting)
    timing = selectors.agenda_timing(meeting, items)
    for item, starts in zip(items, timing.starts, strict=True):
        item.planned_start = starts
    action_items = selectors.meeting_action_items(meeting=meeting)
    today = timezone.localdate()
    for action in action_items:
        action.overdue = selectors.is_overdue(action, today)
    may_manage = request.user.has_perm("governance.manage_meeting", meeting)
    has_started = meeting.starts_at <= timezone.now()
    attendance = selectors.meeting_attendance(meeting=meeting) if meeting.status != Meeting.Status.PLANNED else []
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "items": items,
        "timing": timing,
        "attendance": attendance,
        # Before the meeting, a table of "not recorded yet" tells nothing: shown once it starts or someone is excused.
        "show_attendance": meeting.status != Meeting.Status.PLANNED
        and (has_started or any(row.attendance for row in attendance)),
        "action_items": action_items,
        "open_count": sum(1 for action in action_items if not action.is_done),
        "overdue_count": sum(1 for action in action_items if action.overdue),
        "may_manage": may_manage,
        "may_change": may_manage and not meeting.is_frozen,
        "has_started": has_started,
    }
    return render(request, "governance/meetings/detail.html", context)


def meeting_edit(request, meeting):
    meeting = selectors.meeting_get_to_manage(user=request.user, pk=meeting)
    refused = _frozen_redirect(request, meeting)
    if refused:
        return refused
    return form_page(
        request,
        MeetingForm(posted(request), instance=meeting),
        create=None,
        update=partial(services.meeting_update, meeting=meeting),
        template="governance/meetings/form.html",
        context={"committee": meeting.committee, "meeting": meeting, "history": history_entries(meeting)},
        success_url=meeting_url,
        created_message="",
        changed_message=_("Séance modifiée.")
        + (" " + _("Convoquez de nouveau les membres s’ils doivent le savoir.") if meeting.convocation_count else ""),
    )


def meeting_convene(request, meeting):
    """The recipients and what they will receive (GET), then the convocation (POST)."""
    meeting = selectors.meeting_get_to_manage(user=request.user, pk=meeting)
    refused = _frozen_redirect(request, meeting)
    if refused:
        return refused
    if request.method == "POST":
        url = request.build_absolute_uri(meeting_url(meeting))
        try:
            services.meeting_convene(
                meeting=meeting, by=request.user, expected_version=_posted_version(request), meeting_url=url
            )
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("Convocation envoyée aux membres : chacun la reçoit par e-mail."))
            return redirect(meeting_url(meeting))
    members = services.current_members(meeting)
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "recipients": [member for member in members if member.email],
        "without_email": [member for member in members if not member.email],
        "items": selectors.meeting_agenda(meeting=meeting),
    }
    return render(request, "governance/meetings/convene.html", context)


@require_POST
def meeting_hold(request, meeting):
    meeting = selectors.meeting_get_to_manage(user=request.user, pk=meeting)
    try:
        services.meeting_hold(meeting=meeting, by=request.user, expected_version=_posted_version(request))
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("Séance marquée comme tenue. Enregistrez les présences et les décisions."))
    return redirect(meeting_url(meeting))


def meeting_attendance(request, meeting):
    meeting = selectors.meeting_get_to_manage(user=request.user, pk=meeting)
    refused = _frozen_redirect(request, meeting)
    if refused:
        return refused
    if meeting.status == Meeting.Status.PLANNED:
        messages.error(request, str(services.ATTENDANCE_TOO_EARLY))
        return redirect(meeting_url(meeting))
    form = AttendanceForm(posted(request), rows=selectors.meeting_attendance(meeting=meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, by=request.user, rows=form.service_rows())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Présences enregistrées."))
            return redirect(meeting_url(meeting, "#presences"))
    return render(request, "governance/meetings/attendance.html", {"meeting": meeting, "form": form})


def _agenda_item_page(request, form, *, meeting, create, update, created_message, changed_message, context=None):
    return form_page(
        request,
        form,
        create=create,
        update=update,
        template="governance/meetings/agenda_item_form.html",
        context={"meeting": meeting, **(context or {})},
        success_url=lambda saved: meeting_url(meeting, "#ordre-du-jour"),
        created_message=created_message,
        changed_message=changed_message,
    )


def agenda_item_create(request, meeting):
    meeting = selectors.meeting_get_to_manage(user=request.user, pk=meeting)
    refused = _frozen_redirect(request, meeting)
    if refused:
        return refused
    return _agenda_item_page(
        request,
        AgendaItemForm(posted(request), meeting=meeting),
        meeting=meeting,
        create=partial(agenda_services.agenda_item_create, meeting=meeting),
        update=None,
        created_message=_("Point « %(record)s » ajouté à l’ordre du jour."),
        changed_message="",
    )


def _managed_item(request, pk):
    item = selectors.agenda_item_get(user=request.user, pk=pk)
    if not request.user.has_perm("governance.manage_meeting", item.meeting):
        raise PermissionDenied
    return item


def agenda_item_edit(request, agenda_item):
    item = _managed_item(request, agenda_item)
    refused = _frozen_redirect(request, item.meeting)
    if refused:
        return refused
    return _agenda_item_page(
        request,
        AgendaItemForm(posted(request), instance=item, meeting=item.meeting),
        meeting=item.meeting,
        create=None,
        update=partial(agenda_services.agenda_item_update, agenda_item=item),
        created_message="",
        changed_message=_("Point « %(record)s » modifié."),
        context={"item": item, "history": history_entries(item)},
    )


def agenda_item_delete(request, agenda_item):
    """A confirmation (GET), then the removal (POST)."""
    item = _managed_item(request, agenda_item)
    meeting = item.meeting
    refused = _frozen_redirect(request, meeting)
    if refused:
        return refused
    if request.method == "POST":
        try:
            agenda_services.agenda_item_delete(agenda_item=item, by=request.user)
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("Point « %(record)s » retiré de l’ordre du jour.") % {"record": item})
        return redirect(meeting_url(meeting, "#ordre-du-jour"))
    return render(request, "governance/meetings/agenda_item_delete.html", {"meeting": meeting, "item": item})


@require_POST
def agenda_item_move(request, agenda_item):
    item = _managed_item(request, agenda_item)
    form = MoveForm(request.POST)
    if form.is_valid():
        offset = -1 if form.cleaned_data["direction"] == "up" else 1
        try:
            agenda_services.agenda_item_move(agenda_item=item, by=request.user, offset=offset)
        except ValidationError as error:
            _report(request, error)
    return redirect(meeting_url(item.meeting, f"#point-{item.pk}"))


def agenda_document_create(request, agenda_item):
    item = _managed_item(request, agenda_item)
    refused = _frozen_redirect(request, item.meeting)
    if refused:
        return refused
    form = AgendaDocumentForm(posted(request), request.FILES if request.method == "POST" else None)
    return form_page(
        request,
        form,
        create=partial(agenda_services.agenda_document_add, agenda_item=item),
        update=None,
        template="governance/meetings/document_form.html",
        context={"meeting": item.meeting, "item": item},
        success_url=lambda saved: meeting_url(item.meeting, f"#point-{item.pk}"),
        created_message=_("Document « %(record)s » déposé."),
        changed_message="",
    )


def agenda_document_download(request, agenda_document):
    """The file, as an attachment with the type recognised at upload; only once access is checked."""
    document = selectors.agenda_document_get(user=request.user, pk=agenda_document)
    return attachment_response(document.file, filename=document.original_name, content_type=document.content_type)


def _action_item_page(request, form, *, meeting, create, update, created_message, changed_message, context=None):
    return form_page(
        request,
        form,
        create=create,
        update=update,
        template="governance/meetings/action_item_form.html",
        context={"meeting": meeting, **(context or {})},
        success_url=lambda saved: meeting_url(meeting, "#actions"),
        created_message=created_message,
        changed_message=changed_message,
    )


def action_item_create(request, meeting):
    meeting = selectors.meeting_get_to_manage(user=request.user, pk=meeting)
    refused = _frozen_redirect(request, meeting)
    if refused:
        return refused
    if meeting.status == Meeting.Status.PLANNED:
        messages.error(request, str(action_item_services.TOO_EARLY))
        return redirect(meeting_url(meeting))
    return _action_item_page(
        request,
        ActionItemForm(posted(request), meeting=meeting),
        meeting=meeting,
        create=partial(action_item_services.action_item_create, meeting=meeting),
        update=None,
        created_message=_("Action « %(record)s » enregistrée."),
        changed_message="",
    )


def _managed_action_item(request, pk):
    item = selectors.action_item_get(user=request.user, pk=pk)
    if not request.user.has_perm("governance.manage_meeting", item.meeting):
        raise PermissionDenied
    return item


def action_item_edit(request, action_item):
    item = _managed_action_item(request, action_item)
    return _action_item_page(
        request,
        ActionItemForm(posted(request), instance=item, meeting=item.meeting),
        meeting=item.meeting,
        create=None,
        update=partial(action_item_services.action_item_update, action_item=item),
        created_message="",
        changed_message=_("Action « %(record)s » modifiée."),
        context={"action_item": item, "history": history_entries(item)},
    )


@require_POST
def action_item_done(request, action_item):
    item = _managed_action_item(request, action_item)
    try:
        action_item_services.action_item_mark_done(
            action_item=item, by=request.user, expected_version=_posted_version(request)
        )
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("Action « %(record)s » faite.") % {"record": item})
    return redirect(meeting_url(item.meeting, "#actions"))
