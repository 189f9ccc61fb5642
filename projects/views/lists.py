"""The list of projects (filters, sorting, XLSX and CSV exports) and the projects import."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy

from core.exports import Column
from core.listing import list_or_export
from core.roles import Role
from core.views import import_confirm, import_upload
from territories.models import EngagedTerritory

from ..filters.projects import ProjectFilter
from ..imports.projects import PROJECT_IMPORT
from ..selectors import projects as selectors

# What a project's row exports. The leader's personal data (name, e-mail, phone) never goes here, whoever
# asks: a structure leading the project is no person, its name is exported.
COLUMNS = [
    Column(gettext_lazy("Référence"), "reference"),
    Column(gettext_lazy("Intitulé"), "title"),
    Column(gettext_lazy("Territoire"), "territory.name"),
    Column(gettext_lazy("Filière"), "sector.name"),
    Column(gettext_lazy("Origine"), "get_origin_display"),
    Column(gettext_lazy("Étape"), "get_stage_display"),
    Column(gettext_lazy("En pause ou abandonné"), "get_side_state_display"),
    Column(gettext_lazy("À cette étape depuis le"), "stage_since"),
    Column(gettext_lazy("À l’arrêt"), "is_stalled"),
    Column(gettext_lazy("Étude de plus de 12 mois"), "is_study_overdue"),
    Column(gettext_lazy("Résumé"), "summary"),
    Column(gettext_lazy("Public visé"), "target_public"),
    Column(gettext_lazy("Forme juridique visée"), "target_legal_form"),
    Column(gettext_lazy("Acteur référent"), "referent_actor.name"),
    Column(gettext_lazy("Structure porteuse"), "leader_structure.name"),
    Column(gettext_lazy("Emplois prévus (ETP)"), "jobs_planned_fte"),
    Column(gettext_lazy("Emplois créés (ETP)"), "jobs_created_fte"),
    Column(gettext_lazy("Emplois non délocalisables"), "non_relocatable"),
    Column(gettext_lazy("Budget (€)"), "budget"),
    Column(gettext_lazy("Date de création de l’entreprise"), "creation_date"),
    Column(gettext_lazy("SIRET"), "siret"),
    Column(gettext_lazy("Créé le"), "created_at"),
]


# A referent scans a page of their pipeline at a glance: twice the usual page.
PER_PAGE = 50


def project_list(request):
    listing, export = list_or_export(
        request,
        selectors.project_list(user=request.user),
        ProjectFilter,
        columns=COLUMNS,
        basename="projets",
        per_page=PER_PAGE,
        export_rows=selectors.project_export_rows,
    )
    if export:
        return export
    user = request.user
    may_edit = user.role in (Role.COORDINATOR, Role.REFERENT)
    context = {
        "listing": listing,
        "may_create": may_edit and EngagedTerritory.objects.editable_by(user).exists(),
        "may_import": user.has_perm(PROJECT_IMPORT.permission),
        "is_partner": user.role == Role.PARTNER,
        "may_manage_lists": user.has_perm("projects.manage_criteria"),
    }
    return render(request, "projects/projects/list.html", context)


def project_import(request):
    return import_upload(request, PROJECT_IMPORT)


def project_import_confirm(request, key):
    return import_confirm(request, PROJECT_IMPORT, key)
