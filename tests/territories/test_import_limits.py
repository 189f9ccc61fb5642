"""Imports cannot exhaust the server, and no file answers 500: hostile and broken files through the real views.

The hostile workbooks are written here as an attacker would, with zipfile and raw XML, so that they
are tiny on disk; each is refused with a French message within 2 s and 100 MB (tracemalloc), and the
figures are printed for the record.
"""

import base64
import csv
import datetime
import io
import time
import tracemalloc
import zipfile
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook

from core.imports import MAX_IMPORT_ROWS, SESSION_KEY
from territories.models import Actor, Need

NEED_HEADERS = ["territoire", "filière", "intitulé", "description", "source", "priorité", "date"]
ACTOR_HEADERS = ["nom", "type", "siret", "catégorie juridique", "scic", "esus", "fin esus", "commune"]
MAX_SECONDS = 2.0
MAX_BYTES = 100 * 1024 * 1024

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{DOC_RELS}"><sheets>'
        '<sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def inline(column, line, text):
    return f'<c r="{column}{line}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(headers=NEED_HEADERS):
    columns = "ABCDEFGHIJ"
    return f'<row r="1">{"".join(inline(columns[i], 1, h) for i, h in enumerate(headers))}</row>'.encode()


def sheet_chunks(*, dimension=None, rows=(), lines=None):
    """The sheet XML in chunks: an optional <dimension>, the header, the given rows (XML text), then
    `lines` one-cell rows generated on the fly."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>" + header_row()
    for row in rows:
        yield row.encode()
    if lines:
        # Rows may leave out their number: identical rows, the best a zip compresses.
        row = b'<row><c t="inlineStr"><is><t>Beauvaisis</t></is></c></row>'
        for start in range(0, lines, 50_000):
            yield row * min(50_000, lines - start)
    yield b"</sheetData></worksheet>"


def workbook(chunks, *, declared_sheet_size=None):
    """An XLSX package around a streamed sheet; `declared_sheet_size` makes its zip entry lie."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PACKAGE.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for chunk in chunks:
                sheet.write(chunk)
    content = buffer.getvalue()
    if declared_sheet_size is not None:
        content = _declare_size(content, "xl/worksheets/sheet1.xml", declared_sheet_size)
    return content


def _declare_size(content, name, size):
    """The package with the uncompressed size of `name` rewritten in the central directory."""
    data = bytearray(content)
    offset = data.find(b"PK\x01\x02")  # the first central directory record
    while offset >= 0:
        name_length = int.from_bytes(data[offset + 28 : offset + 30], "little")
        if data[offset + 46 : offset + 46 + name_length] == name.encode():
            data[offset + 24 : offset + 28] = size.to_bytes(4, "little")
            return bytes(data)
        offset = data.find(b"PK\x01\x02", offset + 4)
    raise AssertionError(f"{name} not in the package")


@cache
def hostile_file(case):
    if case == "A1:XFD1048576 declared, one cell on line 5,000":
        return workbook(sheet_chunks(dimension="A1:XFD1048576", rows=[f'<row r="5000">{inline("A", 5000, "x")}</row>']))
    if case == "300,000 lines":
        return workbook(sheet_chunks(lines=300_000))
    if case == "300,000 lines, dimension declared":
        return workbook(sheet_chunks(dimension="A1:G300001", lines=300_000))
    if case == "3,000,000 lines":
        return workbook(sheet_chunks(lines=3_000_000))
    if case == "3,000,000 lines, zip entry declaring 100 KB":
        return workbook(sheet_chunks(lines=3_000_000), declared_sheet_size=100 * 1024)
    if case == "16,384 cells on one line, no dimension":
        cells = "".join(f'<c r="{_column(n)}2"><v>{n}</v></c>' for n in range(1, 16_385))
        return workbook(sheet_chunks(rows=[f'<row r="2">{cells}</row>']))
    raise AssertionError(case)


def _column(number):
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


HOSTILE = {
    "A1:XFD1048576 declared, one cell on line 5,000": "La feuille s’étend sur 1048576 lignes et 16384 colonnes",
    "300,000 lines": "Le fichier compte plus de 5000 lignes de données",
    "300,000 lines, dimension declared": "La feuille s’étend sur 300001 lignes et 7 colonnes",
    "3,000,000 lines": "trop volumineux ou trop complexe pour être importé",
    "3,000,000 lines, zip entry declaring 100 KB": "est endommagé et ne peut pas être lu",
    "16,384 cells on one line, no dimension": "Le fichier compte plus de 50 colonnes.",
}


@pytest.fixture(params=["needs", "actors"])
def importer(request, client, referent, coordinator, own_territory):
    """(client logged in as someone who may use the import, its URL, the model it fills)."""
    if request.param == "needs":
        client.force_login(referent)  # any referent reaches the needs import
        return client, reverse("need_import"), Need
    client.force_login(coordinator)
    return client, reverse("actor_import"), Actor


def assert_refused(client, response, model, before, message):
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["file"])
    assert escape(message) in response.content.decode()
    assert model.objects.count() == before
    assert not client.session.get(SESSION_KEY)


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_workbook_is_refused_quickly_and_in_little_memory(importer, case, capsys):
    client, url, model = importer
    content = hostile_file(case)
    before = model.objects.count()
    upload = SimpleUploadedFile("fichier.xlsx", content)

    # Timed on its own: tracing every allocation slows Python down several times over.
    started = time.perf_counter()
    response = client.post(url, {"file": upload})
    elapsed = time.perf_counter() - started
    assert_refused(client, response, model, before, HOSTILE[case])

    upload.seek(0)
    tracemalloc.start()
    try:
        response = client.post(url, {"file": upload})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert_refused(client, response, model, before, HOSTILE[case])

    with capsys.disabled():
        print(
            f"\n[import limits] {url} · {case}: {len(content) / 1024:.1f} KB on disk, refused in "
            f"{elapsed:.3f} s, tracemalloc peak {peak / 1024 / 1024:.1f} MB"
        )
    assert elapsed < MAX_SECONDS
    assert peak < MAX_BYTES


def test_the_hostile_workbooks_are_tiny_on_disk():
    """They are what an attacker uploads: far under the 2 MB limit, so only reading them can stop them."""
    sizes = {case: len(hostile_file(case)) for case in HOSTILE}
    assert all(size < 600 * 1024 for size in sizes.values()), sizes


def test_a_sheet_of_exactly_the_limit_is_accepted(client, referent, own_territory):
    rows = [
        '<row r="{n}">{cells}</row>'.format(
            n=n,
            cells="".join(
                inline(column, n, text)
                for column, text in zip(
                    "ABCDE", ["beauvaisis", "mobilite", f"Besoin {n}", "Desc", "study"], strict=True
                )
            ),
        )
        for n in range(2, MAX_IMPORT_ROWS + 2)
    ]
    content = workbook(sheet_chunks(dimension=f"A1:G{MAX_IMPORT_ROWS + 1}", rows=rows))
    client.force_login(referent)
    response = client.post(reverse("need_import"), {"file": SimpleUploadedFile("besoins.xlsx", content)})
    assert response.status_code == 302
    assert "besoins/importer/" in response["Location"]


# --- files that answered 500 -----------------------------------------------------------------------


def csv_bytes(headers, lines, encoding="utf-8"):
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows([headers, *lines])
    return text.getvalue().encode(encoding)


def need_line(title="Navette", description="Pas de bus", date=""):
    return ["beauvaisis", "mobilite", title, description, "study", "2", date]


def actor_line(name="Épicerie solidaire", end=""):
    return [name, "association", "", "", "non", "oui" if end else "non", end, ""]


def valid_xlsx(headers, lines):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def malformed_xlsx(headers, line):
    """A workbook whose sheet XML was cut short, as a broken tool or a truncated copy leaves it."""
    source = zipfile.ZipFile(io.BytesIO(valid_xlsx(headers, [line])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"<row><c><v>1</c></row></sheetData>")
            archive.writestr(entry, data)
    return buffer.getvalue()


def entity_xlsx(headers, line):
    """A workbook whose sheet declares entities (the billion laughs): no spreadsheet writes a DTD."""
    source = zipfile.ZipFile(io.BytesIO(valid_xlsx(headers, [line])))
    buffer = io.BytesIO()
    laughs = '<!DOCTYPE worksheet [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<worksheet", laughs.encode() + b"<worksheet", 1)
            archive.writestr(entry, data)
    return buffer.getvalue()


ENCODING_MESSAGE = "L’encodage du fichier n’est pas reconnu"
BAD_FILES = {
    # cp1252 cannot decode É (0x90 in code page 850) nor è (0x8f in MacRoman).
    "code page 850": (
        "fichier.csv",
        lambda headers, line: csv_bytes(headers, [[*line[:2], "Épicerie de quartier", *line[3:]]], "cp850"),
        ENCODING_MESSAGE,
    ),
    "MacRoman": (
        "fichier.csv",
        lambda headers, line: csv_bytes(headers, [[*line[:2], "Crèche parentale", *line[3:]]], "mac_roman"),
        ENCODING_MESSAGE,
    ),
    "a field over 128 KB": (
        "fichier.csv",
        lambda headers, line: csv_bytes(headers, [[line[0], line[1], "x" * 200_000, *line[3:]]]),
        "une cellule dépasse 128 Ko",
    ),
    "malformed sheet XML": ("fichier.xlsx", malformed_xlsx, "est endommagé et ne peut pas être lu"),
    "entities declared in the sheet": ("fichier.xlsx", entity_xlsx, "est endommagé et ne peut pas être lu"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_file_that_answered_500_is_refused_in_french(importer, case):
    client, url, model = importer
    name, build, message = BAD_FILES[case]
    headers, line = (NEED_HEADERS, need_line()) if model is Need else (ACTOR_HEADERS, actor_line())
    before = model.objects.count()
    response = client.post(url, {"file": SimpleUploadedFile(name, build(headers, line))})
    assert_refused(client, response, model, before, message)


def test_a_csv_with_old_mac_line_endings_is_read(client, referent, own_territory):
    """Excel for Mac’s « CSV (Macintosh) » ends lines with a lone carriage return."""
    content = csv_bytes(NEED_HEADERS, [need_line("Navette"), need_line("Covoiturage")]).replace(b"\r\n", b"\r")
    client.force_login(referent)
    response = client.post(reverse("need_import"), {"file": SimpleUploadedFile("besoins.csv", content)})
    assert response.status_code == 302
    client.post(response["Location"])
    assert sorted(Need.objects.values_list("title", flat=True)) == ["Covoiturage", "Navette"]


# --- lines that were accepted silently -------------------------------------------------------------


def errors_of(response):
    """The line errors shown on the upload page, whichever import it is."""
    if "result" in response.context:
        return response.context["result"].messages
    return response.context["errors"]


def assert_line_refused(client, response, model, before, message):
    assert response.status_code == 200
    assert message in errors_of(response)
    assert escape(message) in response.content.decode()
    assert model.objects.count() == before
    assert not client.session.get(SESSION_KEY)


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_a_line_repeated_in_a_needs_file_is_refused(client, referent, own_territory, extension):
    lines = [need_line("Navette"), need_line("Covoiturage"), need_line("Navette")]
    content = csv_bytes(NEED_HEADERS, lines) if extension == "csv" else valid_xlsx(NEED_HEADERS, lines)
    client.force_login(referent)
    response = client.post(reverse("need_import"), {"file": SimpleUploadedFile(f"besoins.{extension}", content)})
    assert errors_of(response) == ["Ligne 4 : ligne identique à la ligne 2"]
    assert_line_refused(client, response, Need, 0, "Ligne 4 : ligne identique à la ligne 2")


def test_dates_before_1900_are_refused(importer):
    client, url, model = importer
    before = model.objects.count()
    if model is Need:
        content = valid_xlsx(NEED_HEADERS, [need_line(date="01/01/1850"), need_line("Autre", date="15/06/0026")])
        expected = [
            "Ligne 2 : date invalide « 01/01/1850 » (jj/mm/aaaa attendu, à partir de 1900)",
            "Ligne 3 : date invalide « 15/06/0026 » (jj/mm/aaaa attendu, à partir de 1900)",
        ]
    else:
        content = valid_xlsx(ACTOR_HEADERS, [actor_line(end=datetime.datetime(1850, 12, 31))])
        expected = [
            "Ligne 2 : Date « 31/12/1850 » non comprise dans la colonne « fin esus » "
            "(attendu : JJ/MM/AAAA, à partir de 1900)."
        ]
    response = client.post(url, {"file": SimpleUploadedFile("fichier.xlsx", content)})
    assert errors_of(response) == expected
    assert_line_refused(client, response, model, before, expected[0])


CELL_PROBLEMS = {
    "NUL": ("Navette\x00gare", "caractère nul interdit (colonne « {column} »)"),
    "replacement character": ("Cr\ufffdche", "caractère illisible « \ufffd » (colonne « {column} »)"),
}


@pytest.mark.parametrize("problem", CELL_PROBLEMS)
def test_a_cell_no_import_may_store_is_a_line_error(importer, problem):
    client, url, model = importer
    text, message = CELL_PROBLEMS[problem]
    if model is Need:
        content = csv_bytes(NEED_HEADERS, [need_line("Correcte"), need_line(description=text)])
        column = "description"
    else:
        content = csv_bytes(ACTOR_HEADERS, [actor_line("Correct"), actor_line(text)])
        column = "nom"
    before = model.objects.count()
    response = client.post(url, {"file": SimpleUploadedFile("fichier.csv", content)})
    expected = "Ligne 3 : " + message.format(column=column)
    assert [error for error in errors_of(response) if error.startswith(expected)], errors_of(response)
    assert model.objects.count() == before
    assert not client.session.get(SESSION_KEY)


def test_control_characters_are_removed_from_imported_text(client, referent, own_territory):
    lines = [need_line("Navette\x0bgare", "Villages\x1b sans\x7f bus\tni\ntrain")]
    client.force_login(referent)
    response = client.post(
        reverse("need_import"), {"file": SimpleUploadedFile("besoins.csv", csv_bytes(NEED_HEADERS, lines))}
    )
    assert response.status_code == 302
    client.post(response["Location"])
    need = Need.objects.get()
    assert need.title == "Navettegare"
    assert need.description == "Villages sans bus\tni\ntrain"


# --- a file stashed before these checks is checked again, on PostgreSQL --------------------------


def stash_directly(client, kind, name, content):
    """Put a file in the session as the upload step did before NUL was refused there."""
    session = client.session
    session[SESSION_KEY] = {"0" * 32: {"kind": kind, "name": name, "content": base64.b64encode(content).decode()}}
    session.save()
    return "0" * 32


def test_a_nul_reaching_confirmation_on_postgresql_saves_nothing_and_answers_200(postgresql, importer):
    client, url, model = importer
    # Past the first 4 KB, where the file used to be sniffed for binary content, as in the report.
    if model is Need:
        content = csv_bytes(
            NEED_HEADERS, [need_line(f"Besoin {n}") for n in range(200)] + [need_line(description="Pas\x00de bus")]
        )
        key = stash_directly(client, "needs", "besoins.csv", content)
        confirm = reverse("need_import_confirm", kwargs={"key": key})
    else:
        content = csv_bytes(
            ACTOR_HEADERS, [actor_line(f"Acteur {n}") for n in range(200)] + [actor_line("Épicerie\x00solidaire")]
        )
        key = stash_directly(client, "actors", "acteurs.csv", content)
        confirm = reverse("actor_import_confirm", kwargs={"key": key})
    assert content.index(b"\x00") > 4096
    before = model.objects.count()
    response = client.post(confirm)
    assert response.status_code == 200
    assert any("caractère nul interdit" in error for error in errors_of(response))
    assert model.objects.count() == before
    assert not client.session.get(SESSION_KEY)
