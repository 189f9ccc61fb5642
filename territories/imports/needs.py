"""Import of unmet needs from a spreadsheet: every line checked, errors per line in French."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from core.imports import ImportResult, cell_date, cell_text, check_table, fold, read_table
from territories.models import EngagedTerritory, Need, Sector

STASH_KIND = "needs"

# Column key → the header users write (accents and case do not matter).
COLUMNS = {
    "territory": "territoire",
    "sector": "filière",
    "title": "intitulé",
    "description": "description",
    "source": "source",
    "priority": "priorité",
    "population_concerned": "population concernée",
    "evidence": "éléments de preuve",
    "identified_on": "date",
}
REQUIRED_COLUMNS = ("territory", "title", "description", "source")
TEXT_LIMITS = {"title": 200, "population_concerned": 200}


HEADER_KEYS = {fold(header): key for key, header in COLUMNS.items()}


@dataclass
class NeedImport(ImportResult):
    lines: list = field(default_factory=list)  # the spreadsheet line of each row

    @property
    def preview(self):
        """(line, unsaved Need) pairs for the preview table."""
        return [(line, Need(**row)) for line, row in zip(self.lines, self.rows, strict=True)]


class _Lookups:
    """Territories, sectors and sources loaded once, matched by code, slug or name."""

    def __init__(self, user):
        territories = list(EngagedTerritory.objects.all())
        self.territories = {t.slug: t for t in territories} | {fold(t.name): t for t in territories}
        self.editable = set(EngagedTerritory.objects.editable_by(user).values_list("pk", flat=True))
        sectors = list(Sector.objects.all())
        self.sectors = {fold(s.slug): s for s in sectors} | {fold(s.name): s for s in sectors}
        self.sources = {}
        for value, label in Need.Source.choices:
            self.sources[fold(value)] = value
            self.sources[fold(label)] = value


def _parse_date(value):
    if not cell_text(value):
        return timezone.localdate()
    return cell_date(value)


def _clean_row(values, lookups):
    """(fields, errors) of one line; `values` are keyed by column key."""
    errors = []
    fields = {}

    territory_text = cell_text(values.get("territory"))
    territory = lookups.territories.get(territory_text) or lookups.territories.get(fold(territory_text))
    if not territory_text:
        errors.append(_("territoire manquant"))
    elif territory is None:
        errors.append(_("territoire inconnu « %(value)s »") % {"value": territory_text})
    elif territory.pk not in lookups.editable:
        errors.append(
            _("vous ne pouvez pas enregistrer de besoin sur le territoire « %(value)s »") % {"value": territory.name}
        )
    fields["territory"] = territory

    sector_text = cell_text(values.get("sector"))
    fields["sector"] = lookups.sectors.get(fold(sector_text)) if sector_text else None
    if sector_text and fields["sector"] is None:
        errors.append(_("filière inconnue « %(value)s »") % {"value": sector_text})

    for key, missing in (("title", _("intitulé manquant")), ("description", _("description manquante"))):
        fields[key] = cell_text(values.get(key))
        if not fields[key]:
            errors.append(missing)
    for key in ("population_concerned", "evidence"):
        fields[key] = cell_text(values.get(key))
    for key, limit in TEXT_LIMITS.items():
        if len(fields[key]) > limit:
            errors.append(
                _("%(column)s trop long (%(limit)s caractères au plus)") % {"column": COLUMNS[key], "limit": limit}
            )

    source_text = cell_text(values.get("source"))
    fields["source"] = lookups.sources.get(fold(source_text))
    if not source_text:
        errors.append(_("source manquante"))
    elif fields["source"] is None:
        errors.append(_("source inconnue « %(value)s »") % {"value": source_text})

    priority_text = cell_text(values.get("priority"))
    fields["priority"] = int(priority_text) if priority_text in ("1", "2", "3") else None
    if not priority_text:
        fields["priority"] = Need.Priority.MEDIUM
    elif fields["priority"] is None:
        errors.append(_("priorité invalide « %(value)s » (1, 2 ou 3 attendu)") % {"value": priority_text})

    fields["identified_on"] = _parse_date(values.get("identified_on"))
    if fields["identified_on"] is None:
        errors.append(
            _("date invalide « %(value)s » (jj/mm/aaaa attendu, à partir de 1900)")
            % {"value": cell_text(values["identified_on"])}
        )
    elif fields["identified_on"] > timezone.localdate():
        errors.append(_("date dans le futur « %(value)s »") % {"value": f"{fields['identified_on']:%d/%m/%Y}"})
    return fields, errors


def validate_needs_file(*, name, content, user):
    """Read and check a needs file. Raises ImportFileError when the file itself cannot be read."""
    headers, table_rows = read_table(name, content)
    lookups = _Lookups(user)
    return check_table(
        NeedImport(),
        headers,
        table_rows,
        header_keys=HEADER_KEYS,
        required=REQUIRED_COLUMNS,
        column_labels=COLUMNS,
        clean_row=lambda values: _clean_row(values, lookups),
    )
