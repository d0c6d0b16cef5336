"""The page cache: public pages and feeds kept whole in the shared cache.

A page is kept under the generation it was made in (``search.freshness``), so a change
that commits, or a scheduled release coming out, makes every page fresh at once on every
server that shares the cache. A page made while a change commits is kept under the
generation it began in, which has then ended: it is never served.

Only a reader's GET is served from the cache or kept: never a request with a session
(signed-in staff) or credentials, and only pages of the public site (``KEPT_NAMESPACES``,
``KEPT_ROOT_PAGES``) that answered 200 without a cookie and without asking not to be
kept. Previews and the admin are never kept. Every page kept carries ``ETag``,
``Last-Modified`` (when its generation began) and ``Cache-Control`` with an ``s-maxage``
for a CDN, capped at the next scheduled publication; ``ConditionalGetMiddleware``,
placed before this one, answers 304 from them.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, get_resolver, get_urlconf
from django.utils import translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from search import freshness

logger = logging.getLogger(__name__)

# The public site's URL namespaces (public/urls.py, public/people_urls.py, the open data
# API's api/urls.py) and its pages outside the language prefixes (majlis_site/urls.py).
KEPT_NAMESPACES = {"releases", "people", "api"}
KEPT_ROOT_PAGES = {"sitemap", "sitemap_section", "robots"}

# Kept with the page; the rest (cookies above all) is never stored.
_KEPT_HEADERS = {
    "content-type",
    "content-language",
    "content-disposition",
    "vary",
    "link",
    "x-robots-tag",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "etag",
}


def _may_use(request):
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "authorization" not in request.headers
        and len(request.META.get("QUERY_STRING", "")) <= settings.NEWSROOM_PAGE_CACHE["MAX_QUERY"]
    )


def _is_public_address(path):
    """Whether ``path`` is an address of the public site: resolved as the locale
    middleware will, in the language of its prefix. Nothing else (probes, media, the
    admin) reads the cache or the database here."""
    return _resolves_to_public_page(get_resolver(get_urlconf()), path)


# The answer depends on the URLconf and the path alone (no converter reads the database),
# so each process remembers it for the addresses most asked; a changed URLconf is a
# different resolver, hence a different key.
@functools.lru_cache(maxsize=4096)
def _resolves_to_public_page(resolver, path):
    with translation.override(translation.get_language_from_path(path)):
        try:
            return _is_public_match(resolver.resolve(path))
        except Resolver404:
            return False


def _is_public_match(match):
    if match.namespaces:
        return match.namespaces[0] in KEPT_NAMESPACES
    return match.url_name in KEPT_ROOT_PAGES


def _may_keep(request, response):
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and not any(
            v.strip().lower() in ("cookie", "*") for v in response.get("Vary", "").split(",")
        )
        and getattr(request, "resolver_match", None) is not None
        and _is_public_match(request.resolver_match)
    )


def _key(request, generation):
    # Scheme and host too: pages name their own absolute address (canonical, feeds).
    address = request.build_absolute_uri().encode()
    return f"pages:{generation.token}:{hashlib.sha256(address).hexdigest()}"


def _stamp(response, generation, now):
    """The headers every kept page carries, on the first answer and on each from the cache."""
    shared_for = settings.NEWSROOM_PAGE_CACHE["SHARED_MAX_AGE"]
    left = generation.seconds_left(now)
    if left is not None:
        shared_for = min(shared_for, left)
    # Browsers ask again each time (a 304 when nothing changed); a CDN may keep it a while.
    patch_cache_control(response, public=True, max_age=0, s_maxage=shared_for)
    response["Last-Modified"] = http_date(int(generation.started))


class PageCacheMiddleware:
    """Serves a reader's public page from the shared cache, or keeps it there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The page, and what the memo keeps while it is made, belong to one generation.
        with freshness.one_generation():
            return self._answer(request)

    def _answer(self, request):
        if (
            not settings.NEWSROOM_PAGE_CACHE["ENABLED"]
            or not _may_use(request)
            or not _is_public_address(request.path_info)
        ):
            return self.get_response(request)
        cache = caches[settings.NEWSROOM_PAGE_CACHE["ALIAS"]]
        try:
            generation = freshness.current()
            key = _key(request, generation)
            kept = cache.get(key)
        except freshness.CACHE_ERRORS:
            # The shared cache is unreachable: the page is made from the database, as
            # if there were no cache, and kept nowhere (its freshness could not be known).
            logger.warning("Page cache unavailable; serving %s uncached", request.path)
            return self.get_response(request)
        if kept is not None:
            status, headers, content = kept
            response = HttpResponse(content, status=status, headers=headers)
            _stamp(response, generation, freshness.now())
            response["X-Page-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if not _may_keep(request, response):
            return response
        set_response_etag(response)
        now = freshness.now()
        _stamp(response, generation, now)
        timeout = settings.NEWSROOM_PAGE_CACHE["TIMEOUT"]
        left = generation.seconds_left(now)
        if left is not None:
            timeout = min(timeout, left)
        if timeout > 0:
            headers = {k: v for k, v in response.items() if k.lower() in _KEPT_HEADERS}
            try:
                cache.set(key, (response.status_code, headers, response.content), timeout)
            except freshness.CACHE_ERRORS:
                logger.warning("Page cache unavailable; %s not kept", request.path)
        response["X-Page-Cache"] = "miss"
        return response
