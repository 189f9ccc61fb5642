"""Import of the initiatives library from a spreadsheet: every line checked, errors per line in French, saved all
or nothing. The columns are the export's (the catalogue's « Exporter »), so an exported file comes back as it left.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.imports import ImportFlow, ImportResult, cell_text, check_table, fold
from core.imports import read_table as read_import_table
from territories.models import Region, Sector

from ..forms.imports import ProjectImportForm
from ..models import Initiative
from ..services.initiatives import initiative_create
from .projects import parse_number

STASH_KIND = "initiatives"
# Importing is adding initiatives to the catalogue: coordinators alone (rules.py).
PERMISSION = "projects.add_initiative"

# Column key → the header of the export (accents, case and apostrophes do not matter).
COLUMNS = {
    "title": "Intitulé",
    "summary": "Résumé",
    "description": "Description",
    "origin_region": "Région d’origine",
    "origin_town": "Commune d’origine",
    "sector": "Filière",
    "target_public": "Public visé",
    "economic_model": "Modèle économique",
    "legal_form": "Forme juridique",
    "structure_name": "Structure porteuse",
    "structure_website": "Site de la structure",
    "year_started": "Année de démarrage",
    "jobs_fte": "Emplois (ETP)",
    "results": "Résultats",
    "replication_conditions": "Conditions d’essaimage",
    "tags": "Mots-clés",
    "source_url": "Source",
    "status": "Statut",
}
# Other spellings of a header that users write.
HEADER_ALIASES = {
    "titre": "title",
    "région": "origin_region",
    "code région": "origin_region",
    "commune": "origin_town",
    "structure": "structure_name",
    "site internet": "structure_website",
    "site web": "structure_website",
    "année": "year_started",
    "emplois": "jobs_fte",
    "etp": "jobs_fte",
    "mots clés": "tags",
    "lien source": "source_url",
}
HEADER_KEYS = {fold(header): key for key, header in COLUMNS.items()} | {
    fold(alias): key for alias, key in HEADER_ALIASES.items()
}
REQUIRED_COLUMNS = ("title", "summary")
TEXT_FIELDS = (
    "title",
    "summary",
    "description",
    "origin_town",
    "economic_model",
    "legal_form",
    "structure_name",
    "results",
    "replication_conditions",
    "tags",
)
URL_FIELDS = ("structure_website", "source_url")
# The longest text of each limited field, read from the model (the summary is a TextField with a max_length).
TEXT_LIMITS = {
    name: Initiative._meta.get_field(name).max_length
    for name in (*TEXT_FIELDS, *URL_FIELDS)
    if Initiative._meta.get_field(name).max_length
}
JOBS_DIGITS = (Initiative._meta.get_field("jobs_fte").max_digits, Initiative._meta.get_field("jobs_fte").decimal_places)
# The model's check constraint: no initiative started before this year.
FIRST_YEAR = 1800
STATUS_ALIASES = {"publié": Initiative.Status.PUBLISHED, "publie": Initiative.Status.PUBLISHED}


@dataclass
class InitiativeImport(ImportResult):
    lines: list = field(default_factory=list)  # the spreadsheet line of each row

    @property
    def preview(self):
        """(line, unsaved Initiative) pairs for the preview table."""
        return [(line, Initiative(**row)) for line, row in zip(self.lines, self.rows, strict=True)]


class _Lookups:
    """Regions, sectors, target publics and statuses loaded once, matched by code, slug, name or label."""

    def __init__(self):
        regions = list(Region.objects.only("pk", "code", "name"))
        self.regions = {region.code: region for region in regions} | {fold(region.name): region for region in regions}
        sectors = list(Sector.objects.all())
        self.sectors = {fold(s.slug): s for s in sectors} | {fold(s.name): s for s in sectors}
        self.publics = {}
        for value, label in Initiative.TargetPublic.choices:
            self.publics[fold(value)] = value
            self.publics[fold(label)] = value
        self.statuses = {fold(alias): value for alias, value in STATUS_ALIASES.items()}
        for value, label in Initiative.Status.choices:
            self.statuses[fold(value)] = value
            self.statuses[fold(label)] = value


def _label(key):
    return COLUMNS[key].lower()


def _clean_choices(fields, values, lookups, errors):
    region_text = cell_text(values.get("origin_region"))
    region = lookups.regions.get(region_text) or lookups.regions.get(fold(region_text)) if region_text else None
    # A code written as a number in a spreadsheet loses its leading zero: « 1 » is Guadeloupe's « 01 ».
    if region is None and region_text.isdigit():
        region = lookups.regions.get(region_text.zfill(2))
    fields["origin_region"] = region
    if region_text and region is None:
        errors.append(_("région d’origine inconnue « %(value)s » (son nom ou son code INSEE)") % {"value": region_text})

    sector_text = cell_text(values.get("sector"))
    fields["sector"] = lookups.sectors.get(fold(sector_text)) if sector_text else None
    if sector_text and fields["sector"] is None:
        errors.append(_("filière inconnue « %(value)s »") % {"value": sector_text})

    public_text = cell_text(values.get("target_public"))
    everyone = Initiative.TargetPublic.EVERYONE
    fields["target_public"] = lookups.publics.get(fold(public_text)) if public_text else everyone
    if fields["target_public"] is None:
        errors.append(
            _("public visé inconnu « %(value)s » (l’un de : %(choices)s)")
            % {"value": public_text, "choices": ", ".join(str(label) for label in Initiative.TargetPublic.labels)}
        )

    status_text = cell_text(values.get("status"))
    fields["status"] = lookups.statuses.get(fold(status_text)) if status_text else Initiative.Status.DRAFT
    if fields["status"] is None:
        errors.append(_("statut inconnu « %(value)s » (brouillon ou publiée)") % {"value": status_text})


def _clean_numbers(fields, values, errors):
    year_text = cell_text(values.get("year_started"))
    fields["year_started"] = None
    if year_text:
        this_year = timezone.localdate().year
        year = int(year_text) if year_text.isdigit() else None
        if year is None or not FIRST_YEAR <= year <= this_year:
            errors.append(
                _("année de démarrage invalide « %(value)s » (une année entre %(first)s et %(last)s)")
                % {"value": year_text, "first": FIRST_YEAR, "last": this_year}
            )
        else:
            fields["year_started"] = year

    jobs = values.get("jobs_fte")
    fields["jobs_fte"] = None
    if cell_text(jobs):
        max_digits, places = JOBS_DIGITS
        fields["jobs_fte"] = parse_number(jobs, max_digits=max_digits, decimal_places=places)
        if fields["jobs_fte"] is None:
            errors.append(
                _("emplois invalides « %(value)s » (un nombre d’ETP positif, un chiffre après la virgule au plus)")
                % {"value": cell_text(jobs)}
            )


def _clean_row(values, lookups):
    """(fields, errors) of one line; `values` are keyed by column key."""
    errors = []
    fields = {key: cell_text(values.get(key)) for key in TEXT_FIELDS}
    if not fields["title"]:
        errors.append(_("intitulé manquant"))
    if not fields["summary"]:
        errors.append(_("résumé manquant"))
    _clean_choices(fields, values, lookups, errors)
    _clean_numbers(fields, values, errors)
    validate_url = URLValidator(schemes=["http", "https"])
    for key in URL_FIELDS:
        fields[key] = cell_text(values.get(key))
        if fields[key]:
            try:
                validate_url(fields[key])
            except ValidationError:
                errors.append(
                    _("%(column)s : adresse web invalide « %(value)s » (elle commence par https:// ou http://)")
                    % {"column": _label(key), "value": fields[key]}
                )
    for key, limit in TEXT_LIMITS.items():
        if len(fields[key]) > limit:
            errors.append(
                _("%(column)s trop long (%(limit)s caractères au plus)") % {"column": _label(key), "limit": limit}
            )
    # Tags as the catalogue writes them: « mobilité, garage », whatever separators the file used.
    fields["tags"] = ", ".join(tag.strip() for tag in fields["tags"].replace(";", ",").split(",") if tag.strip())
    return fields, errors


def validate_initiative_file(*, name, content, user):
    """Read and check an initiatives file. Raises ImportFileError when the file itself cannot be read."""
    headers, table_rows = read_import_table(name, content)
    lookups = _Lookups()
    return check_table(
        InitiativeImport(),
        headers,
        table_rows,
        header_keys=HEADER_KEYS,
        required=REQUIRED_COLUMNS,
        column_labels={key: _label(key) for key in COLUMNS},
        clean_row=lambda values: _clean_row(values, lookups),
    )


def initiatives_import(*, rows, by):
    """Save every validated row as a new initiative through the catalogue's service, all or nothing
    (a ValidationError or PermissionDenied saves none)."""
    with transaction.atomic():
        return [initiative_create(by=by, **row) for row in rows]


def _success_message(count):
    return ngettext("%(count)s initiative importée.", "%(count)s initiatives importées.", count) % {
        "count": number_format(count, force_grouping=True)
    }


INITIATIVE_IMPORT = ImportFlow(
    kind=STASH_KIND,
    permission=PERMISSION,
    # The one file field every import asks for (its label and limits are the same).
    form_class=ProjectImportForm,
    validate=validate_initiative_file,
    save=initiatives_import,
    success_message=_success_message,
    upload_template="projects/initiatives/import.html",
    preview_template="projects/initiatives/import_preview.html",
    upload_url="initiative_import",
    confirm_url="initiative_import_confirm",
    done_url="initiative_list",
    context={"columns": COLUMNS},
)
