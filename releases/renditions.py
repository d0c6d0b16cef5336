"""Photo renditions: the widths the pages show, in WebP and in JPEG for the browsers that
take no WebP, made by django-imagekit through the storage API (any Django storage).

A rendition is stored as ``renditions/<its photo's name>/<hash>.<ext>``: its address
names the photo it was made from, so the media view serves it exactly when it would
serve that photo (``photo_of``), and an unpublished release's renditions are no easier
to reach than its photos.
"""

import logging
import os
import posixpath

from django.conf import settings
from imagekit.cachefiles.backends import CacheFileState
from imagekit.utils import suggest_extension

logger = logging.getLogger(__name__)

# The widths (pixels) the pages ask for: a list card's thumbnail, the page's column at
# one and two device pixels per CSS pixel.
WIDTHS = (400, 800, 1200)
FORMATS = ("webp", "jpeg")


def spec_field(width, format):
    return f"r{width}_{format}"


def rendition_name(generator):
    """imagekit's namer (``IMAGEKIT_SPEC_CACHEFILE_NAMER``)."""
    source = generator.source.name
    ext = suggest_extension(source or "", generator.format)
    return posixpath.join(settings.IMAGEKIT_CACHEFILE_DIR, source, f"{generator.get_hash()}{ext}")


class MadeAfterCommit:
    """imagekit's strategy (``IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY``): nothing while the
    photo is saved, since ``search.derived`` makes its renditions once the save has
    committed (``renditions_make``); a page naming a rendition never asks the storage
    whether it exists (the media view makes one found missing)."""

    def should_verify_existence(self, file):
        return False


def renditions_make(photo):
    """Make every rendition of ``photo`` that is not stored yet. A rendition that cannot
    be made (a damaged file, the storage down) is logged and left for the media view
    to make when it is first asked for; it never raises."""
    for width in WIDTHS:
        for fmt in FORMATS:
            rendition = photo.rendition(width, fmt)
            try:
                rendition.generate()
            except Exception:
                logger.exception(
                    "The %s-pixel %s rendition of %s was not made.", width, fmt, photo.image.name
                )
                # imagekit remembers it as being made; the next attempt must try again.
                rendition.cachefile_backend.set_state(rendition, CacheFileState.DOES_NOT_EXIST)


def photo_of(name):
    """The name of the photo whose rendition ``name`` is, or None if it is none."""
    prefix = f"{settings.IMAGEKIT_CACHEFILE_DIR}/"
    if not name.startswith(prefix):
        return None
    source = os.path.dirname(name.removeprefix(prefix))
    return source or None
