"""Import of projects from a spreadsheet: every line checked, errors per line in French, saved all or nothing."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.imports import ImportFlow, ImportResult, cell_text, check_table, fold, read_table
from territories.models import EngagedTerritory, Sector

from ..forms.imports import ProjectImportForm
from ..models import Project
from ..services.projects import projects_import

STASH_KIND = "projects"

# Column key → the header users write (accents and case do not matter).
COLUMNS = {
    "territory": "territoire",
    "title": "intitulé",
    "origin": "origine",
    "sector": "filière",
    "summary": "résumé",
    "target_public": "public visé",
    "target_legal_form": "forme juridique visée",
    "jobs_planned_fte": "emplois prévus (ETP)",
    "budget": "budget",
}
# Other spellings of a header that users write.
HEADER_ALIASES = {"emplois prévus": "jobs_planned_fte", "etp prévus": "jobs_planned_fte", "budget (€)": "budget"}
REQUIRED_COLUMNS = ("territory", "title", "origin")
TEXT_LIMITS = {
    field_name: Project._meta.get_field(field_name).max_length
    for field_name in ("title", "target_public", "target_legal_form")
}
# (max_digits, decimal_places) of the numbers, read from the model.
NUMBERS = {
    field_name: (Project._meta.get_field(field_name).max_digits, Project._meta.get_field(field_name).decimal_places)
    for field_name in ("jobs_planned_fte", "budget")
}
# Shorter names of the origins, as users write them in a spreadsheet.
ORIGIN_ALIASES = {
    "capteur d’idées": Project.Origin.IDEA_CATCHER,
    "droit de tirage": Project.Origin.DRAWING_RIGHT,
    "essaimage": Project.Origin.REPLICATION,
    "diagnostic": Project.Origin.DIAGNOSIS,
}

HEADER_KEYS = {fold(header): key for key, header in COLUMNS.items()} | {
    fold(alias): key for alias, key in HEADER_ALIASES.items()
}
# Spaces users put in numbers (thousands), and the currency sign.
NUMBER_NOISE = str.maketrans({" ": "", "\u00a0": "", "\u202f": "", "€": ""})


@dataclass
class ProjectImport(ImportResult):
    lines: list = field(default_factory=list)  # the spreadsheet line of each row

    @property
    def preview(self):
        """(line, unsaved Project) pairs for the preview table."""
        return [(line, Project(**row)) for line, row in zip(self.lines, self.rows, strict=True)]


class _Lookups:
    """Territories, sectors and origins loaded once, matched by slug or name."""

    def __init__(self, user):
        territories = list(EngagedTerritory.objects.only("pk", "slug", "name"))
        self.territories = {t.slug: t for t in territories} | {fold(t.name): t for t in territories}
        self.editable = set(EngagedTerritory.objects.editable_by(user).values_list("pk", flat=True))
        sectors = list(Sector.objects.all())
        self.sectors = {fold(s.slug): s for s in sectors} | {fold(s.name): s for s in sectors}
        self.origins = {fold(alias): value for alias, value in ORIGIN_ALIASES.items()}
        for value, label in Project.Origin.choices:
            self.origins[fold(value)] = value
            self.origins[fold(label)] = value


def parse_number(value, *, max_digits, decimal_places):
    """A positive number of a cell ("2,5", "15 000 €", a spreadsheet's 2.5) within the model's digits; None if
    not one."""
    if isinstance(value, bool):
        return None
    text = repr(value) if isinstance(value, float) else cell_text(value).translate(NUMBER_NOISE).replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or number >= Decimal(10) ** (max_digits - decimal_places):
        return None
    rounded = number.quantize(Decimal(1).scaleb(-decimal_places))
    return rounded if rounded == number else None


def _clean_territory(values, lookups, errors):
    text = cell_text(values.get("territory"))
    territory = lookups.territories.get(text) or lookups.territories.get(fold(text))
    if not text:
        errors.append(_("territoire manquant"))
    elif territory is None:
        errors.append(_("territoire inconnu « %(value)s »") % {"value": text})
    elif territory.pk not in lookups.editable:
        errors.append(
            _("vous ne pouvez pas enregistrer de projet sur le territoire « %(value)s »") % {"value": territory.name}
        )
    return territory


def _clean_row(values, lookups):
    """(fields, errors) of one line; `values` are keyed by column key."""
    errors = []
    fields = {"territory": _clean_territory(values, lookups, errors)}

    fields["title"] = cell_text(values.get("title"))
    if not fields["title"]:
        errors.append(_("intitulé manquant"))

    origin_text = cell_text(values.get("origin"))
    fields["origin"] = lookups.origins.get(fold(origin_text))
    if not origin_text:
        errors.append(_("origine manquante"))
    elif fields["origin"] is None:
        errors.append(_("origine inconnue « %(value)s »") % {"value": origin_text})

    sector_text = cell_text(values.get("sector"))
    fields["sector"] = lookups.sectors.get(fold(sector_text)) if sector_text else None
    if sector_text and fields["sector"] is None:
        errors.append(_("filière inconnue « %(value)s »") % {"value": sector_text})

    for key in ("summary", "target_public", "target_legal_form"):
        fields[key] = cell_text(values.get(key))
    for key, limit in TEXT_LIMITS.items():
        if len(fields[key]) > limit:
            errors.append(
                _("%(column)s trop long (%(limit)s caractères au plus)") % {"column": COLUMNS[key], "limit": limit}
            )

    jobs = values.get("jobs_planned_fte")
    if cell_text(jobs):
        max_digits, places = NUMBERS["jobs_planned_fte"]
        fields["jobs_planned_fte"] = parse_number(jobs, max_digits=max_digits, decimal_places=places)
        if fields["jobs_planned_fte"] is None:
            errors.append(
                _(
                    "emplois prévus invalides « %(value)s » "
                    "(un nombre d’ETP positif, un chiffre après la virgule au plus)"
                )
                % {"value": cell_text(jobs)}
            )
    else:
        fields["jobs_planned_fte"] = Decimal(0)

    budget = values.get("budget")
    fields["budget"] = None
    if cell_text(budget):
        max_digits, places = NUMBERS["budget"]
        fields["budget"] = parse_number(budget, max_digits=max_digits, decimal_places=places)
        if fields["budget"] is None:
            errors.append(
                _("budget invalide « %(value)s » (un montant positif en euros, deux chiffres après la virgule au plus)")
                % {"value": cell_text(budget)}
            )
    return fields, errors


def validate_project_file(*, name, content, user):
    """Read and check a projects file. Raises ImportFileError when the file itself cannot be read."""
    headers, table_rows = read_table(name, content)
    lookups = _Lookups(user)
    return check_table(
        ProjectImport(),
        headers,
        table_rows,
        header_keys=HEADER_KEYS,
        required=REQUIRED_COLUMNS,
        column_labels=COLUMNS,
        clean_row=lambda values: _clean_row(values, lookups),
    )


def _success_message(count):
    return ngettext("%(count)s projet importé.", "%(count)s projets importés.", count) % {
        "count": number_format(count, force_grouping=True)
    }


PROJECT_IMPORT = ImportFlow(
    kind=STASH_KIND,
    permission="projects.import_projects",
    form_class=ProjectImportForm,
    validate=validate_project_file,
    save=projects_import,
    success_message=_success_message,
    upload_template="projects/projects/import.html",
    preview_template="projects/projects/import_preview.html",
    upload_url="project_import",
    confirm_url="project_import_confirm",
    done_url="project_list",
)
