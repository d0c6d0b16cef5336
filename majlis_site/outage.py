"""When the database cannot be reached: a short 503 page with ``Retry-After``.

``DatabaseOutageMiddleware`` answers for a view that fails on the database;
``server_error`` (the root URLconf's ``handler500``) answers for everything that fails
on it outside a view (the session or the signed-in user read by a middleware, a
session saved after the view). Neither page reads the database, nor runs the
context processors, so that rendering it cannot fail the same way. Every database
write already runs in a transaction, which the database rolls back when the
connection is lost: nothing is half written. Recovery needs no restart: each request
opens or health-checks its connection (``CONN_HEALTH_CHECKS``; on PostgreSQL,
``majlis_site.postgresql``).
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from public.texts import newsroom_texts

DATABASE_ERRORS = (OperationalError, InterfaceError)

logger = logging.getLogger(__name__)


def is_staff_path(request):
    return request.path.startswith(reverse("admin:index"))


def unavailable_response(request):
    """The 503 page for ``request``: the admin's for staff paths, else the site's."""
    staff = is_staff_path(request)
    template = loader.get_template("admin/503.html" if staff else "503.html")
    # No request in the context: the context processors (the signed-in user, the
    # messages) would read the session and the database.
    body = template.render({"newsroom": newsroom_texts(), "was_saving": request.method == "POST"})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(settings.NEWSROOM_RETRY_AFTER)
    # Never kept by a cache: the page is gone as soon as the database is back.
    add_never_cache_headers(response)
    return response


class DatabaseOutageMiddleware:
    """A view that fails on the database answers 503 (``unavailable_response``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error("Database unreachable: %s %s", request.method, request.path, exc_info=True)
        return unavailable_response(request)


def server_error(request):
    """``handler500``: the 503 page when the error that reached Django's handler is the
    database's (raised outside a view, where no middleware's ``process_exception``
    sees it); Django's own 500 page otherwise."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable_response(request)
    return defaults.server_error(request)
