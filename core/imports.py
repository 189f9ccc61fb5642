"""Reading an uploaded CSV or XLSX table, checked by type and size, with French error messages.

An import runs in two steps: the file is read and every line validated (errors per line, nothing
saved), then the user confirms the preview and the whole file is saved in one transaction. Between the
two steps the file waits in the user's session.
"""

import base64
import csv
import io
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from core.text import NUL, contains_nul, strip_control_characters
from core.xlsx_reader import WorkbookError, xlsx_rows

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
MAX_IMPORT_COLUMNS = 50
# A CSV cell longer than this is refused (usually a quote never closed, swallowing the rest of the file).
CELL_MAX_BYTES = 128 * 1024
# Spreadsheets hold no meaningful date before 1900 (Excel cannot even show one): such a date is a typo.
EARLIEST_DATE = date(1900, 1, 1)
REPLACEMENT_CHARACTER = "\ufffd"
SESSION_KEY = "pending_imports"


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class TableRow:
    line: int  # the line number as the user sees it in their spreadsheet (header = line 1)
    values: dict
    errors: list = field(default_factory=list)  # messages about cells no import may store


@dataclass
class ImportResult:
    """What an app's validator returns; an app subclasses it to change `preview`."""

    rows: list = field(default_factory=list)  # cleaned rows, ready for the service that saves them
    errors: list = field(default_factory=list)  # (line, message)

    @property
    def is_valid(self):
        return not self.errors and bool(self.rows)

    @property
    def messages(self):
        """The errors as the user reads them, one per line of the file."""
        return [_("Ligne %(line)s : %(message)s") % {"line": line, "message": message} for line, message in self.errors]

    @property
    def preview(self):
        """What the preview table lists: the rows themselves unless the app says otherwise."""
        return self.rows


def check_table(result, headers, table_rows, *, header_keys, required, column_labels, clean_row):
    """Fill `result` (an ImportResult with `lines`) from a read table, all or nothing.

    `header_keys` maps each folded header to its key, `required` lists the keys a file must have (a missing one
    is an error of line 1, and nothing else is read); `clean_row(values)` takes a line's values by key and
    returns (fields, errors). A valid line identical to an earlier one is refused (a copy and paste would
    record the same row twice). On any error, no row is kept.
    """
    present = {header_keys[fold(header)] for header in headers if fold(header) in header_keys}
    for key in required:
        if key not in present:
            result.errors.append((1, _("colonne obligatoire absente « %(column)s »") % {"column": column_labels[key]}))
    if result.errors:
        return result
    first_lines = {}  # a valid line's fields → the first line holding them
    for table_row in table_rows:
        values = {header_keys[fold(h)]: v for h, v in table_row.values.items() if fold(h) in header_keys}
        fields, errors = clean_row(values)
        errors = table_row.errors + errors
        if not errors:
            key = tuple(getattr(value, "pk", value) for value in fields.values())
            if key in first_lines:
                errors.append(_("ligne identique à la ligne %(line)s") % {"line": first_lines[key]})
            else:
                first_lines[key] = table_row.line
        if errors:
            result.errors.extend((table_row.line, error) for error in errors)
        else:
            result.rows.append(fields)
            result.lines.append(table_row.line)
    if result.errors:
        result.rows, result.lines = [], []
    return result


@dataclass(frozen=True)
class ImportFlow:
    """What an app plugs into the shared import pages (core.views.import_upload and import_confirm).

    upload → size and type check (read_upload, read_table) → `validate` → stash → preview → confirm →
    `validate` again → `save`, all or nothing.
    """

    kind: str  # the stash key: one pending file per kind and session
    permission: str  # who may import
    form_class: type  # a form with a `file` field
    validate: Callable[..., ImportResult]  # (*, name, content, user); raises ImportFileError on an unreadable file
    save: Callable[..., list]  # (*, rows, by) → the saved objects; in one transaction, may raise ValidationError
    success_message: Callable[[int], str]  # the message after saving so many rows
    upload_template: str  # gets form, result, errors and `context`
    preview_template: str  # gets result, name, key and `context`
    upload_url: str  # URL names
    confirm_url: str
    done_url: str
    context: dict = field(default_factory=dict)


DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


def normalise_header(header):
    return " ".join(str(header or "").strip().lower().replace("_", " ").split())


def fold(text):
    """Lower case, no accents, single spaces: how headers, names and choice labels are compared,
    so that "Filiere" matches "filière"."""
    decomposed = unicodedata.normalize("NFKD", normalise_header(text).replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def cell_text(value):
    """A cell as text: a spreadsheet's 12.0 becomes "12", a date 12/03/2026, blanks become ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime) and not (value.hour or value.minute or value.second):
        value = value.date()
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def cell_date(value):
    """A date cell (a real date or dd/mm/yyyy text), or None when empty, not understood or before 1900."""
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        parsed = None
        text = cell_text(value)
        for pattern in DATE_FORMATS:
            try:
                parsed = datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
    if parsed is None or parsed < EARLIEST_DATE:
        return None
    return parsed


def read_upload(upload):
    """(name, content) of an uploaded file, read no further than one byte past the size limit, so that
    `read_table` refuses a larger file without it ever being held in memory whole."""
    return upload.name, upload.read(MAX_IMPORT_BYTES + 1)


def read_table(name, content):
    """(headers, rows) of a CSV or XLSX file: rows as TableRow, keyed by normalised headers.

    The file is read as a stream and refused at the first sign it exceeds the limits, before any
    table is built. The first non-blank line holds the headers. Each text cell is cleaned of control
    characters; a cell no import may store (a NUL, a character lost in a conversion) is a line error.
    """
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("Le fichier dépasse la taille maximale de 2 Mo."))
    if not content:
        raise ImportFileError(_("Le fichier est vide."))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        records = _xlsx_records(content)
    elif lower.endswith(".csv"):
        records = _csv_records(content)
    else:
        raise ImportFileError(_("Format non pris en charge : envoyez un fichier .xlsx ou .csv."))
    headers = labels = None
    rows = []
    try:
        for line, raw in records:
            if not any(cell_text(value) for value in raw):
                continue
            if line > MAX_IMPORT_ROWS + 1:
                raise ImportFileError(
                    _("Le fichier compte plus de %(max)s lignes de données : découpez-le en plusieurs fichiers.")
                    % {"max": MAX_IMPORT_ROWS}
                )
            if any(cell_text(value) for value in raw[MAX_IMPORT_COLUMNS:]):
                raise ImportFileError(_("Le fichier compte plus de %(max)s colonnes.") % {"max": MAX_IMPORT_COLUMNS})
            if headers is None:
                labels = [_header_label(value, line) for value in raw]
                headers = [normalise_header(label) for label in labels]
                continue
            rows.append(_table_row(line, raw, headers, labels))
    finally:
        records.close()
    if headers is None:
        raise ImportFileError(_("Le fichier ne contient pas de ligne d’en-tête."))
    if not rows:
        raise ImportFileError(_("Le fichier ne contient aucune ligne de données."))
    return headers, rows


def _header_label(value, line):
    label = cell_text(value)
    if contains_nul(label):
        raise ImportFileError(_("Ligne %(line)s : caractère nul interdit.") % {"line": line})
    return strip_control_characters(label)


def _table_row(line, raw, headers, labels):
    row = TableRow(line=line, values={})
    for index, header in enumerate(headers):
        if header:
            value = raw[index] if index < len(raw) else None
            row.values[header] = _clean_cell(value, labels[index], row.errors)
    return row


def _clean_cell(value, label, errors):
    """A cell as an import may store it; what cannot be stored becomes an error of its line."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if contains_nul(value):
        errors.append(_("caractère nul interdit (colonne « %(column)s »)") % {"column": label})
        value = value.replace(NUL, "")
    if REPLACEMENT_CHARACTER in value:
        # The file went through a conversion that lost characters (accents, most often): importing it
        # would store the loss. The user fixes the text, or saves the file again in UTF-8.
        errors.append(
            _(
                "caractère illisible « %(character)s » (colonne « %(column)s ») : des accents ont été perdus "
                "lors d’une conversion du fichier, corrigez ce texte"
            )
            % {"character": REPLACEMENT_CHARACTER, "column": label}
        )
    return strip_control_characters(value)


def _xlsx_records(content):
    if not content.startswith(b"PK"):
        raise ImportFileError(_("Ce fichier n’est pas un classeur Excel (.xlsx) valide."))
    try:
        yield from xlsx_rows(content, max_rows=MAX_IMPORT_ROWS, max_columns=MAX_IMPORT_COLUMNS)
    except WorkbookError as error:
        raise ImportFileError(str(error)) from error


def _decode(content):
    """The text of a CSV file: UTF-8 (what « CSV UTF-8 » saves, with or without its BOM), else Windows-1252
    (what French Excel's plain « CSV » saves). Any other encoding is refused rather than guessed."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _(
            "L’encodage du fichier n’est pas reconnu : dans votre tableur, enregistrez-le au format "
            "« CSV UTF-8 (délimité par des points-virgules) » puis envoyez-le de nouveau."
        )
    )


def _csv_records(content):
    sample = content[:4096]
    # UTF-16 text, or a binary file renamed .csv: NULs everywhere. A stray NUL in real text is rarer,
    # and reported on its line instead.
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")) or sample.count(b"\x00") * 10 > len(sample):
        raise ImportFileError(_("Ce fichier n’est pas un fichier texte CSV."))
    text = _decode(content)
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";"
    # newline="" leaves line breaks to the csv module: inside quotes they are text, and old Mac files
    # end their lines with a lone carriage return.
    # The csv module's limit on a cell is the process's: set it to ours at each read, whatever another library
    # (frictionless sets it very high when imported) left there.
    csv.field_size_limit(CELL_MAX_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    try:
        for line, row in enumerate(reader, start=1):
            yield line, row
    except csv.Error as error:
        if "field limit" in str(error):
            message = _(
                "Le fichier ne peut pas être lu après la ligne %(line)s : une cellule dépasse %(limit)s Ko, "
                "souvent parce qu’un guillemet n’a pas été refermé."
            ) % {"line": line, "limit": CELL_MAX_BYTES // 1024}
        else:
            message = _("Le fichier CSV est mal formé après la ligne %(line)s.") % {"line": line}
        raise ImportFileError(message) from error


def stash(request, kind, name, content):
    """Keep an uploaded file in the session until the user confirms; returns its key."""
    key = uuid.uuid4().hex
    pending = {k: v for k, v in request.session.get(SESSION_KEY, {}).items() if v["kind"] != kind}
    pending[key] = {"kind": kind, "name": name, "content": base64.b64encode(content).decode()}
    request.session[SESSION_KEY] = pending
    return key


def unstash(request, kind, key, *, remove=False):
    """The (name, content) of a stashed file, or None."""
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.get(key)
    if not entry or entry["kind"] != kind:
        return None
    if remove:
        pending.pop(key)
        request.session[SESSION_KEY] = pending
    return entry["name"], base64.b64decode(entry["content"])
