"""Probes for a load balancer, outside the language prefixes and never cached.

``/healthz``: the process is up (reads nothing). ``/readyz``: the database, the cache
and the default storage answer; 200, or 503 naming the part that failed. Neither
reads or writes a session.
"""

import logging

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PROBE_KEY = "readyz:probe"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    cache.set(PROBE_KEY, "ok", 10)
    if cache.get(PROBE_KEY) != "ok":
        raise RuntimeError("the cache does not keep what it is given")


def _storage():
    # One request to the storage (a file system call, or a HEAD request to a bucket).
    default_storage.exists("readyz-probe")


CHECKS = {"database": _database, "cache": _cache, "storage": _storage}


@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request):
    """{"database": "ok", "cache": "ok", "storage": "ok"}, 200; a part that failed is
    "unavailable" and the answer 503. What failed is logged, not shown."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Readiness check failed: %s", name)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    ready = all(result == "ok" for result in results.values())
    return JsonResponse(results, status=200 if ready else 503)
