"""The three languages of the public site: where ``/`` and the old addresses lead, and
the same page in the other languages (the switcher and ``hreflang``)."""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import Resolver404, get_script_prefix, resolve, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import trans_real

from search import freshness

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Where a reader whose browser asks for none of the three is sent.
FIRST_LANGUAGE = "az"


class OldPathConverter:
    """Any address not already in one of the languages."""

    regex = "(?!(?:" + "|".join(LANGUAGES) + ")/).+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


def reader_language(request):
    """The first of the site's languages the reader's browser asks for, else Azerbaijani."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in trans_real.parse_accept_lang_header(header[:1000]):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return FIRST_LANGUAGE


def language_home(request):
    """``/``: the home page in the reader's language."""
    with translation.override(reader_language(request)):
        response = HttpResponseRedirect(reverse("releases:home"))
    patch_vary_headers(response, ["Accept-Language"])
    return response


def old_address(request, path):
    """An address from before the site had three languages: permanently the English page
    at the same address, if there is one."""
    english = f"/en/{path}"
    try:
        found = resolve(english)
    except Resolver404:
        raise Http404 from None
    if found.func is old_address:
        raise Http404
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{english}?{query}" if query else english)


def alternates(request, release=None):
    """[(language, its name, the address of this page in it, or None)] for each language.

    A release page leads to the release's other public versions only; any other page
    to the same page (same filters, same period) in the other language.
    """
    # A query too long to be a reader's (the search and filters refuse or shorten such)
    # is not repeated in the links: the page in the other language is the same list.
    here = (
        request.get_full_path()
        if len(request.META.get("QUERY_STRING", "")) <= 500
        else request.path
    )
    if release is not None:
        public = release.public_languages
        return [
            (code, name, release.get_absolute_url(code) if code in public else None)
            for code, name in settings.LANGUAGES
        ]
    # The same address in each language, whatever the content: found once per process
    # and generation (the memo is bounded; addresses are many).
    return freshness.remembered(
        ("alternates", here, get_script_prefix()),
        lambda: [(code, name, translate_url(here, code)) for code, name in settings.LANGUAGES],
    )
