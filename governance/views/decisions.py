"""Pages of decisions: the list, one decision with its amendments, recording one on an agenda item, editing it
until the minutes are approved, and amending it afterwards."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column
from core.history import history_entries
from core.listing import list_or_export
from core.views import form_page, posted

from ..filters.decisions import DecisionFilter
from ..forms.decisions import AmendmentForm, DecisionForm
from ..models import AgendaItem, Decision
from ..selectors import decisions as selectors
from ..services import decisions as services

# No personal data: the project by its reference, title and territory only.
DECISION_COLUMNS = [
    Column(gettext_lazy("Décidée le"), "decided_on"),
    Column(gettext_lazy("Comité"), "agenda_item.meeting.committee.name"),
    Column(gettext_lazy("Séance"), lambda row: str(row.agenda_item.meeting)),
    Column(gettext_lazy("Point"), "agenda_item.topic"),
    Column(gettext_lazy("Référence du projet"), "project.reference"),
    Column(gettext_lazy("Projet"), "project.title"),
    Column(gettext_lazy("Territoire"), "project.territory.name"),
    Column(gettext_lazy("Décision"), lambda row: services.outcome_label(row.outcome)),
    Column(gettext_lazy("Conditions"), "conditions"),
    Column(gettext_lazy("Montant (€)"), "amount"),
    Column(gettext_lazy("Motifs"), "rationale"),
    Column(gettext_lazy("Date de suivi"), "follow_up_on"),
]


def _meeting_url(meeting):
    return reverse("meeting_detail", kwargs={"meeting": meeting.pk})


def decision_list(request):
    listing, export = list_or_export(
        request,
        selectors.decision_list(user=request.user),
        DecisionFilter,
        columns=DECISION_COLUMNS,
        basename="decisions",
        export_rows=selectors.decision_export_rows,
    )
    if export:
        return export
    return render(request, "governance/decisions/list.html", {"listing": listing})


def decision_detail(request, decision):
    decision = selectors.decision_get(user=request.user, pk=decision)
    meeting = decision.agenda_item.meeting
    may_manage = request.user.has_perm("governance.manage_meeting", meeting)
    context = {
        "decision": decision,
        "item": decision.agenda_item,
        "meeting": meeting,
        "project": decision.project,
        "may_edit": may_manage and not meeting.is_frozen,
        "may_amend": may_manage and meeting.is_frozen,
        "amended_chain": selectors.amended_chain(decision),
        "amendments": selectors.decision_amendments(decision=decision, user=request.user),
        "history": history_entries(decision),
    }
    return render(request, "governance/decisions/detail.html", context)


def _item_for_decision(request, pk) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__committee", "project__territory"), pk=pk)
    if not request.user.has_perm("governance.manage_meeting", item.meeting):
        raise PermissionDenied
    return item


def decision_create(request, agenda_item):
    item = _item_for_decision(request, agenda_item)
    meeting = item.meeting
    if meeting.is_frozen:
        messages.warning(request, services.frozen_message())
        return redirect(_meeting_url(meeting))
    form = DecisionForm(posted(request), agenda_item=item)
    return form_page(
        request,
        form,
        create=partial(services.decision_record, agenda_item=item),
        update=None,
        template="governance/decisions/form.html",
        context={"item": item, "meeting": meeting, "project": item.project},
        success_url=lambda saved: _meeting_url(meeting),
        created_message=_("Décision « %(record)s » enregistrée."),
        changed_message="",
    )


def _managed_decision(request, pk) -> Decision:
    decision = selectors.decision_get(user=request.user, pk=pk)
    if not request.user.has_perm("governance.manage_meeting", decision.agenda_item.meeting):
        raise PermissionDenied
    return decision


def decision_edit(request, decision):
    decision = _managed_decision(request, decision)
    meeting = decision.agenda_item.meeting
    if meeting.is_frozen:
        messages.warning(request, services.frozen_message())
        return redirect("decision_detail", decision=decision.pk)
    form = DecisionForm(posted(request), instance=decision)
    return form_page(
        request,
        form,
        create=None,
        update=partial(services.decision_update, decision=decision),
        template="governance/decisions/form.html",
        context={"decision": decision, "item": decision.agenda_item, "meeting": meeting, "project": decision.project},
        success_url=lambda saved: reverse("decision_detail", kwargs={"decision": saved.pk}),
        created_message="",
        changed_message=_("Décision « %(record)s » modifiée."),
    )


def decision_amend(request, decision):
    amended = _managed_decision(request, decision)
    if not amended.agenda_item.meeting.is_frozen:
        messages.info(
            request, _("Le compte rendu de cette séance n’est pas encore approuvé : modifiez la décision directement.")
        )
        return redirect("decision_edit", decision=amended.pk)
    form = AmendmentForm(posted(request), amends=amended, items=selectors.amendable_items(decision=amended))
    return form_page(
        request,
        form,
        create=partial(services.decision_record, amends=amended),
        update=None,
        template="governance/decisions/form.html",
        context={
            "amends": amended,
            "item": amended.agenda_item,
            "meeting": amended.agenda_item.meeting,
            "project": amended.project,
        },
        success_url=lambda saved: reverse("decision_detail", kwargs={"decision": saved.pk}),
        created_message=_("Avenant « %(record)s » enregistré."),
        changed_message="",
    )
