"""Open data: the indicators per year, engaged territory and sector as one table, its CSV and JSON forms and its
Table Schema (a Frictionless Data Package), published as data.gouv.fr takes them.

The table is public: aggregates only, keyed by official codes (SIREN of the EPCIs, INSEE codes of the communes and
regions), never a person, a project or a note. It is computed by governance/indicator_table.py in a fixed number of
queries, cached until a row it reads changes (core/aggregates.py), and so is each file written from it.
"""

import csv
import datetime
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core import aggregates
from projects.models import FundingLine, Project, StageChange
from territories.models import EPCI, Actor, AnimationEvent, Commune, EngagedTerritory, Sector

from .indicator_table import ALL, indicators_table
from .indicators import COUNT, INDICATORS, PEOPLE, PERCENT, UNIT_LABELS
from .models import Decision

LICENCE = {
    "name": "etalab-2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "title": "Licence Ouverte / Open Licence version 2.0",
}
# The territory and sector key of the rows that sum every territory, every sector.
EVERYWHERE = "ensemble"
# What the table reads: a save or delete of any of them computes it afresh.
READS = (Project, StageChange, Decision, AnimationEvent, FundingLine, EngagedTerritory, Sector, EPCI, Commune, Actor)
TITLE = _("Indicateurs de la Fabrique à initiatives")
CSV_FILENAME = "indicateurs-fabrique.csv"
# Codes in one cell are separated by a space (no quoting needed in the CSV).
SEPARATOR = " "


@dataclass(frozen=True)
class Field:
    """One column of the table, as its Table Schema describes it."""

    name: str
    title: str
    type: str
    description: str
    unit: str = ""
    dated_by: str = ""
    constraints: dict = field(default_factory=dict)

    @property
    def type_label(self):
        return TYPE_LABELS[self.type]

    def descriptor(self):
        described = {"name": self.name, "title": str(self.title), "type": self.type}
        described["description"] = str(self.description)
        if self.dated_by:
            described["description"] += " " + str(format_lazy(DATE_RULE, date=self.dated_by))
        if self.unit:
            described["unit"] = str(self.unit)
        if self.constraints:
            described["constraints"] = self.constraints
        return described


TYPE_LABELS = {"year": _("année"), "string": _("texte"), "integer": _("nombre entier"), "number": _("nombre")}


def _codes(pattern):
    """A pattern of codes separated by SEPARATOR (an empty cell is a missing value, never matched)."""
    return {"pattern": f"{pattern}( {pattern})*"}


REQUIRED = {"required": True}
IDENTIFIER = {"required": True, "pattern": "[-a-zA-Z0-9_]+"}

DIMENSION_FIELDS = [
    Field(
        "annee",
        _("Année"),
        "year",
        _("Année civile des indicateurs, du 1er janvier au 31 décembre."),
        constraints=REQUIRED,
    ),
    Field(
        "territoire",
        _("Territoire"),
        "string",
        _(
            "Identifiant du territoire d’expérimentation (celui de son adresse sur la plateforme), ou « ensemble » "
            "pour l’ensemble des territoires ; ses codes officiels sont dans les trois colonnes suivantes."
        ),
        constraints=IDENTIFIER,
    ),
    Field(
        "territoire_nom",
        _("Nom du territoire"),
        "string",
        _("Nom du territoire d’expérimentation."),
        constraints=REQUIRED,
    ),
    Field(
        "territoire_siren",
        _("SIREN des EPCI du territoire"),
        "string",
        _(
            "Numéros SIREN des EPCI (intercommunalités) du périmètre du territoire, séparés par une espace ; vide "
            "pour l’ensemble des territoires."
        ),
        constraints=_codes("[0-9]{9}"),
    ),
    Field(
        "territoire_insee",
        _("Codes INSEE des communes du territoire"),
        "string",
        _(
            "Codes officiels géographiques (INSEE) des communes ajoutées une à une au périmètre, en plus de ses EPCI, "
            "séparés par une espace ; vide pour l’ensemble des territoires."
        ),
        constraints=_codes("[0-9][0-9AB][0-9]{3}"),
    ),
    Field(
        "regions_insee",
        _("Codes INSEE des régions"),
        "string",
        _(
            "Codes INSEE des régions où s’étend le territoire (pour l’ensemble des territoires : celles de tous), "
            "séparés par une espace."
        ),
        constraints=_codes("[0-9]{2,3}"),
    ),
    Field(
        "filiere",
        _("Filière"),
        "string",
        _("Identifiant de la filière, ou « ensemble » pour toutes les filières (les projets sans filière y compris)."),
        constraints=IDENTIFIER,
    ),
    Field("filiere_nom", _("Nom de la filière"), "string", _("Nom de la filière."), constraints=REQUIRED),
]
PRIMARY_KEY = ["annee", "territoire", "filiere"]
EVERY_TERRITORY = _("Ensemble des territoires")
EVERY_SECTOR = _("Toutes filières")
DATE_RULE = _("Date retenue : {date}.")
NOT_BY_SECTOR = _("Vide sur les lignes d’une filière.")
NOTHING_TO_MEASURE = _("Vide quand aucune entreprise n’est à mesurer.")


def _indicator_field(indicator):
    notes = [indicator.definition]
    if not indicator.by_sector:
        notes.append(NOT_BY_SECTOR)
    if indicator.key in ("median_months_to_creation", "survival_3y"):
        notes.append(NOTHING_TO_MEASURE)
    constraints = {"minimum": 0}
    if indicator.unit == PERCENT:
        constraints["maximum"] = 100
    return Field(
        indicator.key,
        indicator.label,
        "integer" if indicator.unit in (COUNT, PEOPLE) else "number",
        format_lazy("{} " * (len(notes) - 1) + "{}", *notes),
        unit=UNIT_LABELS[indicator.unit],
        dated_by=indicator.dated_by,
        constraints=constraints,
    )


INDICATOR_FIELDS = [_indicator_field(indicator) for indicator in INDICATORS]
FIELDS = DIMENSION_FIELDS + INDICATOR_FIELDS
FIELD_NAMES = [column.name for column in FIELDS]
YEAR, TERRITORY, SECTOR = (FIELD_NAMES.index(name) for name in PRIMARY_KEY)


@dataclass(frozen=True)
class Table:
    generated_at: datetime.datetime
    rows: list  # tuples in the order of FIELDS


def _territories():
    """{pk: [slug, name, SIREN codes, INSEE codes, region codes]} of every engaged territory: three queries."""
    sirens, communes, regions = defaultdict(set), defaultdict(set), defaultdict(set)
    perimeter = EngagedTerritory.epcis.through.objects.values_list(
        "engagedterritory_id", "epci__siren", "epci__departements__region__code"
    )
    for pk, siren, region in perimeter:
        sirens[pk].add(siren)
        regions[pk].add(region)
    towns = EngagedTerritory.communes.through.objects.values_list(
        "engagedterritory_id", "commune__code", "commune__departement__region__code"
    )
    for pk, code, region in towns:
        communes[pk].add(code)
        regions[pk].add(region)
    return {
        pk: [slug, name, sirens[pk], communes[pk], regions[pk] - {None}]
        for pk, slug, name in EngagedTerritory.objects.order_by().values_list("pk", "slug", "name")
    }


# The rows of a page of the JSON file.
JSON_PAGE_ROWS = 1000


def _plain(value):
    """A figure as the files write it: a Decimal becomes an int when whole, else a float (one decimal, or cents)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _compute():
    cells = indicators_table()
    places = _territories()
    every_region = set().union(*(places[territory][4] for _year, territory, _sector in cells if territory))
    places[ALL] = [EVERYWHERE, str(EVERY_TERRITORY), set(), set(), every_region]
    for place in places.values():
        place[2:] = [SEPARATOR.join(sorted(codes)) for codes in place[2:]]
    sectors = {pk: (slug, name) for pk, slug, name in Sector.objects.order_by().values_list("pk", "slug", "name")}
    sectors[ALL] = (EVERYWHERE, str(EVERY_SECTOR))
    # By year, the whole region first, then territories and sectors by name.
    order = sorted(
        cells,
        key=lambda cell: (cell[0], cell[1] is not ALL, places[cell[1]][1], cell[2] is not ALL, sectors[cell[2]][1]),
    )
    keys = [indicator.key for indicator in INDICATORS]
    rows = [
        (year, *places[territory], *sectors[sector], *(_plain(cells[year, territory, sector][key]) for key in keys))
        for year, territory, sector in order
    ]
    return Table(generated_at=timezone.localtime(), rows=rows)


def _parts(*more):
    # This year ends the table; the language names the rows of the whole region.
    return [timezone.localdate().year, translation.get_language(), *more]


def table() -> Table:
    """The whole table, from the cache while nothing it reads changes."""
    return aggregates.cached("opendata-table", _parts(), _compute, depends_on=READS)


def known_keys():
    """(territory identifiers, sector identifiers) a filter may name, « ensemble » included: two queries."""

    def compute():
        territories = {EVERYWHERE, *EngagedTerritory.objects.values_list("slug", flat=True)}
        return territories, {EVERYWHERE, *Sector.objects.values_list("slug", flat=True)}

    return aggregates.cached("opendata-keys", _parts(), compute, depends_on=(EngagedTerritory, Sector))


def _selected(rows, *, year=None, territory="", sector=""):
    return [
        row
        for row in rows
        if (year is None or row[YEAR] == year)
        and (not territory or row[TERRITORY] == territory)
        and (not sector or row[SECTOR] == sector)
    ]


def csv_content(*, year=None, territory="", sector="") -> bytes:
    """The rows (all, or those of one year, territory, sector) as CSV: UTF-8, commas, a dot before decimals, the
    field names as header, an empty cell for no value."""

    def compute():
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(FIELD_NAMES)
        # csv writes None as an empty cell, a float with a dot.
        writer.writerows(_selected(table().rows, year=year, territory=territory, sector=sector))
        return text.getvalue().encode()

    # The whole file is some 8 MB at national scale: kept in each process as well as in Redis.
    return aggregates.cached(
        "opendata-csv", _parts(year, territory, sector), compute, depends_on=READS, in_process=True
    )


def json_records(*, year=None, territory="", sector="", page=1) -> tuple[str, int, bytes]:
    """(the table's generation time in ISO 8601, the number of rows selected, the rows of page `page` as a JSON
    array of records keyed by field name, UTF-8). A page holds JSON_PAGE_ROWS rows: the whole table of a national
    base is 50,000 rows, 33 MB of JSON, which the CSV carries in one file."""

    def compute():
        whole = table()
        rows = _selected(whole.rows, year=year, territory=territory, sector=sector)
        start = (page - 1) * JSON_PAGE_ROWS
        records = [dict(zip(FIELD_NAMES, row, strict=True)) for row in rows[start : start + JSON_PAGE_ROWS]]
        body = json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode()
        return whole.generated_at.isoformat(), len(rows), body

    return aggregates.cached("opendata-json", _parts(year, territory, sector, page), compute, depends_on=READS)


def datapackage(*, csv_url, homepage) -> dict:
    """The Data Package describing the CSV: its licence, its Table Schema (each field with its French title,
    definition, unit and constraints), its primary key and missing values."""
    return {
        "profile": "tabular-data-package",
        "name": "fabrique-indicateurs",
        "title": str(TITLE),
        "description": str(DESCRIPTION),
        "homepage": homepage,
        "licenses": [LICENCE],
        "keywords": [str(word) for word in KEYWORDS],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "indicateurs",
                "title": str(_("Indicateurs par année, territoire et filière")),
                "path": csv_url,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": [LICENCE],
                "schema": {
                    "fields": [column.descriptor() for column in FIELDS],
                    "primaryKey": PRIMARY_KEY,
                    "missingValues": [""],
                },
            }
        ],
    }


DESCRIPTION = _(
    "Les indicateurs de la méthode Fabrique à initiatives, par année, territoire d’expérimentation et filière : "
    "idées détectées, séances de créativité, études d’opportunité, décisions des comités, projets transmis, "
    "entreprises créées, emplois, financements, partenaires mobilisés, délai de création et survie à 3 ans. "
    "Données agrégées, sans aucune donnée personnelle."
)
KEYWORDS = [_("économie sociale et solidaire"), _("innovation sociale"), _("création d’entreprise"), _("indicateurs")]
