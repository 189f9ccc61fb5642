"""Pages of unmet needs and development opportunities: lists, details, forms and the needs import."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import panels
from core.exports import Column
from core.history import history_entries
from core.imports import ImportFlow
from core.listing import list_or_export
from core.views import form_page, import_confirm, import_upload, posted
from territories.filters.needs import NeedFilter, OpportunityFilter
from territories.filters.preselection import preselected_territory
from territories.forms.needs import NeedForm, NeedImportForm, OpportunityForm
from territories.forms.review import NeedReviewForm
from territories.imports.needs import STASH_KIND, validate_needs_file
from territories.models import EngagedTerritory, Need
from territories.selectors import needs as selectors
from territories.services import needs as services
from territories.services import review as review_services
from territories.services.public import call_for_ideas_reference

# The submitter's personal data is never exported, whoever asks.
NEED_COLUMNS = [
    Column(gettext_lazy("Territoire"), "territory.name"),
    Column(gettext_lazy("Filière"), "sector.name"),
    Column(gettext_lazy("Intitulé"), "title"),
    Column(gettext_lazy("Description"), "description"),
    Column(gettext_lazy("Source"), "get_source_display"),
    Column(gettext_lazy("Éléments de preuve"), "evidence"),
    Column(gettext_lazy("Population concernée"), "population_concerned"),
    Column(gettext_lazy("Priorité"), "priority"),
    Column(gettext_lazy("Statut"), "get_status_display"),
    Column(gettext_lazy("Identifié le"), "identified_on"),
    Column(gettext_lazy("Qualifié le"), "qualified_on"),
    Column(gettext_lazy("Traité le"), "addressed_on"),
    Column(gettext_lazy("Abandonné le"), "dropped_on"),
]

OPPORTUNITY_COLUMNS = [
    Column(gettext_lazy("Territoire"), "territory.name"),
    Column(gettext_lazy("Filière"), "sector.name"),
    Column(gettext_lazy("Intitulé"), "title"),
    Column(gettext_lazy("Description"), "description"),
    Column(gettext_lazy("Besoins visés"), lambda row: " | ".join(need.title for need in row.needs.all())),
    Column(gettext_lazy("Emplois estimés (ETP)"), "estimated_jobs"),
    Column(gettext_lazy("Statut"), "get_status_display"),
]


def _may_create(user):
    return EngagedTerritory.objects.editable_by(user).exists()


def _started_projects(user, record):
    """The projects started from a need or an opportunity, and whether the user may start one on its territory."""
    return {
        "projects": selectors.started_projects(record=record, user=user),
        "may_start_project": user.has_perm("territories.add_in_territory", record.territory),
    }


def need_list(request):
    listing, export = list_or_export(
        request, selectors.need_list(user=request.user), NeedFilter, columns=NEED_COLUMNS, basename="besoins"
    )
    if export:
        return export
    context = {
        "listing": listing,
        "may_create": _may_create(request.user),
        "may_import": request.user.has_perm("territories.import_needs"),
    }
    return render(request, "territories/needs/need_list.html", context)


def need_detail(request, need):
    need = selectors.need_get(user=request.user, pk=need)
    may_review = request.user.has_perm("territories.review_need", need)
    from_public = need.source == Need.Source.CALL_FOR_IDEAS
    context = {
        "need": need,
        "show_personal_data": request.user.has_perm("territories.view_need_personal_data", need),
        "may_edit": request.user.has_perm("territories.change_need", need),
        # The review itself (its reason, who made it) and the receipt reference are for the reviewers.
        "show_review": may_review,
        "may_review": may_review and need.status == Need.Status.TO_REVIEW,
        "reference": call_for_ideas_reference(need) if may_review and from_public else None,
        "opportunities": selectors.need_opportunities(need=need),
        "events": selectors.need_events(need=need),
        **_started_projects(request.user, need),
        "history": selectors.need_history(need=need, user=request.user),
        # Blocks of the apps above (the suggested inspiring initiatives), shown after the need's text.
        "panels": panels.render("territories.need_detail", request, need),
    }
    return render(request, "territories/needs/need_detail.html", context)


def _need_form_page(request, form, need=None):
    return form_page(
        request,
        form,
        create=services.need_create,
        update=partial(services.need_update, need=need),
        template="territories/needs/need_form.html",
        context={"need": need},
        success_url=lambda saved: reverse("need_detail", kwargs={"need": saved.pk}),
        created_message=_("Besoin « %(record)s » enregistré."),
        changed_message=_("Besoin « %(record)s » modifié."),
    )


def need_create(request):
    territory = preselected_territory(request)
    form = NeedForm(posted(request), user=request.user, initial={"territory": territory})
    return _need_form_page(request, form)


def need_edit(request, need):
    need = selectors.need_get(user=request.user, pk=need)
    if not request.user.has_perm("territories.change_need", need):
        raise PermissionDenied
    form = NeedForm(posted(request), instance=need, user=request.user)
    return _need_form_page(request, form, need)


def need_review(request, need):
    """Review a public idea: edit its text, then accept it as an identified need or decline it."""
    need = selectors.need_get(user=request.user, pk=need)
    if not request.user.has_perm("territories.review_need", need):
        raise PermissionDenied
    if need.status != Need.Status.TO_REVIEW:
        messages.error(request, review_services.already_reviewed_message(need))
        return redirect("need_detail", need=need.pk)
    form = NeedReviewForm(posted(request), instance=need)
    declined = form.is_bound and form.is_valid() and form.cleaned_data["decision"] == Need.ReviewDecision.DECLINED
    context = {
        "need": need,
        "reference": call_for_ideas_reference(need),
        "show_personal_data": request.user.has_perm("territories.view_need_personal_data", need),
    }
    return form_page(
        request,
        form,
        create=None,  # an idea is created by the public call for ideas, never here
        update=partial(review_services.need_review, need=need),
        template="territories/needs/need_review.html",
        context=context,
        success_url=lambda saved: reverse("need_detail", kwargs={"need": saved.pk}),
        created_message="",
        changed_message=(
            _("Idée « %(record)s » non retenue.")
            if declined
            else _("Idée « %(record)s » acceptée : c’est maintenant un besoin identifié.")
        ),
    )


NEED_IMPORT = ImportFlow(
    kind=STASH_KIND,
    permission="territories.import_needs",
    form_class=NeedImportForm,
    validate=validate_needs_file,
    save=services.needs_import,
    success_message=lambda count: _("%(count)s besoins importés.") % {"count": count},
    upload_template="territories/needs/need_import.html",
    preview_template="territories/needs/need_import_preview.html",
    upload_url="need_import",
    confirm_url="need_import_confirm",
    done_url="need_list",
)


def need_import(request):
    return import_upload(request, NEED_IMPORT)


def need_import_confirm(request, key):
    return import_confirm(request, NEED_IMPORT, key)


def opportunity_list(request):
    listing, export = list_or_export(
        request,
        selectors.opportunity_list(user=request.user),
        OpportunityFilter,
        columns=OPPORTUNITY_COLUMNS,
        basename="opportunites",
    )
    if export:
        return export
    context = {"listing": listing, "may_create": _may_create(request.user)}
    return render(request, "territories/needs/opportunity_list.html", context)


def opportunity_detail(request, opportunity):
    opportunity = selectors.opportunity_get(user=request.user, pk=opportunity)
    context = {
        "opportunity": opportunity,
        "may_edit": request.user.has_perm("territories.change_opportunity", opportunity),
        **_started_projects(request.user, opportunity),
        "history": history_entries(opportunity),
        "panels": panels.render("territories.opportunity_detail", request, opportunity),
    }
    return render(request, "territories/needs/opportunity_detail.html", context)


def _opportunity_form_page(request, form, opportunity=None):
    return form_page(
        request,
        form,
        create=services.opportunity_create,
        update=partial(services.opportunity_update, opportunity=opportunity),
        template="territories/needs/opportunity_form.html",
        context={"opportunity": opportunity},
        success_url=lambda saved: reverse("opportunity_detail", kwargs={"opportunity": saved.pk}),
        created_message=_("Opportunité « %(record)s » enregistrée."),
        changed_message=_("Opportunité « %(record)s » modifiée."),
    )


def opportunity_create(request):
    territory = preselected_territory(request)
    form = OpportunityForm(posted(request), user=request.user, initial={"territory": territory})
    return _opportunity_form_page(request, form)


def opportunity_edit(request, opportunity):
    opportunity = selectors.opportunity_get(user=request.user, pk=opportunity)
    if not request.user.has_perm("territories.change_opportunity", opportunity):
        raise PermissionDenied
    form = OpportunityForm(posted(request), instance=opportunity, user=request.user)
    return _opportunity_form_page(request, form, opportunity)
