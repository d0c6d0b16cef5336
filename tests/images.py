"""Image files built in memory for upload tests, and the uploads' refusal messages."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

ALLOWED = "upload a JPEG, PNG or WebP photo"


def image_bytes(fmt="JPEG", size=(400, 300), *, mode="RGB", noise=False):
    """A ``fmt`` image of ``size``; ``noise`` makes it incompressible (a real photo's
    weight), otherwise it is one colour and tiny however large."""
    image = Image.effect_noise(size, 64).convert(mode) if noise else Image.new(mode, size)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def mpo_bytes(size=(400, 300)):
    """What cameras and phones write: a JPEG followed by a second picture."""
    out = io.BytesIO()
    first, second = Image.new("RGB", size, "red"), Image.new("RGB", size, "blue")
    first.save(out, "MPO", save_all=True, append_images=[second])
    return out.getvalue()


def gif_html_polyglot():
    """A valid GIF that a browser sniffing it as a page would run as a script."""
    return image_bytes("GIF", (400, 300), mode="P") + b"<script>alert(document.cookie)</script>"


def truncated(data, keep=0.5):
    return data[: int(len(data) * keep)]


def extension_message(name, extension):
    return (
        f"“{name}” ends in .{extension}; {ALLOWED} (a file ending in .jpg, .jpeg, .png or .webp)."
    )


NOT_AN_IMAGE = f"This file is not an image; {ALLOWED}."
DAMAGED = "This image file is damaged or incomplete; save the photo again and upload the new file."
TOO_NARROW_10 = "The photo is 10 × 10 pixels; it must be at least 400 pixels wide."


def empty_media_root(settings, tmp_path):
    """Point MEDIA_ROOT at an empty folder of the test's own, to see what is written."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def stored_files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
