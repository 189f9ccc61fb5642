"""Pages of unmet needs and development opportunities: lists, details, forms and the needs import."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column
from core.history import history_entries
from core.imports import ImportFileError, read_upload, stash, unstash
from core.listing import list_or_export
from territories.filters.needs import NeedFilter, OpportunityFilter
from territories.filters.preselection import preselected_territory
from territories.forms.needs import NeedForm, NeedImportForm, OpportunityForm
from territories.imports.needs import STASH_KIND, validate_needs_file
from territories.models import EngagedTerritory
from territories.selectors import needs as selectors
from territories.services import needs as services

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


def _posted(request, *, files=False):
    """The form data of a POST (even an empty one), or nothing to leave the form unbound."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _may_create(user):
    return EngagedTerritory.objects.editable_by(user).exists()


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
    context = {
        "need": need,
        "show_personal_data": request.user.has_perm("territories.view_need_personal_data", need),
        "may_edit": request.user.has_perm("territories.change_need", need),
        "opportunities": selectors.need_opportunities(need=need),
        "events": selectors.need_events(need=need),
        "history": selectors.need_history(need=need, user=request.user),
    }
    return render(request, "territories/needs/need_detail.html", context)


def need_create(request):
    territory = preselected_territory(request)
    form = NeedForm(*_posted(request), user=request.user, initial={"territory": territory})
    if request.method == "POST" and form.is_valid():
        need = services.need_save(need=form.instance, user=request.user)
        messages.success(request, _("Besoin « %(title)s » enregistré.") % {"title": need.title})
        return redirect("need_detail", need=need.pk)
    return render(request, "territories/needs/need_form.html", {"form": form})


def need_edit(request, need):
    need = selectors.need_get(user=request.user, pk=need)
    if not request.user.has_perm("territories.change_need", need):
        raise PermissionDenied
    form = NeedForm(*_posted(request), instance=need, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_save(need=form.instance, user=request.user, expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Besoin « %(title)s » modifié.") % {"title": need.title})
            return redirect("need_detail", need=need.pk)
    return render(request, "territories/needs/need_form.html", {"form": form, "need": need})


def need_import(request):
    if not request.user.has_perm("territories.import_needs"):
        raise PermissionDenied
    form = NeedImportForm(*_posted(request, files=True))
    result = None
    if request.method == "POST" and form.is_valid():
        name, content = read_upload(form.cleaned_data["file"])
        try:
            result = validate_needs_file(name=name, content=content, user=request.user)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if result.is_valid:
                key = stash(request, STASH_KIND, name, content)
                return redirect("need_import_confirm", key=key)
    return render(request, "territories/needs/need_import.html", {"form": form, "result": result})


def need_import_confirm(request, key):
    if not request.user.has_perm("territories.import_needs"):
        raise PermissionDenied
    stashed = unstash(request, STASH_KIND, key)
    if stashed is None:
        messages.error(request, _("Ce fichier n'est plus disponible : envoyez-le à nouveau."))
        return redirect("need_import")
    name, content = stashed
    try:
        # Checked again: territories, sectors or the user's rights may have changed since the upload.
        result = validate_needs_file(name=name, content=content, user=request.user)
    except ImportFileError as error:
        result = None
        messages.error(request, str(error))
    if result is None or not result.is_valid:
        unstash(request, STASH_KIND, key, remove=True)
        form = NeedImportForm()
        return render(request, "territories/needs/need_import.html", {"form": form, "result": result})
    if request.method == "POST":
        created = services.needs_import(rows=result.rows, imported_by=request.user)
        unstash(request, STASH_KIND, key, remove=True)
        messages.success(request, _("%(count)s besoins importés.") % {"count": len(created)})
        return redirect("need_list")
    return render(request, "territories/needs/need_import_preview.html", {"result": result, "name": name, "key": key})


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
        "history": history_entries(opportunity),
    }
    return render(request, "territories/needs/opportunity_detail.html", context)


def _opportunity_form_page(request, form, opportunity=None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.opportunity_save(
                opportunity=form.instance,
                needs=list(form.cleaned_data["needs"]),
                user=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = (
                _("Opportunité « %(title)s » modifiée.") if opportunity else _("Opportunité « %(title)s » enregistrée.")
            )
            messages.success(request, message % {"title": saved.title})
            return redirect("opportunity_detail", opportunity=saved.pk)
    return render(request, "territories/needs/opportunity_form.html", {"form": form, "opportunity": opportunity})


def opportunity_create(request):
    territory = preselected_territory(request)
    form = OpportunityForm(*_posted(request), user=request.user, initial={"territory": territory})
    return _opportunity_form_page(request, form)


def opportunity_edit(request, opportunity):
    opportunity = selectors.opportunity_get(user=request.user, pk=opportunity)
    if not request.user.has_perm("territories.change_opportunity", opportunity):
        raise PermissionDenied
    form = OpportunityForm(*_posted(request), instance=opportunity, user=request.user)
    return _opportunity_form_page(request, form, opportunity)
