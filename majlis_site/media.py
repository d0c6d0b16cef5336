"""Uploaded files (photos, their renditions, documents), served by the application from
the default storage.

Upload names are guessable (``photos/2025/03/<the file's own name>``,
``officials/<name>``), so a file is served to everyone only while a public page shows
it: a library photo or a document of a release that is public
(``Release.objects.published()``), the library photo that is the portrait of an official
the public site lists (``people_selectors.public_officials()``), or a rendition of such a photo
(its name names the photo: ``releases.renditions``). The photos, renditions and
documents of a draft, a scheduled or a withdrawn release, a photo of the library no
public release or listed official shows, a replaced file left in storage, or the
portrait of an official named only in drafts (and its renditions) answer 404, exactly
as a missing file does. Signed-in staff see every file, as the admin and "View on site"
show them; a preview page's addresses carry a signature for their one
file, valid for a few hours (``releases.signed_media``).

Files are read through ``default_storage``, so they may live on local disk or in
object storage; a name that is not a plain relative path is refused before storage
sees it.
"""

import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from releases import people_selectors
from releases.models import Document, OfficialPortrait, Photo, Release, ReleasePhoto
from releases.renditions import FORMATS, WIDTHS, photo_of
from releases.signed_media import PARAMETER, signature_valid

# A public file may be kept by browsers and caches this long (seconds); a release
# withdrawn meanwhile takes its image off the site within that time.
PUBLIC_MAX_AGE = 600


def clean_name(name):
    """``name`` if it is a plain relative path inside the storage, else Http404."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        raise Http404("No such file.")
    if posixpath.normpath(name) != name or name.split("/")[0] in {"..", "."}:
        raise Http404("No such file.")
    return name


def is_public(name):
    """Whether a public page shows the stored file ``name``."""
    published = Release.objects.published()
    photo = photo_of(name) or name
    return (
        ReleasePhoto.objects.filter(photo__image=photo, release__in=published).exists()
        or Document.objects.filter(file=name, release__in=published).exists()
        or OfficialPortrait.objects.filter(
            photo__image=photo, official__in=people_selectors.public_officials()
        ).exists()
    )


def _rendition_made(name):
    """Make the missing rendition ``name`` from its photo, if it is one: photos that came
    without the application making their renditions (migrated, restored, loaded) get
    them the first time they are asked for."""
    source = photo_of(name)
    photo = Photo.objects.filter(image=source).first() if source else None
    if photo is None:
        return False
    for width in WIDTHS:
        for fmt in FORMATS:
            rendition = photo.rendition(width, fmt)
            if rendition.name == name:
                rendition.generate(force=True)
                return True
    return False


@require_safe
def serve_media(request, name):
    name = clean_name(name)
    public = is_public(name)
    signed = signature_valid(name, request.GET.get(PARAMETER))
    if not (public or signed or (request.user.is_active and request.user.is_staff)):
        raise Http404("No such file.")
    try:
        if not default_storage.exists(name) and not _rendition_made(name):
            raise Http404("No such file.")
        # A document is downloaded under its own name, never shown in the site's place.
        response = FileResponse(
            default_storage.open(name, "rb"),
            as_attachment=name.startswith("documents/"),
            filename=posixpath.basename(name),
        )
    except (OSError, SuspiciousFileOperation) as error:
        raise Http404("No such file.") from error
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
