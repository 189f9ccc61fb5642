"""Exports of list rows that stream: CSV for French Excel (UTF-8 with BOM, `;`) and XLSX (openpyxl write-only)."""

import csv
import inspect
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partialmethod

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .text import strip_control_characters

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Rows fetched per query. With prefetch_related, each chunk costs one query per prefetched relation, so the
# query count grows with rows / CHUNK_SIZE, never with rows.
CHUNK_SIZE = 2000
# The CSV is sent in blocks of about this size: one network write per row would cost more than the rows.
CSV_BLOCK_SIZE = 64 * 1024
# A workbook up to this size stays in memory; a larger one goes to a temporary file on disk.
XLSX_SPOOL_SIZE = 1024 * 1024
XLSX_DATE_FORMAT = "DD/MM/YYYY"
XLSX_DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


@dataclass(frozen=True)
class Column:
    """A column of an export: its header and how to read the value from a row."""

    header: str
    value: object  # an attribute path "a.b.c" or a callable taking the row

    def read(self, row):
        if callable(self.value):
            return self.value(row)
        result = row
        for part in self.value.split("."):
            result = getattr(result, part, None) if result is not None else None
        return result() if callable(result) else result


class _ColumnReader:
    """How one export reads a column from each of its rows.

    Django's get_<field>_display() rebuilds the field's whole choice map, translating every label, at each
    call: at 20,000 rows that was most of an export's time. The label of each value is kept for the length
    of one export, so it is read in the language of that export. Only Django's own method is shortcut; a
    model that writes its own get_<field>_display may depend on more than the field, and is called each time.
    """

    def __init__(self, column: Column):
        self.column = column
        self.display_field = None
        if isinstance(column.value, str):
            *self.path, self.method = column.value.split(".")
            if self.method.startswith("get_") and self.method.endswith("_display"):
                self.display_field = self.method[len("get_") : -len("_display")]
        self.labels = {}
        self.generated = {}  # per class: is the method the one Django generates for a field with choices?

    def __call__(self, row):
        if self.display_field is None:
            return self.column.read(row)
        owner = row
        for part in self.path:
            owner = getattr(owner, part, None) if owner is not None else None
        if owner is None:
            return None
        owner_class = type(owner)
        if owner_class not in self.generated:
            method = inspect.getattr_static(owner_class, self.method, None)
            self.generated[owner_class] = isinstance(method, partialmethod)
        if not self.generated[owner_class]:
            return getattr(owner, self.method)()
        key = (owner_class, getattr(owner, self.display_field))
        try:
            return self.labels[key]
        except KeyError:
            label = self.labels[key] = getattr(owner, self.method)()
            return label
        except TypeError:  # a value that cannot be a key: no shortcut
            return getattr(owner, self.method)()


def _readers(columns: list[Column]) -> list[_ColumnReader]:
    return [_ColumnReader(column) for column in columns]


def cell(value):
    """A value as a spreadsheet cell: numbers and dates stay typed, the rest becomes text that the writers
    accept (no control character but tab and line breaks) and that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, Decimal, date)):
        return value
    return _neutralise_formula(_printable(str(value)))


def _printable(text):
    # Rows stored before text was cleaned at the door may hold control characters: openpyxl refuses them
    # (IllegalCharacterError, the whole export lost for one cell) and a CSV would carry them to Excel.
    # openpyxl's own pattern is applied too (it also covers NUL), so the writer follows any change of it.
    return ILLEGAL_CHARACTERS_RE.sub("", strip_control_characters(text))


def _neutralise_formula(text):
    # A cell starting with = + - @ would be run as a formula by spreadsheet software.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def export_rows(rows: Iterable) -> Iterator:
    """The rows one at a time; a queryset is fetched by chunks instead of all at once.

    Django runs a queryset's prefetch_related once per chunk when a chunk size is given, so the related
    names an export shows (an opportunity's needs, an actor's territories) cost no query per row.
    """
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=CHUNK_SIZE)
    return iter(rows)


def _csv_text(value):
    # What French Excel reads back as the same value: day-first dates, decimal comma.
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (float, Decimal)):
        return str(value).replace(".", ",")
    return value


def csv_chunks(rows: Iterable, columns: list[Column]) -> Iterator[bytes]:
    """The CSV file as blocks of bytes, the BOM first, written as the rows are read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([cell(str(column.header)) for column in columns])
    readers = _readers(columns)
    for row in export_rows(rows):
        writer.writerow([_csv_text(cell(read(row))) for read in readers])
        if buffer.tell() >= CSV_BLOCK_SIZE:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _xlsx_cell(sheet, value):
    # An empty text is written as an empty cell anyway: leaving it out spares openpyxl the work.
    if value == "":
        return None
    # openpyxl's default date format is ISO; a French user reads day first.
    if isinstance(value, date):
        typed = WriteOnlyCell(sheet, value=value)
        typed.number_format = XLSX_DATETIME_FORMAT if isinstance(value, datetime) else XLSX_DATE_FORMAT
        return typed
    return value


def xlsx_file(rows: Iterable, columns: list[Column], title: str):
    """The workbook in a temporary file, rewound, ready to be read.

    The write-only workbook writes each row to disk as it comes, so neither the rows nor the cells are held
    in memory; the header is bold, frozen and carries the auto-filter, so the sheet opens ready to filter.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    last_column = get_column_letter(len(columns))
    # A write-only sheet writes its column widths and panes before the first row: set them first.
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(60, len(str(column.header)) + 4))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        header_cell = WriteOnlyCell(sheet, value=cell(str(column.header)))
        header_cell.font = bold
        header.append(header_cell)
    sheet.append(header)
    readers = _readers(columns)
    count = 0
    for row in export_rows(rows):
        sheet.append([_xlsx_cell(sheet, cell(read(row))) for read in readers])
        count += 1
    sheet.auto_filter.ref = f"A1:{last_column}{count + 1}"
    # Not a `with`: the response that sends the file closes it, which deletes it.
    file = tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL_SIZE)  # noqa: SIM115
    try:
        workbook.save(file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def _in_current_language(chunks):
    # A streamed body is written after the view has returned: choice labels and headers keep the language
    # of the request that asked for it, read now rather than when the first block is asked for.
    language = translation.get_language()

    def chunks_in_language():
        with translation.override(language):
            yield from chunks

    return chunks_in_language()


def export_file(rows: Iterable, columns: list[Column], kind: str, basename: str):
    """The response carrying the export of `rows` as `kind` ("csv" or "xlsx"), as a download.

    CSV streams as rows are read; XLSX is written to a temporary file first (a zip cannot be sent before
    it is complete) and sent from it.
    """
    filename = f"{basename}-{timezone.localdate():%Y-%m-%d}.{kind}"
    if kind == "csv":
        response = StreamingHttpResponse(
            _in_current_language(csv_chunks(rows, columns)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if kind == "xlsx":
        return FileResponse(
            xlsx_file(rows, columns, basename), as_attachment=True, filename=filename, content_type=XLSX_TYPE
        )
    raise ValueError(f"unknown export format: {kind!r}")


def export_response(request, rows, columns, basename):
    """The export asked for by `?export=csv|xlsx`, or None when the page itself is asked for."""
    kind = request.GET.get("export")
    if kind not in EXPORT_FORMATS:
        return None
    return export_file(rows, columns, kind, basename)
