"""The Content-Security-Policy middleware that builds the site's policy once."""

import pytest
from csp.constants import NONCE
from csp.decorators import csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from majlis_site.csp import SitePolicyCSPMiddleware


def page(request):
    return HttpResponse("<p>page</p>")


@csp_update({"img-src": ["https://photos.example"]})
def page_with_its_own_images(request):
    return HttpResponse("<p>page</p>")


def answer(middleware_class, view, path="/en/"):
    request = RequestFactory().get(path)
    middleware = middleware_class(view)
    return middleware(request), request


def headers(response):
    """The policy headers, each as {directive: sources} (django-csp's order is free)."""
    return {
        name: {
            directive: sources
            for directive, *sources in (part.split() for part in value.split(";"))
        }
        for name, value in response.items()
        if name.startswith("Content-Security-Policy")
    }


@pytest.mark.parametrize("view", [page, page_with_its_own_images])
def test_the_headers_are_django_csps_own(view):
    ours, _ = answer(SitePolicyCSPMiddleware, view)
    theirs, _ = answer(CSPMiddleware, view)

    assert headers(ours) == headers(theirs)
    assert list(headers(ours)) == ["Content-Security-Policy"]


def test_a_views_own_policy_is_not_the_sites():
    plain, _ = answer(SitePolicyCSPMiddleware, page)
    own, _ = answer(SitePolicyCSPMiddleware, page_with_its_own_images)

    assert "https://photos.example" not in headers(plain)["Content-Security-Policy"]["img-src"]
    assert "https://photos.example" in headers(own)["Content-Security-Policy"]["img-src"]


def test_changed_settings_are_built_again():
    before, _ = answer(SitePolicyCSPMiddleware, page)
    with override_settings(
        CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}},
        CONTENT_SECURITY_POLICY_REPORT_ONLY={"DIRECTIVES": {"script-src": ["'self'"]}},
    ):
        during, _ = answer(SitePolicyCSPMiddleware, page)
    after, _ = answer(SitePolicyCSPMiddleware, page)

    assert headers(during) == {
        "Content-Security-Policy": {"default-src": ["'none'"]},
        # django-csp's own default for a report-only policy with no default-src.
        "Content-Security-Policy-Report-Only": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
        },
    }
    assert headers(after) == headers(before) != headers(during)


def test_excluded_prefixes_and_exempt_responses_get_no_header():
    def exempt(request):
        response = HttpResponse("")
        response._csp_exempt = True
        return response

    with override_settings(
        CONTENT_SECURITY_POLICY={
            "EXCLUDE_URL_PREFIXES": ["/feeds/"],
            "DIRECTIVES": {"default-src": ["'self'"]},
        }
    ):
        excluded, _ = answer(SitePolicyCSPMiddleware, page, "/feeds/en/")
        exempted, _ = answer(SitePolicyCSPMiddleware, exempt)

    assert headers(excluded) == headers(exempted) == {}


def test_a_nonce_is_added_when_a_page_asks_for_one():
    def page_with_a_nonce(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"script-src": [NONCE]}}):
        response, request = answer(SitePolicyCSPMiddleware, page_with_a_nonce)

    assert headers(response)["Content-Security-Policy"] == {
        "default-src": ["'self'"],
        "script-src": [f"'nonce-{request._csp_nonce}'"],
    }


def test_a_nonce_asked_for_after_the_headers_is_refused():
    from csp.exceptions import CSPNonceError

    _, request = answer(SitePolicyCSPMiddleware, page)

    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
