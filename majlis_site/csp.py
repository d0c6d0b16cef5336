"""The Content-Security-Policy headers, built once per process from the settings.

django-csp builds its headers from the settings on every response, which costs as much
as serving a page from the page cache. This site's policy is the same for every
response: no view decorates its own, and no page uses a nonce. So when a response asks
for nothing of its own, its headers are the ones built from the settings the first time
(built again when the settings are other objects, as under ``override_settings``); any
other response is left to django-csp as it is.
"""

import http.client

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

# What a view's decorators set on its response (csp.decorators) to change the policy.
_OWN_POLICY = tuple(
    f"_csp_{what}{suffix}" for what in ("config", "update", "replace") for suffix in ("", "_ro")
)
_DEBUG_EXEMPT = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)


class SitePolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's own policy built once."""

    _built = (None, None, ("", ""))

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _OWN_POLICY
        ):
            return super().process_response(request, response)
        if response.status_code in _DEBUG_EXEMPT and settings.DEBUG:
            return response
        for header, exempt, policy, value in self._headers():
            prefixes = (policy or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                value
                and header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(tuple(prefixes))
            ):
                response[header] = value
        # As django-csp does: a nonce asked for after the headers are written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _headers(self):
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built_for, built_for_ro, values = SitePolicyCSPMiddleware._built
        if built_for is not policy or built_for_ro is not report_only or built_for is None:
            values = (build_policy(), build_policy(report_only=True))
            SitePolicyCSPMiddleware._built = (policy, report_only, values)
        return (
            (HEADER, "_csp_exempt", policy, values[0]),
            (HEADER_REPORT_ONLY, "_csp_exempt_ro", report_only, values[1]),
        )
