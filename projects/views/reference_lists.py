"""The page of the lists coordinators extend: the social-innovation grid and the pause and abandon reasons."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import form_page

from ..forms.reference_lists import CriterionForm, StopReasonForm
from ..models import SocialInnovationCriterion, StopReason
from ..selectors.reference_lists import criterion_list, stop_reason_list
from ..services import criteria as services

TEMPLATE = "projects/reference_lists/page.html"


def _context(**forms):
    return {
        "criteria": criterion_list(),
        "stop_reasons": stop_reason_list(),
        "criterion_form": forms.get("criterion_form") or CriterionForm(),
        "stop_reason_form": forms.get("stop_reason_form") or StopReasonForm(),
    }


def reference_lists(request):
    return render(request, TEMPLATE, _context())


def _add(request, form, *, create, message, key):
    return form_page(
        request,
        form,
        create=create,
        update=None,
        template=TEMPLATE,
        success_url=lambda saved: "reference_lists",
        created_message=message,
        changed_message=message,
        # The page shows both forms: the one posted (with its errors) and the other, empty.
        context=_context(**{key: form}),
    )


@require_POST
def criterion_create(request):
    return _add(
        request,
        CriterionForm(request.POST),
        create=services.criterion_create,
        message=_("Critère « %(record)s » ajouté à la grille."),
        key="criterion_form",
    )


@require_POST
def stop_reason_create(request):
    return _add(
        request,
        StopReasonForm(request.POST),
        create=services.stop_reason_create,
        message=_("Motif « %(record)s » ajouté à la liste."),
        key="stop_reason_form",
    )


@require_POST
def criterion_toggle(request, criterion):
    entry = get_object_or_404(SocialInnovationCriterion, pk=criterion)
    services.criterion_set_active(by=request.user, criterion=entry, active=not entry.active)
    if entry.active:
        messages.success(request, _("Le critère « %(name)s » est de nouveau dans la grille.") % {"name": entry})
    else:
        messages.success(
            request, _("Le critère « %(name)s » est retiré de la grille ; ses notes sont gardées.") % {"name": entry}
        )
    return redirect("reference_lists")


@require_POST
def stop_reason_toggle(request, stop_reason):
    entry = get_object_or_404(StopReason, pk=stop_reason)
    services.stop_reason_set_active(by=request.user, stop_reason=entry, active=not entry.active)
    if entry.active:
        messages.success(request, _("Le motif « %(name)s » est de nouveau proposé.") % {"name": entry})
    else:
        messages.success(
            request, _("Le motif « %(name)s » n’est plus proposé ; l’historique le garde.") % {"name": entry}
        )
    return redirect("reference_lists")
