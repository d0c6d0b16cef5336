"""A release's versions in the admin: a fieldset per language, what state each is in,
and publishing one written after its release went out."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from releases.models import Release
from releases.models.versions import LANGUAGES, column
from workflow import rules, versions

Status = Release.Status


def language_name(language):
    """The language's name in the admin's language ("Russian", "Rus dili")."""
    return get_language_info(language)["name_translated"]


def version_state(release, language):
    """How ``release``'s version in ``language`` stands, said for press officers."""
    title, body = (getattr(release, column(field, language)) for field in ("title", "body"))
    if release.pk and language in release.public_languages and release.status != Status.DRAFT:
        if release.status == Status.WITHDRAWN:
            return _("published, now withdrawn")
        if release.is_scheduled:
            return _("scheduled with the release")
        return _("published")
    if title and body:
        if release.status == Status.PUBLISHED:
            return _("written, not published: publish it as a correction")
        return _("written: goes out when the release is published")
    if title or body:
        return _("begun: needs a title and a body")
    return _("missing")


def version_kind(release, language):
    """``version_state`` in one word, for the form's tabs to mark: published, written,
    begun or missing."""
    title, body = (getattr(release, column(field, language)) for field in ("title", "body"))
    if release.pk and language in release.public_languages and release.status != Status.DRAFT:
        return "published"
    if title and body:
        return "written"
    return "begun" if title or body else "missing"


def version_fieldsets(release):
    """A fieldset per language, named with its state, the original's first; classes name
    its language, its state and the original (``version-tabs.js`` makes them tabs)."""
    primary = release.primary_language if release else None
    order = sorted(LANGUAGES, key=lambda lang: lang != primary)
    fieldsets = []
    for lang in order:
        name = language_name(lang)
        if release is not None:
            state = version_state(release, lang)
            if lang == primary:
                heading = _("%(language)s (original): %(state)s")
            else:
                heading = _("%(language)s: %(state)s")
            name = heading % {"language": name, "state": state}
        fields = [column(field, lang) for field in ("title", "slug", "lead", "body")]
        classes = ["release-version", f"lang-{lang}"]
        if release is not None:
            classes.append(f"version-{version_kind(release, lang)}")
            if lang == primary:
                classes.append("version-original")
        fieldsets.append((name, {"fields": fields, "classes": classes}))
    return fieldsets


def version_rows(request, release):
    """Rows for the change form's table of versions: state, preview, publish button."""
    rows = []
    for lang in LANGUAGES:
        written = lang in release.written_languages
        rows.append(
            {
                "language": lang,
                "name": language_name(lang),
                "original": lang == release.primary_language,
                "state": version_state(release, lang),
                "preview_url": f"{release.get_preview_url()}?lang={lang}" if written else "",
                "can_publish": rules.can_publish_version(request.user, release, lang),
            }
        )
    return rows


class ReleaseVersionPages:
    """The release admin's list column of languages and its "publish this version"
    page (a ModelAdmin mixin)."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/versions/<str:language>/publish/",
                wrap(self.publish_version_view),
                name="releases_release_publish_version",
            ),
        ] + super().get_urls()

    @admin.display(description=gettext_lazy("versions"))
    def languages(self, obj):
        """Each written version's code, bold when published."""
        public = set(obj.public_languages) if obj.status != Status.DRAFT else set()
        return format_html_join(
            " ",
            '<span title="{}">{}</span>',
            (
                (
                    version_state(obj, lang),
                    format_html("<strong>{}</strong>", lang) if lang in public else lang,
                )
                for lang in obj.written_languages
            ),
        )

    def publish_version_view(self, request, pk, language):
        change_url = reverse("admin:releases_release_change", args=[pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        release = get_object_or_404(Release, pk=pk)
        try:
            versions.release_publish_version(
                release=release,
                user=request.user,
                language=language,
                note=request.POST.get("version_note", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The %(language)s version is published.") % {"language": language_name(language)},
            )
        return HttpResponseRedirect(change_url)
