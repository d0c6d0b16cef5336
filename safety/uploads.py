"""What an uploaded photo must be: JPEG, PNG or WebP, not too heavy, not too big, wide enough.

``ImageUploadValidator`` is a model field validator, so every ``full_clean()`` (the
admin's forms, the services) refuses a bad upload before anything is written to
storage. The limits are settings: ``NEWSROOM_IMAGE_MAX_BYTES``,
``NEWSROOM_IMAGE_MAX_PIXELS`` and ``NEWSROOM_IMAGE_MIN_WIDTH``. ``ImageUploadField``
is the form field for such model fields: it leaves every check to the validator, so a
press officer reads one set of messages.
"""

import math
import os
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from PIL import Image, UnidentifiedImageError

EXTENSIONS = ("jpg", "jpeg", "png", "webp")
# Pillow's names for what it reads. Cameras and phones often write MPO: a JPEG
# followed by more pictures, which browsers show as the JPEG it starts with.
FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
ALLOWED = "upload a JPEG, PNG or WebP photo"
MB = 1024 * 1024


def _size(n_bytes, *, round_up=False):
    """``24.0 MB`` for a file (rounded up, so a file just over a limit never shows
    as equal to it), ``10 MB`` for a limit; kilobytes below one megabyte."""
    unit, name = (MB, "MB") if n_bytes >= MB else (1024, "KB")
    if round_up:
        return f"{math.ceil(n_bytes * 10 / unit) / 10:.1f} {name}"
    return f"{n_bytes / unit:g} {name}"


def _megapixels(pixels):
    return f"{math.ceil(pixels / 100_000) / 10:.1f}"


@deconstructible
class ImageUploadValidator:
    """Refuse a newly uploaded image that is not a JPEG, PNG or WebP photo within the
    limits, with a message for press officers (one ``ValidationError``, the first
    problem found). A file already in storage is not checked again (it was checked
    when it came, or came before these limits): an edit of other fields must not fail
    on it.
    """

    def __call__(self, value):
        # A model's file is "committed" once it is in storage; a new upload is not yet.
        if getattr(value, "_committed", False):
            return
        name = os.path.basename(value.name or "")
        extension = os.path.splitext(name)[1].lstrip(".").lower()
        if extension not in EXTENSIONS:
            ending = f"ends in .{extension}" if extension else "has no ending such as .jpg"
            raise ValidationError(
                f"“{name}” {ending}; {ALLOWED} (a file ending in .jpg, .jpeg, .png or .webp).",
                code="image_extension",
            )
        max_bytes = settings.NEWSROOM_IMAGE_MAX_BYTES
        if value.size > max_bytes:
            raise ValidationError(
                f"The file is {_size(value.size, round_up=True)}; "
                f"photos may be at most {_size(max_bytes)}.",
                code="image_file_size",
            )
        try:
            self._check_content(value)
        finally:
            value.seek(0)

    def _check_content(self, file):
        max_pixels = settings.NEWSROOM_IMAGE_MAX_PIXELS
        too_many = f"photos may be at most {max_pixels / 1_000_000:g} megapixels"
        try:
            with warnings.catch_warnings():
                # Pillow warns of images over its own limit; the lower one is checked below.
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                image = Image.open(file)
        except Image.DecompressionBombError as error:
            raise ValidationError(
                f"The photo has far too many pixels; {too_many}.", code="image_pixels"
            ) from error
        except UnidentifiedImageError as error:
            raise ValidationError(
                f"This file is not an image; {ALLOWED}.", code="image_format"
            ) from error
        except Exception as error:
            raise self._damaged() from error
        with image:
            if image.format not in FORMATS:
                raise ValidationError(
                    f"This file is a {image.format} image; {ALLOWED}.", code="image_format"
                )
            # Only the header has been read so far: the size is known before decoding.
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    f"The photo is {width:,} × {height:,} pixels "
                    f"({_megapixels(width * height)} megapixels); {too_many}.",
                    code="image_pixels",
                )
            min_width = settings.NEWSROOM_IMAGE_MIN_WIDTH
            if width < min_width:
                raise ValidationError(
                    f"The photo is {width:,} × {height:,} pixels; "
                    f"it must be at least {min_width:,} pixels wide.",
                    code="image_width",
                )
            try:
                # verify() checks the file's structure (a PNG's checksums and end);
                # decoding finds a JPEG cut short. The pixel limit bounds the memory
                # decoding takes, and a JPEG is decoded at an eighth of its size.
                image.verify()
                file.seek(0)
                with Image.open(file) as decoded:
                    decoded.draft(decoded.mode, (max(width // 8, 1), max(height // 8, 1)))
                    decoded.load()
            except Exception as error:
                raise self._damaged() from error

    @staticmethod
    def _damaged():
        return ValidationError(
            "This image file is damaged or incomplete; save the photo again and upload the "
            "new file.",
            code="image_damaged",
        )

    def __eq__(self, other):
        return isinstance(other, ImageUploadValidator)


validate_image_upload = ImageUploadValidator()


class ImageUploadField(forms.ImageField):
    """The form field for a model field validated by ``ImageUploadValidator``.

    Django's own image field refuses with messages of its own before the model's
    validator runs (and allows every extension Pillow knows); this one only takes the
    file, so the validator's messages are the ones shown.
    """

    default_validators = []

    def to_python(self, data):
        return forms.FileField.to_python(self, data)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = ",".join(
                [f".{e}" for e in EXTENSIONS] + ["image/jpeg", "image/png", "image/webp"]
            )
        return attrs
