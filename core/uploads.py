"""Uploaded documents recognised from their content (not their name), within a size limit, refused in French.

A name says nothing: a program renamed `etude.pdf` is still a program. The first bytes of PDF, PNG and
JPEG files say what they are; ODT, ODS, DOCX and XLSX are zip packages, recognised by what the package
declares (the `mimetype` member of OpenDocument, the `[Content_Types].xml` of Office Open XML). Only those
small members are decompressed, each read up to a bound, so a zip bomb costs nothing to look at; a package
declaring more than a document ever holds is refused anyway, as it would be opened later by whoever
downloads it. Office files carrying macros (docm, xlsm) are refused.
"""

import posixpath
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileFormat:
    key: str
    label: str  # what users call it
    content_type: str
    extensions: tuple[str, ...]


PDF = FileFormat("pdf", "PDF", "application/pdf", ("pdf",))
ODT = FileFormat("odt", "ODT", "application/vnd.oasis.opendocument.text", ("odt",))
ODS = FileFormat("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet", ("ods",))
DOCX = FileFormat("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",))
XLSX = FileFormat("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",))
PNG = FileFormat("png", "PNG", "image/png", ("png",))
JPEG = FileFormat("jpeg", "JPEG", "image/jpeg", ("jpg", "jpeg"))

DOCUMENT_FORMATS = (PDF, ODT, ODS, DOCX, XLSX, PNG, JPEG)


def accept_attribute(formats=DOCUMENT_FORMATS) -> str:
    """The `accept` attribute of a file input taking these formats: extensions and content types."""
    return ",".join([f".{ext}" for fmt in formats for ext in fmt.extensions] + [fmt.content_type for fmt in formats])


def formats_sentence(formats=DOCUMENT_FORMATS) -> str:
    labels = [fmt.label for fmt in formats]
    return f"{', '.join(labels[:-1])} {_('ou')} {labels[-1]}" if len(labels) > 1 else labels[0]


# The main part of an Office Open XML package, by its declared content type.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
# What the `mimetype` member of an OpenDocument package says.
ODF_MIMETYPES = {ODT.content_type: ODT, ODS.content_type: ODS}

# A document package holds a few hundred members; a zip declaring more, or more decompressed bytes than a
# 20 MB document ever expands to, is refused before anything is read.
MAX_ZIP_MEMBERS = 5_000
MAX_ZIP_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
# `mimetype` is a few dozen bytes, `[Content_Types].xml` a few kilobytes: read no more than this of either.
MAX_DECLARATION_BYTES = 256 * 1024
# Enough to tell every signature apart.
HEAD_BYTES = 16

EMPTY = _("Ce fichier est vide : choisissez le bon fichier et déposez-le de nouveau.")
TOO_LARGE = _("Ce fichier pèse %(size)s : %(limit)s au plus. Réduisez-le (export PDF compressé, images allégées).")
NOT_ACCEPTED = _("Ce format n’est pas accepté : déposez un fichier %(formats)s.")
NOT_RECOGNISED = _(
    "Le contenu de ce fichier n’est pas celui d’un fichier %(format)s, comme son nom l’indique : "
    "déposez un fichier %(formats)s valide."
)
MISMATCH = _(
    "Ce fichier porte l’extension .%(extension)s, mais son contenu est celui d’un fichier %(format)s : "
    "renommez-le en .%(expected)s, ou déposez le bon fichier."
)
WITH_MACROS = _(
    "Ce fichier contient des macros, qui ne sont pas acceptées : enregistrez-le au format DOCX ou XLSX ordinaire."
)


def human_size(size: int) -> str:
    """A size as French readers write it: 640 octets, 85 ko, 1,4 Mo, 20 Mo (non-breaking spaces)."""
    if size < 1024:
        return f"{size}\u00a0octets" if size > 1 else f"{size}\u00a0octet"
    if size < 1024 * 1024:
        return f"{round(size / 1024)}\u00a0ko"
    megabytes = f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0")
    return f"{megabytes}\u00a0Mo"


def _extension(name: str) -> str:
    # A name from a Windows browser may carry its folders: only the last part counts.
    base = posixpath.basename((name or "").replace("\\", "/"))
    stem, dot, extension = base.rpartition(".")
    return extension.lower() if dot and stem else ""


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """The member's bytes, if it exists and declares a small size; never more than MAX_DECLARATION_BYTES read."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_DECLARATION_BYTES or info.flag_bits & 0x1:  # too big to be one, or encrypted
        return None
    with archive.open(info) as member:
        return member.read(MAX_DECLARATION_BYTES + 1)[:MAX_DECLARATION_BYTES]


def _ooxml_content_types(data: bytes) -> set[str] | None:
    """The content types `[Content_Types].xml` declares, or None when it is not well-formed XML (or has a DTD)."""
    found = set()

    def start(name, attributes):
        if name.rpartition(":")[2] in ("Override", "Default") and "ContentType" in attributes:
            found.add(attributes["ContentType"].strip())

    def refuse(*args):
        raise ValueError("DTD")

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError):
        return None
    return found


def _zip_format(upload) -> FileFormat | str | None:
    """The format of a zip package, WITH_MACROS for a macro-enabled Office file, None if it is none of ours."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return None
            if sum(info.file_size for info in members) > MAX_ZIP_UNCOMPRESSED_BYTES:
                return None
            mimetype = _read_member(archive, "mimetype")
            if mimetype is not None:
                return ODF_MIMETYPES.get(mimetype.decode("ascii", "replace").strip())
            declaration = _read_member(archive, "[Content_Types].xml")
            if declaration is None:
                return None
            content_types = _ooxml_content_types(declaration)
            if content_types is None:
                return None
            lowered = {content_type.lower() for content_type in content_types}
            if any("macroenabled" in item or "vbaproject" in item for item in lowered):
                return WITH_MACROS
            for content_type, fmt in OOXML_MAIN_PARTS.items():
                if content_type in lowered:
                    return fmt
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
        # A damaged package, an unsupported compression, an encrypted member: not a document we can vouch for.
        return None
    finally:
        upload.seek(0)


def recognise(upload) -> FileFormat | str | None:
    """What the content of `upload` (a Django UploadedFile, or any seekable binary file) is, among
    DOCUMENT_FORMATS; WITH_MACROS for an Office file with macros; None for anything else."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(upload)
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def check_upload(upload, *, max_bytes: int, formats=DOCUMENT_FORMATS) -> FileFormat:
    """The format of an uploaded file, recognised from its content and agreeing with its name's extension.

    Raises ValidationError with a French message: empty, larger than `max_bytes`, an extension or a content
    that is none of `formats`, or an extension naming another format than the content.
    """
    size = upload.size
    if not size:
        raise ValidationError(EMPTY, code="empty")
    if size > max_bytes:
        raise ValidationError(
            TOO_LARGE,
            code="too_large",
            params={"size": human_size(size), "limit": human_size(max_bytes)},
        )
    by_extension = {extension: fmt for fmt in formats for extension in fmt.extensions}
    extension = _extension(getattr(upload, "name", ""))
    named = by_extension.get(extension)
    if named is None:
        raise ValidationError(NOT_ACCEPTED, code="not_accepted", params={"formats": formats_sentence(formats)})
    found = recognise(upload)
    if found == WITH_MACROS:
        raise ValidationError(WITH_MACROS, code="macros")
    if found is None or found not in formats:
        raise ValidationError(
            NOT_RECOGNISED,
            code="not_recognised",
            params={"format": named.label, "formats": formats_sentence(formats)},
        )
    if found != named:
        raise ValidationError(
            MISMATCH,
            code="mismatch",
            params={"extension": extension, "format": found.label, "expected": found.extensions[0]},
        )
    return found
