"""Exports of list rows: XLSX (openpyxl) and CSV for French Excel (UTF-8 with BOM, `;` separator)."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .text import strip_control_characters

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def csv_bytes(rows, columns):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column.header) for column in columns])
    for row in rows:
        values = []
        for column in columns:
            value = cell(column.read(row))
            if isinstance(value, datetime):
                value = value.strftime("%d/%m/%Y %H:%M")
            elif isinstance(value, date):
                value = value.strftime("%d/%m/%Y")
            elif isinstance(value, (float, Decimal)):
                value = str(value).replace(".", ",")
            values.append(value)
        writer.writerow(values)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows, columns, title):
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = str(title)[:31]
    sheet.append([str(column.header) for column in columns])
    for header_cell in sheet[1]:
        header_cell.font = Font(bold=True)
    for row in rows:
        sheet.append([cell(column.read(row)) for column in columns])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            12, min(60, len(str(column.header)) + 4)
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(request, rows, columns, basename):
    """The export asked for by `?export=csv|xlsx`, or None when the page itself is asked for."""
    kind = request.GET.get("export")
    if kind not in EXPORT_FORMATS:
        return None
    filename = f"{basename}-{timezone.localdate():%Y-%m-%d}.{kind}"
    if kind == "csv":
        response = HttpResponse(csv_bytes(rows, columns), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx_bytes(rows, columns, basename), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
