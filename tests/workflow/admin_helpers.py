"""Helpers for tests that post the release admin's forms as a browser would."""

from django.contrib.messages import get_messages

from releases.models import Release, WorkflowEvent
from releases.models.versions import LANGUAGES, TEXT_FIELDS, column

CHANGELIST_URL = "/admin/releases/release/"
ADD_URL = "/admin/releases/release/add/"


# The release form's photos and documents (its inlines), none: what a browser posts
# with the form, whose management fields Django needs.
INLINES = {
    f"{prefix}-{key}": value
    for prefix in ("release_photos", "documents")
    for key, value in (
        ("TOTAL_FORMS", "0"),
        ("INITIAL_FORMS", "0"),
        ("MIN_NUM_FORMS", "0"),
        ("MAX_NUM_FORMS", "1000"),
    )
}


def change_url(release):
    return f"/admin/releases/release/{release.pk}/change/"


def form_data_for(release, **overrides):
    """The change form's POST for ``release`` as stored now, at its current version."""
    release.refresh_from_db()
    local = release.local_published_at
    data = {
        "expected_version": str(release.version),
        "primary_language": release.primary_language,
        # Every version's columns, as the form shows them (empty for a missing one).
        **{
            column(field, lang): getattr(release, column(field, lang)) or ""
            for lang in LANGUAGES
            for field in TEXT_FIELDS
        },
        "section": release.section_id or "",
        "published_at_0": f"{local:%Y-%m-%d}",
        "published_at_1": f"{local:%H:%M:%S}",
        "byline": release.byline,
        "meeting": release.meeting_id or "",
        "officials": [o.pk for o in release.officials.all()],
        "countries": [c.pk for c in release.countries.all()],
        "tags": ", ".join(sorted(release.tags.names())),
        "change_note": "",
        "workflow_comment": "",
        "body_format": release.body_format,
        "press_contact": release.press_contact_id or "",
        **INLINES,
        "_save": "Save",
    }
    # A plain name ("title", "slug" …) is the English version's column, as the factories
    # write it.
    data.update(
        {(column(k, "en") if k in TEXT_FIELDS else k): value for k, value in overrides.items()}
    )
    return data


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def form_errors(response):
    """The change form's errors that are not tied to one field."""
    return list(response.context["adminform"].form.non_field_errors())


def snapshot(release):
    """What a refused request must leave unchanged: the stored row and the audit trail."""
    stored = Release.objects.get(pk=release.pk)
    return {
        "row": {
            field.attname: getattr(stored, field.attname) for field in Release._meta.concrete_fields
        },
        "tags": sorted(stored.tags.names()),
        "events": WorkflowEvent.objects.count(),
    }
