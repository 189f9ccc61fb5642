"""Pages of minutes: their text (Markdown), a draft written from the agenda, and their approval."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.views import add_service_error, form_page, posted

from ..forms.minutes import MeetingVersionForm, MinutesDraftForm, MinutesForm
from ..selectors.meetings import meeting_get_to_manage
from ..services import minutes as services


def _back_if_frozen(request, meeting):
    if meeting.is_frozen:
        messages.info(request, _("Le compte rendu de cette séance est approuvé : il ne change plus."))
        return redirect("meeting_detail", meeting=meeting.pk)
    return None


def minutes_edit(request, meeting):
    meeting = meeting_get_to_manage(user=request.user, pk=meeting)
    frozen = _back_if_frozen(request, meeting)
    if frozen:
        return frozen
    form = MinutesForm(posted(request), instance=meeting)
    return form_page(
        request,
        form,
        create=None,
        update=partial(services.minutes_update, meeting=meeting),
        template="governance/minutes/form.html",
        context={"meeting": meeting},
        success_url=lambda saved: reverse("meeting_detail", kwargs={"meeting": saved.pk}),
        created_message="",
        changed_message=_("Compte rendu de « %(record)s » enregistré."),
    )


def _confirmation_page(request, meeting, form, *, service, template, message, success_url):
    """A page that asks to confirm one action on the meeting (GET), and does it through `service` (POST)."""
    if request.method == "POST" and form.is_valid():
        try:
            service(meeting=meeting, by=request.user, expected_version=form.expected_version, **form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, message % {"record": meeting})
            return redirect(success_url)
    return render(request, template, {"form": form, "meeting": meeting})


def minutes_draft(request, meeting):
    meeting = meeting_get_to_manage(user=request.user, pk=meeting)
    frozen = _back_if_frozen(request, meeting)
    if frozen:
        return frozen
    return _confirmation_page(
        request,
        meeting,
        MinutesDraftForm(posted(request), meeting=meeting),
        service=services.minutes_draft,
        template="governance/minutes/draft.html",
        message=_("Brouillon du compte rendu de « %(record)s » rédigé à partir de l’ordre du jour : relisez-le."),
        success_url=reverse("minutes_edit", kwargs={"meeting": meeting.pk}),
    )


def minutes_approve(request, meeting):
    meeting = meeting_get_to_manage(user=request.user, pk=meeting)
    frozen = _back_if_frozen(request, meeting)
    if frozen:
        return frozen
    return _confirmation_page(
        request,
        meeting,
        MeetingVersionForm(posted(request), meeting=meeting),
        service=services.minutes_approve,
        template="governance/minutes/approve.html",
        message=_("Compte rendu de « %(record)s » approuvé : il ne change plus, ni ses décisions."),
        success_url=reverse("meeting_detail", kwargs={"meeting": meeting.pk}),
    )
