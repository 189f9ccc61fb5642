"""Validation of an actors file (XLSX or CSV), line by line, before anything is saved."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from core.imports import ImportResult, cell_date, cell_text, fold, read_table

from ..models import Actor, Commune, EngagedTerritory, LegalCategory
from ..validators import normalise_identifier, validate_siret_or_siren

# Columns as the user writes them (headers are compared without accents or case).
COLUMNS = [
    "nom",
    "type",
    "siret",
    "catégorie juridique",
    "scic",
    "esus",
    "fin esus",
    "commune",
    "site web",
    "territoires",
]
REQUIRED_COLUMNS = ("nom", "type")
TRUE_WORDS = {"oui", "o", "x", "1", "vrai", "true", "yes"}
FALSE_WORDS = {"", "non", "n", "0", "faux", "false", "no"}


def _text(value):
    return " ".join(cell_text(value).split())


def _kinds():
    lookup = {}
    for value, label in Actor.Kind.choices:
        lookup[fold(value)] = value
        lookup[fold(label)] = value
    return lookup


def _legal_categories():
    lookup = {}
    for value, label in LegalCategory.choices:
        lookup[fold(value)] = value
        lookup[fold(label)] = value
        # "9220 — Association déclarée" may be typed as the label after the code
        if " — " in str(label):
            lookup[fold(str(label).split(" — ", 1)[1])] = value
    lookup["autre"] = LegalCategory.OTHER
    return lookup


class _Line:
    """Collects the errors of one line."""

    def __init__(self, line, errors):
        self.line = line
        self.errors = errors

    def error(self, message):
        self.errors.append((self.line, message))


def _yes_no(value, column, line):
    word = fold(_text(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    line.error(
        _("Valeur « %(value)s » non comprise dans la colonne « %(column)s » (attendu : oui ou non).")
        % {"value": _text(value), "column": column}
    )
    return False


def _date(value, column, line):
    if value in (None, ""):
        return None
    parsed = cell_date(value)
    if parsed is not None:
        return parsed
    text = _text(value)
    line.error(
        _("Date « %(value)s » non comprise dans la colonne « %(column)s » (attendu : JJ/MM/AAAA, à partir de 1900).")
        % {"value": text, "column": column}
    )
    return None


def _insee_code(value):
    text = _text(value).upper()
    # A spreadsheet may have turned 02408 into the number 2408.
    return text.zfill(5) if text.isdigit() else text


class ActorImport(ImportResult):
    @property
    def preview(self):
        """The validated rows with their choices' labels, for the preview table."""
        kinds, categories = dict(Actor.Kind.choices), dict(LegalCategory.choices)
        return [
            {**row, "kind_label": kinds[row["kind"]], "legal_category_label": categories.get(row["legal_category"], "")}
            for row in self.rows
        ]


def validate_actors_file(*, name, content, user):
    """Read and check an actors file. Raises ImportFileError when the file itself cannot be read.

    `user` is there for the shared signature (core.imports.ImportFlow): no actor check depends on who imports."""
    _headers, table_rows = read_table(name, content)
    return validate_actor_rows(table_rows)


def validate_actor_rows(table_rows):
    """An ActorImport: the rows ready for `actors_import`, or the errors as (line, message)."""
    result = ActorImport()
    rows = [(row.line, {fold(key): value for key, value in row.values.items()}) for row in table_rows]
    cell_errors = {row.line: row.errors for row in table_rows}  # cells no import may store (see read_table)
    present = set().union(*(values.keys() for _line, values in rows)) if rows else set()
    missing = [column for column in REQUIRED_COLUMNS if column not in present]
    if missing:
        result.errors.append(
            (1, _("Colonne obligatoire absente : %(columns)s.") % {"columns": ", ".join(f"« {c} »" for c in missing)})
        )
        return result

    kinds, categories = _kinds(), _legal_categories()
    codes = {_insee_code(values.get("commune")) for _line, values in rows if _text(values.get("commune"))}
    communes = {commune.code: commune for commune in Commune.objects.filter(code__in=codes)}
    names = {fold(_text(values.get("nom"))) for _line, values in rows}
    existing = {fold(name) for name in Actor.objects.values_list("name", flat=True) if fold(name) in names}
    territories = {}
    for territory in EngagedTerritory.objects.all():
        territories[fold(territory.slug)] = territory
        territories[fold(territory.name)] = territory
    seen_names = {}
    url_validator = URLValidator()

    for line_number, values in rows:
        line = _Line(line_number, result.errors)
        errors_before = len(result.errors)
        for message in cell_errors[line_number]:
            line.error(message)
        row = {}

        name = _text(values.get("nom"))
        if not name:
            line.error(_("Le nom de l’acteur est obligatoire."))
        elif len(name) > 200:
            line.error(_("Le nom « %(name)s… » dépasse 200 caractères.") % {"name": name[:40]})
        elif fold(name) in seen_names:
            line.error(
                _("L’acteur « %(name)s » figure déjà à la ligne %(line)s du fichier.")
                % {"name": name, "line": seen_names[fold(name)]}
            )
        elif fold(name) in existing:
            line.error(_("Un acteur nommé « %(name)s » existe déjà dans l’annuaire.") % {"name": name})
        if name:
            seen_names.setdefault(fold(name), line_number)
        row["name"] = name

        kind_text = _text(values.get("type"))
        row["kind"] = kinds.get(fold(kind_text))
        if not kind_text:
            line.error(_("Le type d’acteur est obligatoire."))
        elif row["kind"] is None:
            line.error(
                _("Type d’acteur inconnu « %(value)s » (attendu : %(choices)s).")
                % {"value": kind_text, "choices": ", ".join(str(label) for _v, label in Actor.Kind.choices)}
            )

        siret = normalise_identifier(_text(values.get("siret")))
        if siret:
            try:
                validate_siret_or_siren(siret)
            except ValidationError as error:
                line.error(error.messages[0])
        row["siret"] = siret

        category_text = _text(values.get("categorie juridique"))
        row["legal_category"] = categories.get(fold(category_text), "") if category_text else ""
        if category_text and not row["legal_category"]:
            line.error(_("Catégorie juridique inconnue « %(value)s ».") % {"value": category_text})

        row["is_scic"] = _yes_no(values.get("scic"), "scic", line)
        row["esus_approved"] = _yes_no(values.get("esus"), "esus", line)
        row["esus_end_date"] = _date(values.get("fin esus"), "fin esus", line)
        if row["esus_end_date"] and not row["esus_approved"]:
            line.error(_("Une date de fin d’agrément ESUS suppose l’agrément (colonne « esus » à oui)."))

        code = _insee_code(values.get("commune"))
        row["town"] = communes.get(code) if code else None
        if code and row["town"] is None:
            line.error(_("Aucune commune ne porte le code INSEE « %(code)s ».") % {"code": code})

        website = _text(values.get("site web"))
        if website and "://" not in website:
            website = f"https://{website}"
        if website:
            try:
                url_validator(website)
            except ValidationError:
                line.error(_("Adresse de site web non valide « %(value)s ».") % {"value": website})
        row["website"] = website

        row["territories"] = []
        for part in str(values.get("territoires") or "").split(";"):
            if not part.strip():
                continue
            territory = territories.get(fold(part))
            if territory is None:
                line.error(_("Territoire inconnu « %(value)s ».") % {"value": part.strip()})
            elif territory not in row["territories"]:
                row["territories"].append(territory)

        if len(result.errors) == errors_before:
            result.rows.append(row)
    if result.errors:
        result.rows = []
    return result
