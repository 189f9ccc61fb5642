"""The pack's workbook: a sheet per table of its snapshot (write-only, header frozen and filtered), and a sheet of
the year's dated figures by quarter."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import cell

from .snapshot import QUARTERS


def _number(text):
    return None if text in (None, "") else Decimal(text)


def _sheet(workbook, title, headers, rows, widths=None):
    sheet = workbook.create_sheet(title=title[:31])
    # A write-only sheet writes its widths and panes before its first row.
    for index, header in enumerate(headers, start=1):
        width = (widths or {}).get(index) or max(12, min(50, len(header) + 4))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        header_cell = WriteOnlyCell(sheet, value=cell(header))
        header_cell.font = bold
        header_cells.append(header_cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        sheet.append([None if value in ("", None) else cell(value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"


def pack_xlsx(snapshot) -> bytes:
    workbook = Workbook(write_only=True)
    _sheet(
        workbook,
        "Indicateurs",
        ["Indicateur", "Valeur", "Objectif", "Atteint (%)", "Unité", "Définition", "Date retenue"],
        (
            [
                row["label"],
                _number(row["value"]),
                _number(row["target"]),
                _number(row["achievement"]),
                row["unit_label"],
                row["definition"],
                row["dated_by"],
            ]
            for row in snapshot["indicators"]
        ),
        {1: 45, 6: 80, 7: 35},
    )
    _sheet(
        workbook,
        "Trimestres",
        ["Indicateur", *QUARTERS, "Année"],
        (
            [row["label"], *(_number(value) for value in row["values"]), _number(row["total"])]
            for row in snapshot["quarters"]
        ),
        {1: 45},
    )
    _sheet(
        workbook,
        "Étapes",
        ["Étape au 31 décembre", "Projets"],
        ([row["label"], row["count"]] for row in snapshot["pipeline"]),
    )
    _sheet(
        workbook,
        "Territoires",
        ["Territoire", "Projets"],
        ([row["name"], row["count"]] for row in snapshot["per_territory"]),
        {1: 40},
    )
    _sheet(
        workbook,
        "Filières",
        ["Filière", "Projets"],
        ([row["name"], row["count"]] for row in snapshot["per_sector"]),
        {1: 40},
    )
    _sheet(
        workbook,
        "Décisions",
        ["Date", "Trimestre", "Séance", "Sujet", "Décision", "Montant (€)", "Conditions"],
        (
            [
                row["date"],
                QUARTERS[row["quarter"] - 1],
                row["meeting"],
                row["subject"],
                row["outcome"],
                _number(row["amount"]),
                row["conditions"],
            ]
            for row in snapshot["decisions"]
        ),
        {3: 30, 4: 45, 5: 35, 7: 50},
    )
    _sheet(
        workbook,
        "Projets présentés",
        [
            "Référence",
            "Intitulé",
            "Territoire",
            "Filière",
            "Étape",
            "Origine",
            "Structure porteuse",
            "Emplois prévus (ETP)",
            "Emplois créés (ETP)",
            "Séances",
            "Décisions",
        ],
        (
            [
                row["reference"],
                row["title"],
                row["territory"],
                row["sector"],
                row["step"],
                row["origin"],
                row["leader_structure"],
                _number(row["jobs_planned_fte"]),
                _number(row["jobs_created_fte"]),
                ", ".join(row["meetings"]),
                " ; ".join(f"{decision['date']} {decision['outcome']}" for decision in row["decisions"]),
            ]
            for row in snapshot["projects"]
        ),
        {2: 45, 3: 30, 4: 30, 11: 50},
    )
    _sheet(
        workbook,
        "Financements",
        ["Financeur", "Projets", "Demandé (€)", "Accordé (€)"],
        (
            [row["funder"], row["projects"], _number(row["requested"]), _number(row["granted"])]
            for row in snapshot["funding"]
        ),
        {1: 40},
    )
    _sheet(
        workbook,
        "Animation",
        ["Type d’action", "Actions", "Participants", "Idées produites"],
        ([row["kind"], row["events"], row["participants"], row["ideas"]] for row in snapshot["animation"]["kinds"]),
        {1: 30},
    )
    _sheet(
        workbook,
        "Partenaires",
        ["Partenaire", "Actions"],
        ([row["name"], row["events"]] for row in snapshot["animation"]["partners"]),
        {1: 40},
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
