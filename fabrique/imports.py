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
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
SESSION_KEY = "pending_imports"


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class TableRow:
    line: int  # the line number as the user sees it in their spreadsheet (header = line 1)
    values: dict


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)  # cleaned rows, ready for the service that saves them
    errors: list = field(default_factory=list)  # (line, message)

    @property
    def is_valid(self):
        return not self.errors and bool(self.rows)


DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


def normalise_header(header):
    return " ".join(str(header or "").strip().lower().replace("_", " ").split())


def fold(text):
    """Lower case, no accents, single spaces: how headers, names and choice labels are compared,
    so that "Filiere" matches "filière"."""
    decomposed = unicodedata.normalize("NFKD", normalise_header(text).replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def cell_text(value):
    """A cell as text: a spreadsheet's 12.0 becomes "12", blanks become ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_date(value):
    """A date cell (a real date or dd/mm/yyyy text), or None when empty or not understood."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def read_table(name, content):
    """Rows of a CSV or XLSX file as TableRow, keys being normalised headers."""
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("Le fichier dépasse la taille maximale de 2 Mo."))
    if not content:
        raise ImportFileError(_("Le fichier est vide."))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        table = _read_xlsx(content)
    elif lower.endswith(".csv"):
        table = _read_csv(content)
    else:
        raise ImportFileError(_("Format non pris en charge : envoyez un fichier .xlsx ou .csv."))
    if not table or not any(table[0]):
        raise ImportFileError(_("Le fichier ne contient pas de ligne d'en-tête."))
    headers = [normalise_header(h) for h in table[0]]
    rows = []
    for index, raw in enumerate(table[1:], start=2):
        if not any(str(v or "").strip() for v in raw):
            continue
        values = {headers[i]: ("" if v is None else v) for i, v in enumerate(raw) if i < len(headers) and headers[i]}
        rows.append(TableRow(line=index, values=values))
    if not rows:
        raise ImportFileError(_("Le fichier ne contient aucune ligne de données."))
    if len(rows) > MAX_IMPORT_ROWS:
        raise ImportFileError(_("Le fichier compte plus de %(max)s lignes.") % {"max": MAX_IMPORT_ROWS})
    return headers, rows


def _read_xlsx(content):
    if not content.startswith(b"PK"):
        raise ImportFileError(_("Ce fichier n'est pas un classeur Excel (.xlsx) valide."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("Ce fichier n'est pas un classeur Excel (.xlsx) valide.")) from error
    sheet = workbook.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return table


def _read_csv(content):
    if b"\x00" in content[:4096]:
        raise ImportFileError(_("Ce fichier n'est pas un fichier texte CSV."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


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
