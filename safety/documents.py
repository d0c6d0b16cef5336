"""What a document attached to a release must be: a PDF or an office file, within a size.

Checked by content, not by name alone: a PDF starts with ``%PDF-``; an Office Open XML
file (Word, Excel, PowerPoint) or an OpenDocument file is a ZIP archive holding its
format's own parts. Old binary Office files (.doc, .xls) are refused: they may carry
macros and cannot be told apart from other OLE files by a quick look. The size limit is
``NEWSROOM_DOCUMENT_MAX_BYTES``.
"""

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from safety.uploads import _size

# extension: (the MIME type it is served with, what the page calls it)
KINDS = {
    "pdf": ("application/pdf", "PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint",
    ),
    "odt": ("application/vnd.oasis.opendocument.text", "OpenDocument"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument"),
    "odp": ("application/vnd.oasis.opendocument.presentation", "OpenDocument"),
}
# The part of an Office Open XML archive that says which kind it is.
_OOXML_MAIN = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def extension(name):
    return os.path.splitext(name or "")[1].lstrip(".").lower()


def _content_matches(file, ext):
    file.seek(0)
    if ext == "pdf":
        return file.read(5) == b"%PDF-"
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if ext in _OOXML_MAIN:
                return "[Content_Types].xml" in names and any(
                    name.startswith(_OOXML_MAIN[ext]) for name in names
                )
            # OpenDocument: an uncompressed "mimetype" entry naming the kind.
            return (
                "mimetype" in names
                and archive.read("mimetype").decode("ascii", "replace").strip() == KINDS[ext][0]
            )
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False


@deconstructible
class DocumentUploadValidator:
    """Refuse a newly uploaded file that is not a PDF or office file of its ending, or is
    larger than the limit. A file already in storage is not checked again."""

    def __call__(self, value):
        if getattr(value, "_committed", False):
            return
        name = os.path.basename(value.name or "")
        ext = extension(name)
        if ext not in KINDS:
            raise ValidationError(
                _(
                    "“%(name)s” is not a PDF or office document (.pdf, .docx, .xlsx, .pptx, "
                    ".odt, .ods, .odp)."
                )
                % {"name": name},
                code="document_extension",
            )
        max_bytes = settings.NEWSROOM_DOCUMENT_MAX_BYTES
        if value.size > max_bytes:
            raise ValidationError(
                _("The file is %(size)s; documents may be at most %(limit)s.")
                % {"size": _size(value.size, round_up=True), "limit": _size(max_bytes)},
                code="document_size",
            )
        try:
            if not _content_matches(value, ext):
                raise ValidationError(
                    _("“%(name)s” does not hold what its ending says; save it again as .%(ext)s.")
                    % {"name": name, "ext": ext},
                    code="document_content",
                )
        finally:
            value.seek(0)

    def __eq__(self, other):
        return isinstance(other, DocumentUploadValidator)


validate_document_upload = DocumentUploadValidator()
