"""A streaming reader of the first sheet of an uploaded XLSX file, bounded in time and memory whatever it declares.

openpyxl trusts what a workbook declares: its read-only mode pads every row to the declared `<dimension>`
(a 2 KB file declaring `A1:XFD1048576` took 20 s and 700 MB), scans a whole sheet when the dimension is
missing, and builds whole XML trees of the other parts it reads. An import reads files from any
referent, so this module reads the package itself with expat, building no tree: it checks the zip's
declared sizes before decompressing anything, refuses a sheet declaring more lines or columns than an
import accepts, bounds elements, nesting, tags and cells, and hands rows on as it reads them so that
the caller stops at its line limit. Only openpyxl's date-format helpers are reused, so dates are
recognised as openpyxl does.
"""

import io
import posixpath
import zipfile
import zlib
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601
from openpyxl.utils.exceptions import CellCoordinatesException

# What the whole package may hold once decompressed: a 2 MB upload of real spreadsheet XML
# decompresses to a few tens of megabytes at most; a zip bomb declares far more.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# XML elements read in the whole workbook: a full 5,001 × 50 sheet with its shared strings stays below.
MAX_XML_ELEMENTS = 2_000_000
# Spreadsheet XML nests a dozen levels at most; deeper means a file built to exhaust the parser.
MAX_XML_DEPTH = 64
# A run of bytes without ">" longer than this is no tag a spreadsheet writes (cells hold at most
# 32,767 characters): it would be one start tag with a million attributes, built in memory at once.
MAX_TAG_RUN_BYTES = 256 * 1024
MAX_CELL_CHARACTERS = 32_767  # Excel's own limit
CHUNK_BYTES = 64 * 1024


class WorkbookError(Exception):
    """The workbook cannot be read within the limits; the message is for the user."""


def _invalid():
    return WorkbookError(_("Ce fichier n’est pas un classeur Excel (.xlsx) valide."))


def _damaged():
    return WorkbookError(
        _(
            "Ce classeur Excel (.xlsx) est endommagé et ne peut pas être lu : ouvrez-le dans votre tableur "
            "et enregistrez-le de nouveau."
        )
    )


def _too_complex():
    return WorkbookError(
        _(
            "Ce classeur Excel (.xlsx) est trop volumineux ou trop complexe pour être importé : copiez "
            "seulement vos données dans un nouveau classeur."
        )
    )


class _Part:
    """One XML part of the package, fed to expat chunk by chunk; subclasses handle its elements."""

    def __init__(self, reader):
        self.reader = reader
        self.depth = 0
        self.done = False  # set by a subclass once it has read what it needs
        # Names are matched without their prefix ("x:row" is a row): cheaper than namespace processing,
        # and writers do put the main namespace under a prefix at times.
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self.text
        # A DTD can declare entities; no spreadsheet writer puts one in a part.
        parser.StartDoctypeDeclHandler = self._refuse_doctype
        self.parser = parser

    def _refuse_doctype(self, *args):
        raise _damaged()

    def _start(self, name, attributes):
        self.depth += 1
        reader = self.reader
        reader.elements += 1
        if self.depth > MAX_XML_DEPTH or reader.elements > MAX_XML_ELEMENTS:
            raise _too_complex()
        self.start(name.rpartition(":")[2] if ":" in name else name, attributes)

    def _end(self, name):
        self.depth -= 1
        self.end(name.rpartition(":")[2] if ":" in name else name)

    def start(self, name, attributes):
        pass

    def end(self, name):
        pass

    def text(self, data):
        pass

    def chunks(self, path):
        """Feed the part to the parser; yields after each chunk so rows can be handed on as they come."""
        run = 0  # bytes since the last ">", carried from chunk to chunk
        try:
            with self.reader.archive.open(path) as source:
                while not self.done:
                    chunk = source.read(CHUNK_BYTES)
                    # Runs inside one chunk are shorter than the chunk; only the carried one can grow.
                    first = chunk.find(b">")
                    if run + (len(chunk) if first < 0 else first) > MAX_TAG_RUN_BYTES:
                        raise _too_complex()
                    run = run + len(chunk) if first < 0 else len(chunk) - chunk.rfind(b">") - 1
                    self.parser.Parse(chunk, not chunk)
                    yield
                    if not chunk:
                        break
        except KeyError as error:
            raise _invalid() from error
        except expat.ExpatError as error:
            raise _damaged() from error
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as error:
            # A corrupt stream, a size that lies (zipfile checks the CRC), an unsupported or encrypted entry.
            raise _damaged() from error

    def read(self, path):
        for _chunk in self.chunks(path):
            pass
        return self


class _Relationships(_Part):
    """The relationships of a part: id → (type, target path inside the package)."""

    def __init__(self, reader, source):
        super().__init__(reader)
        self.folder = posixpath.dirname(source)
        self.by_id = {}

    def start(self, name, attributes):
        if name == "Relationship" and attributes.get("TargetMode") != "External":
            target = attributes.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(self.folder, target)
            self.by_id[attributes.get("Id")] = (attributes.get("Type", ""), posixpath.normpath(path))

    def of_type(self, suffix):
        return next((path for kind, path in self.by_id.values() if kind.endswith(suffix)), None)


class _Workbook(_Part):
    def __init__(self, reader):
        super().__init__(reader)
        self.sheet_ids = []  # relationship ids of the sheets, in the workbook's order
        self.date1904 = False

    def start(self, name, attributes):
        if name == "workbookPr":
            self.date1904 = attributes.get("date1904", "").lower() in ("1", "true")
        elif name == "sheet":
            # The relationship id is r:id, whatever the prefix.
            self.sheet_ids.append(next((v for k, v in attributes.items() if k.rpartition(":")[2] == "id"), None))

    def end(self, name):
        if name == "sheets":
            self.done = True


class _Styles(_Part):
    """Which cell styles show a number as a date (or a duration), as openpyxl decides it."""

    def __init__(self, reader):
        super().__init__(reader)
        self.custom_formats = {}
        self.style_formats = []
        self.in_cell_formats = False

    def start(self, name, attributes):
        if name == "numFmt":
            self.custom_formats[_integer(attributes.get("numFmtId"))] = attributes.get("formatCode")
        elif name == "cellXfs":
            self.in_cell_formats = True
        elif name == "xf" and self.in_cell_formats:
            self.style_formats.append(_integer(attributes.get("numFmtId", "0")))

    def end(self, name):
        if name == "cellXfs":
            self.done = True

    def formats(self):
        codes = [self.custom_formats.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id) for fmt_id in self.style_formats]
        dates = {index for index, code in enumerate(codes) if is_date_format(code)}
        durations = {index for index, code in enumerate(codes) if is_timedelta_format(code)}
        return dates, durations


class _SharedStrings(_Part):
    def __init__(self, reader, limit):
        super().__init__(reader)
        self.limit = limit
        self.strings = []
        self.current = None
        self.length = 0
        self.in_text = False
        self.in_phonetic = False

    def start(self, name, attributes):
        if name == "si":
            if len(self.strings) >= self.limit:
                raise _too_complex()
            self.current, self.length = [], 0
        elif name == "rPh":
            self.in_phonetic = True  # the reading of East Asian text, not part of the value
        elif name == "t" and self.current is not None and not self.in_phonetic:
            self.in_text = True

    def end(self, name):
        if name == "si" and self.current is not None:
            self.strings.append("".join(self.current))
            self.current = None
        elif name == "rPh":
            self.in_phonetic = False
        elif name == "t":
            self.in_text = False

    def text(self, data):
        if self.in_text:
            self.length += len(data)
            if self.length > MAX_CELL_CHARACTERS:
                raise _cell_too_long()
            self.current.append(data)


def _cell_too_long():
    return WorkbookError(
        _("Une cellule dépasse %(max)s caractères, la limite d’Excel.")
        % {"max": f"{MAX_CELL_CHARACTERS:,}".replace(",", " ")}
    )


def _integer(text):
    try:
        return int(text)
    except (TypeError, ValueError) as error:
        raise _damaged() from error


def _number(text):
    try:
        return float(text) if any(mark in text for mark in ".eE") else int(text)
    except ValueError:
        return text  # shown to the user as typed; the import's checks report it


class _Sheet(_Part):
    """Rows of the sheet as (line, values), values indexed from column A; blank rows are left out."""

    def __init__(self, reader, *, max_rows, max_columns, strings, dates, durations, epoch):
        super().__init__(reader)
        self.max_rows, self.max_columns = max_rows, max_columns
        self.strings, self.dates, self.durations, self.epoch = strings, dates, durations, epoch
        self.rows = []  # finished rows not yet handed on
        self.line = 0
        self.cells = None
        self.cell = None
        self.column = 0
        self.text_parts = None
        self.text_length = 0
        self.in_phonetic = False

    def start(self, name, attributes):
        if name == "c" and self.cells is not None:
            if "r" in attributes:
                try:
                    letters, _row = coordinate_from_string(attributes["r"])
                    self.column = column_index_from_string(letters)
                except (CellCoordinatesException, ValueError) as error:
                    raise _damaged() from error
            else:
                self.column += 1
            self.cell = {"type": attributes.get("t", "n"), "style": attributes.get("s"), "value": None}
        elif self.cell is not None:
            if name == "rPh":
                self.in_phonetic = True
            elif (name == "v" or (name == "t" and self.cell["type"] == "inlineStr")) and not self.in_phonetic:
                self.text_parts = []
        elif name == "row":
            line = _integer(attributes["r"]) if "r" in attributes else self.line + 1
            if line <= self.line:
                raise _damaged()  # rows out of order: the line numbers shown would be wrong
            self.line, self.cells, self.column = line, {}, 0
        elif name == "dimension":
            self._check_dimension(attributes.get("ref", ""))

    def text(self, data):
        if self.text_parts is not None:
            self.text_length += len(data)
            if self.text_length > MAX_CELL_CHARACTERS:
                raise _cell_too_long()
            self.text_parts.append(data)

    def end(self, name):
        if name in ("v", "t") and self.text_parts is not None:
            self.cell["value"] = (self.cell["value"] or "") + "".join(self.text_parts)
            self.text_parts = None
        elif name == "rPh":
            self.in_phonetic = False
        elif name == "c" and self.cell is not None:
            value = self._value(self.cell)
            self.cell, self.text_length = None, 0
            if value is None or value == "":
                return
            # Cells past the last column accepted share one slot: enough for the caller to refuse the
            # line, while a row of 16,384 cells costs no more than a row of 51.
            self.cells[min(self.column, self.max_columns + 1)] = value
        elif name == "row" and self.cells is not None:
            if self.cells:
                values = [None] * max(self.cells)
                for column, value in self.cells.items():
                    values[column - 1] = value
                self.rows.append((self.line, values))
            self.cells = None
        elif name == "sheetData":
            self.done = True  # what follows (merged cells, page setup…) is not data

    def _check_dimension(self, ref):
        try:
            _min_column, _min_row, max_column, max_row = range_boundaries(ref.split(" ")[0])
        except (CellCoordinatesException, TypeError, ValueError):
            return  # a dimension is only a hint: the cells themselves are checked as they come
        if (max_row or 0) > self.max_rows + 1 or (max_column or 0) > self.max_columns:
            raise WorkbookError(
                _(
                    "La feuille s’étend sur %(rows)s lignes et %(columns)s colonnes : l’import en accepte au plus "
                    "%(max_rows)s lignes de données et %(max_columns)s colonnes. Copiez seulement vos données dans "
                    "un nouveau classeur."
                )
                % {
                    "rows": max_row,
                    "columns": max_column,
                    "max_rows": self.max_rows,
                    "max_columns": self.max_columns,
                }
            )

    def _value(self, cell):
        kind, text = cell["type"], cell["value"]
        if text is None:
            return None
        if kind == "s":
            index = _integer(text)
            if not 0 <= index < len(self.strings):
                raise _damaged()
            return self.strings[index]
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                return from_ISO8601(text) or text
            except ValueError:
                return text
        number = _number(text)
        style = _integer(cell["style"]) if cell["style"] else 0
        if isinstance(number, str) or style not in self.dates:
            return number
        try:
            return from_excel(number, self.epoch, timedelta=style in self.durations)
        except (OverflowError, ValueError):
            return number


class _Reader:
    def __init__(self, archive):
        self.archive = archive
        self.elements = 0


def xlsx_rows(content, *, max_rows, max_columns):
    """(line, values) of the non-blank rows of the first worksheet, line 1 being the sheet's first line.

    Rows come as the sheet is read, so the caller stops reading at its own line limit. Values past
    `max_columns` are folded into one extra value. Raises WorkbookError, with a message for the user,
    as soon as the file shows it cannot be imported: a declared size past `max_rows` (lines of data
    under a header) or `max_columns`, a damaged or oversized package.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError) as error:
        raise _invalid() from error
    with archive:
        # Declared sizes are binding: zipfile stops at them and then fails on the CRC.
        if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
            raise _too_complex()
        reader = _Reader(archive)
        names = {entry.filename for entry in entries}

        package = _Relationships(reader, "").read("_rels/.rels") if "_rels/.rels" in names else None
        workbook_path = (package and package.of_type("/officeDocument")) or "xl/workbook.xml"
        if workbook_path not in names:
            raise _invalid()
        workbook = _Workbook(reader).read(workbook_path)
        rels_path = posixpath.join(
            posixpath.dirname(workbook_path), "_rels", posixpath.basename(workbook_path) + ".rels"
        )
        if rels_path not in names:
            raise _invalid()
        relationships = _Relationships(reader, workbook_path).read(rels_path)

        sheet_path = next(
            (
                relationships.by_id[sheet_id][1]
                for sheet_id in workbook.sheet_ids
                if sheet_id in relationships.by_id and relationships.by_id[sheet_id][0].endswith("/worksheet")
            ),
            None,
        )
        if sheet_path not in names:
            raise _invalid()

        styles_path = relationships.of_type("/styles")
        dates, durations = set(), set()
        if styles_path in names:
            dates, durations = _Styles(reader).read(styles_path).formats()
        strings_path = relationships.of_type("/sharedStrings")
        strings = []
        if strings_path in names:
            # A sheet within the limits has fewer distinct strings than cells; the other sheets share the table.
            strings = _SharedStrings(reader, 2 * (max_rows + 1) * max_columns).read(strings_path).strings

        sheet = _Sheet(
            reader,
            max_rows=max_rows,
            max_columns=max_columns,
            strings=strings,
            dates=dates,
            durations=durations,
            epoch=MAC_EPOCH if workbook.date1904 else WINDOWS_EPOCH,
        )
        for _chunk in sheet.chunks(sheet_path):
            yield from sheet.rows
            sheet.rows = []
