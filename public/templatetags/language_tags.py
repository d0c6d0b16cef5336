"""The page in the other languages: the switcher, the ``hreflang`` links, a release's
version in the page's language."""

from django import template
from django.conf import settings
from django.utils.translation import get_language

from public import languages
from public.versions import version

register = template.Library()


def _release_of_page(context):
    # Only a release page (or its withdrawal notice) names one release for the page.
    release = context.get("release")
    return release if context.get("view_is_release") else None


def _alternates(context):
    # Only a page that exists has itself in other languages: an error page (404, 500,
    # rendered without a view) offers none, nor echoes the address asked for.
    if "view" not in context or "request" not in context:
        return []
    # The head's hreflang links and the switcher ask for the same links: found once.
    request, release = context["request"], _release_of_page(context)
    found = request.__dict__.setdefault("_alternates", {})
    key = (release.pk if release is not None else None, get_language())
    if key not in found:
        found[key] = languages.alternates(request, release)
    return found[key]


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    current = get_language()
    links = _alternates(context)
    return {"links": [link for link in links if link[0] != current], "current": current}


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_links(context):
    release = _release_of_page(context)
    links = [
        (code, context["request"].build_absolute_uri(url))
        for code, _name, url in _alternates(context)
        if url is not None
    ]
    default = dict(links).get(release.primary_language if release else languages.FIRST_LANGUAGE)
    return {"links": links, "x_default": default}


@register.simple_tag(takes_context=True)
def page_version(context, release):
    """``version`` for the release page, or its preview (``is_preview``)."""
    return version(release, preview=context.get("is_preview", False))


@register.filter
def shown_title(release):
    return version(release).title


@register.filter
def other_versions(release):
    """[(language, name, address)] of the release's other public versions."""
    current = get_language()
    return [
        (code, name, release.get_absolute_url(code))
        for code, name in settings.LANGUAGES
        if code != current and code in release.public_languages
    ]


# The one rule of which version a page shows (public.versions), as a filter.
register.filter("version", version)
