"""Photos, documents and other stored files as the page gives them: responsive
pictures from the renditions, and on a preview page signed addresses
(``releases.signed_media``), which the media view accepts for a release not yet public."""

from django import template

from releases import signed_media
from releases.models import portrait_of
from releases.renditions import WIDTHS

register = template.Library()


def _url(context, file):
    # Preview pages set ``sign_media``; public pages never do, so they stay cacheable.
    return signed_media.signed_url(file) if context.get("sign_media") else file.url


@register.simple_tag(takes_context=True)
def media_url(context, file):
    """The address of a stored file (a document, a photo) as this page may give it."""
    return _url(context, file)


def _widths(photo):
    """The rendition widths worth offering: those narrower than the photo, then one at
    the photo's own width (renditions are never enlarged). All while it is unknown."""
    if not photo.width:
        return [(w, w) for w in WIDTHS]
    narrower = [(w, w) for w in WIDTHS if w < photo.width]
    at_full = next((w for w in WIDTHS if w >= photo.width), None)
    return narrower + ([(at_full, photo.width)] if at_full else [])


@register.filter
def portrait(official):
    """The official's portrait, a library photo (``picture`` shows it), or None."""
    return portrait_of(official)


@register.inclusion_tag("releases/includes/picture.html", takes_context=True)
def picture(context, photo, sizes, loading="lazy", css_class="", alt=None):
    """``<picture>`` of ``photo``: WebP renditions for the browsers that take them, JPEG
    for the others, with ``srcset`` and ``sizes`` so each loads only the width it shows.
    ``alt`` replaces the photo's alt text (``""`` where the name beside it says it all)."""
    widths = _widths(photo)

    def srcset(fmt):
        return ", ".join(
            f"{_url(context, photo.rendition(spec, fmt))} {shown}w" for spec, shown in widths
        )

    smallest_fit = next((spec for spec, _shown in widths if spec >= 800), widths[-1][0])
    return {
        "photo": photo,
        "alt": photo.alt_text if alt is None else alt,
        "webp": srcset("webp"),
        "jpeg": srcset("jpeg"),
        "src": _url(context, photo.rendition(smallest_fit, "jpeg")),
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
    }
