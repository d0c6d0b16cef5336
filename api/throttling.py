"""The rate limit per client, counted in Django's cache (shared with REDIS_URL).

Only requests that reach the views count: an answer the page cache already keeps
costs no query, and is served to anyone. Past the limit the answer is 429 with a
``Retry-After`` header and a JSON ``detail`` that says when to ask again.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class PerClient(SimpleRateThrottle):
    """``NEWSROOM_API["RATE"]`` requests (e.g. "120/minute") per client address."""

    scope = "api"

    def get_rate(self):
        return settings.NEWSROOM_API["RATE"]

    def get_cache_key(self, request, view):
        # The address as the proxies in front report it (REST_FRAMEWORK["NUM_PROXIES"]).
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
