"""The notice a withdrawn release's addresses answer with (410 Gone)."""

from django.template.response import TemplateResponse


def withdrawal_notice(request, release):
    """The public notice (410) that ``release`` was withdrawn: title, dates, reason only."""
    return TemplateResponse(
        request,
        "releases/release_withdrawn.html",
        {"release": release, "view_is_release": True},
        status=410,
    )
