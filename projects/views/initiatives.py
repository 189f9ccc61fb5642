"""Pages of the library of inspiring initiatives: the catalogue and its search, an initiative, its edit
page, and the replication of an initiative as a project of the referent's territory."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column
from core.listing import list_or_export
from core.views import add_service_error, form_page, posted

from ..filters.initiatives import InitiativeFilter
from ..forms.initiatives import InitiativeForm, InitiativeReplicateForm
from ..forms.projects import StartFromForm
from ..selectors import initiatives as selectors
from ..services import initiatives as services

# What an initiative's row exports: the whole record (an initiative holds no personal data).
COLUMNS = [
    Column(gettext_lazy("Intitulé"), "title"),
    Column(gettext_lazy("Résumé"), "summary"),
    Column(gettext_lazy("Description"), "description"),
    Column(gettext_lazy("Filière"), "sector.name"),
    Column(gettext_lazy("Public visé"), "get_target_public_display"),
    Column(gettext_lazy("Région d’origine"), "origin_region.name"),
    Column(gettext_lazy("Commune d’origine"), "origin_town"),
    Column(gettext_lazy("Structure porteuse"), "structure_name"),
    Column(gettext_lazy("Site de la structure"), "structure_website"),
    Column(gettext_lazy("Forme juridique"), "legal_form"),
    Column(gettext_lazy("Modèle économique"), "economic_model"),
    Column(gettext_lazy("Année de démarrage"), "year_started"),
    Column(gettext_lazy("Emplois (ETP)"), "jobs_fte"),
    Column(gettext_lazy("Résultats"), "results"),
    Column(gettext_lazy("Conditions d’essaimage"), "replication_conditions"),
    Column(gettext_lazy("Mots-clés"), "tags"),
    Column(gettext_lazy("Source"), "source_url"),
    Column(gettext_lazy("Statut"), "get_status_display"),
]


def initiative_list(request):
    listing, export = list_or_export(
        request,
        selectors.initiative_list(user=request.user),
        InitiativeFilter,
        columns=COLUMNS,
        basename="initiatives",
        export_rows=selectors.initiative_export_rows,
    )
    if export:
        return export
    search_text = listing.filterset.search_text
    listing.page.object_list = selectors.initiative_rows_highlighted(listing.page.object_list, search_text)
    may_edit = request.user.has_perm("projects.add_initiative")
    context = {"listing": listing, "search_text": search_text, "may_create": may_edit, "may_import": may_edit}
    return render(request, "projects/initiatives/list.html", context)


def initiative_detail(request, initiative):
    user = request.user
    initiative = selectors.initiative_get(user=user, pk=initiative)
    context = {
        "initiative": initiative,
        "may_edit": user.has_perm("projects.change_initiative", initiative),
        "may_replicate": user.has_perm("projects.replicate_initiative", initiative),
        "replications": selectors.initiative_replications(initiative=initiative, user=user),
        # `?besoin=` / `?opportunite=` (the suggestion beside a need or an opportunity) follow to the replicate form.
        "start_from_query": _start_from_query(request),
    }
    return render(request, "projects/initiatives/detail.html", context)


def _initiative_form_page(request, form, initiative=None):
    return form_page(
        request,
        form,
        create=services.initiative_create,
        update=partial(services.initiative_update, initiative=initiative),
        template="projects/initiatives/form.html",
        context={"initiative": initiative},
        success_url=lambda saved: reverse("initiative_detail", kwargs={"initiative": saved.pk}),
        created_message=_("Initiative « %(record)s » enregistrée."),
        changed_message=_("Initiative « %(record)s » modifiée."),
    )


def initiative_create(request):
    return _initiative_form_page(request, InitiativeForm(posted(request)))


def initiative_edit(request, initiative):
    initiative = selectors.initiative_get(user=request.user, pk=initiative)
    if not request.user.has_perm("projects.change_initiative", initiative):
        raise PermissionDenied
    return _initiative_form_page(request, InitiativeForm(posted(request), instance=initiative), initiative)


def initiative_replicate(request, initiative):
    """Start a project of the user's territory replicating the initiative; `?besoin=` or `?opportunite=` opens
    the form with that need or opportunity (and its territory) chosen."""
    user = request.user
    initiative = selectors.initiative_get(user=user, pk=initiative)
    if not user.has_perm("projects.replicate_initiative", initiative):
        raise PermissionDenied
    form = InitiativeReplicateForm(posted(request), user=user, initial=_replicate_initial(request, initiative))
    if request.method == "POST" and form.is_valid():
        try:
            project = services.initiative_replicate(initiative=initiative, by=user, **form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Projet « %(record)s » enregistré à l’étape « idée détectée », essaimage de « %(initiative)s ».")
                % {"record": project, "initiative": initiative},
            )
            return redirect("project_detail", project=project.pk)
    context = {"form": form, "initiative": initiative, "start_from_query": _start_from_query(request)}
    return render(request, "projects/initiatives/replicate.html", context)


def _replicate_initial(request, initiative):
    """The need or opportunity of `?besoin=` / `?opportunite=` (when the user may start a project from it), its
    territory (or the user's only one), and the title « <initiative> — <territory> »."""
    start = StartFromForm(request.GET, user=request.user).initial_values()
    territory = start.get("territory")
    if territory is None:
        editable = list(selectors.replication_territories(user=request.user)[:2])
        territory = editable[0] if len(editable) == 1 else None
    initial = {"title": initiative.title}
    if territory is not None:
        initial.update(territory=territory.pk, title=services.replication_title(initiative, territory))
    if start.get("needs"):
        initial["need"] = start["needs"][0]
    if start.get("opportunity"):
        initial["opportunity"] = start["opportunity"]
    return initial


def _start_from_query(request):
    """`besoin=…` or `opportunite=…` of the page's query string, checked, to carry to the replicate form."""
    form = StartFromForm(request.GET, user=request.user)
    if not form.is_valid():
        return ""
    for name in ("besoin", "opportunite"):
        if form.cleaned_data.get(name):
            return f"{name}={form.cleaned_data[name]}"
    return ""
