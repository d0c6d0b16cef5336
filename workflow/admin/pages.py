"""The release admin's own pages: revisions and restoring one, preview links, and
suggested links."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reversion.models import Version

from importing.linker import Linker
from releases.models import PreviewLink, Release
from releases.models.versions import LANGUAGES, column
from workflow import linking, previews, revisions
from workflow.admin.compare import compare_contents, readable, related_names
from workflow.admin.forms import field_label
from workflow.admin.suggestions import suggestion_groups


class ReleasePages:
    """Pages of the release admin beyond Django's own (a ModelAdmin mixin)."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/revisions/", wrap(self.revisions_view), name="releases_release_revisions"
            ),
            path(
                "<int:pk>/revisions/<int:version_id>/restore/",
                wrap(self.restore_revision_view),
                name="releases_release_restore_revision",
            ),
            path(
                "<int:pk>/suggest-links/",
                wrap(self.suggest_links_view),
                name="releases_release_suggest_links",
            ),
            path(
                "<int:pk>/suggest-links/apply/",
                wrap(self.apply_links_view),
                name="releases_release_apply_links",
            ),
            path(
                "<int:pk>/preview-links/new/",
                wrap(self.create_preview_link_view),
                name="releases_release_preview_link",
            ),
            path(
                "<int:pk>/preview-links/<int:link_id>/revoke/",
                wrap(self.revoke_preview_link_view),
                name="releases_release_revoke_preview_link",
            ),
        ] + super().get_urls()

    def _release_for(self, request, pk, *, change=False):
        release = get_object_or_404(Release, pk=pk)
        allowed = (
            self.has_change_permission(request, release)
            if change
            else self.has_view_or_change_permission(request, release)
        )
        if not allowed:
            raise PermissionDenied
        return release

    def revisions_view(self, request, pk):
        """Every revision (who, when, what changed), and two of them compared (GET ?a=&b=)."""
        release = self._release_for(request, pk)
        versions = list(revisions.release_versions(release).select_related("revision__user"))
        contents = revisions.versions_contents(versions)
        names = related_names(contents.values())
        rows = []
        for i, version in enumerate(versions):
            older = versions[i + 1] if i + 1 < len(versions) else None
            changed = (
                [
                    field_label(k)
                    for k, v in contents[version.pk].items()
                    if not revisions.same_value(v, contents[older.pk].get(k))
                ]
                if older
                else [_("First recorded revision")]
            )
            rows.append({"version": version, "changed": changed})
        comparison = None
        ids = {v.pk for v in versions}
        try:
            a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
        except ValueError:
            a = b = None
        if a in ids and b in ids:
            old, new = sorted([a, b])
            comparison = compare_contents(
                readable(contents[old], names), readable(contents[new], names)
            )
        elif "a" in request.GET or "b" in request.GET:
            messages.error(request, _("Choose two revisions of this release to compare."))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Revisions of “%(release)s”") % {"release": release},
            "release": release,
            "rows": rows,
            "comparison": comparison,
            "can_restore": self.has_change_permission(request, release),
        }
        return TemplateResponse(request, "admin/releases/release/revisions.html", context)

    def restore_revision_view(self, request, pk, version_id):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:releases_release_revisions", args=[pk]))
        release = self._release_for(request, pk, change=True)
        version = get_object_or_404(Version.objects.get_for_object(release), pk=version_id)
        try:
            revisions.release_restore_revision(release=release, version=version, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The earlier revision is restored, as a new revision."))
        return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))

    def create_preview_link_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))
        release = self._release_for(request, pk)
        try:
            link = previews.preview_link_create(release=release, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))
        url = request.build_absolute_uri(
            reverse("workflow:preview_link", args=[previews.preview_token(link)])
        )
        messages.success(
            request,
            format_html(
                _("Preview link, valid until {}: <a href='{}'>{}</a>"),
                dateformat.format(timezone.localtime(link.expires_at), "d E Y H:i"),
                url,
                url,
            ),
        )
        return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))

    def revoke_preview_link_view(self, request, pk, link_id):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))
        release = self._release_for(request, pk)
        link = get_object_or_404(PreviewLink, pk=link_id, release=release)
        try:
            previews.preview_link_revoke(link=link, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The preview link no longer works."))
        return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))

    # Suggest links ----------------------------------------------------------------

    def _link_text(self, request, release):
        """The language of the version read, and its title, lead and body as posted (the
        form's current text), else as saved, by their columns' names. The version read
        is the original, or if it has no text yet, the first one that has."""

        def text_in(language):
            names = [column(field, language) for field in ("title", "lead", "body")]
            return {
                name: (request.POST.get(name, getattr(release, name)) or "")[:100_000]
                for name in names
            }

        primary = request.POST.get("primary_language", release.primary_language)
        for language in [primary, *LANGUAGES]:
            if language in LANGUAGES and any((text := text_in(language)).values()):
                return language, text
        return release.primary_language, text_in(release.primary_language)

    def _links_for(self, release, language, text):
        return Linker.from_database().link(
            **{name.removesuffix(f"_{language}"): value for name, value in text.items()},
            published_on=timezone.localtime(release.published_at).date(),
            language=language,
        )

    def suggest_links_view(self, request, pk):
        """What the linker finds in the form's text, each offered with a checkbox."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))
        release = self._release_for(request, pk, change=True)
        language, text = self._link_text(request, release)
        links = self._links_for(release, language, text)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Suggested links"),
            "opts": self.model._meta,
            "release": release,
            "text": text,
            "language": language,
            "groups": suggestion_groups(release, links),
            "can_add_people": request.user.has_perm("people.add_official"),
            "unsaved_text": any(text[name] != (getattr(release, name) or "") for name in text),
        }
        return TemplateResponse(request, "admin/releases/release/suggest_links.html", context)

    def apply_links_view(self, request, pk):
        """Add the accepted suggestions: the linker runs again on the same text, so only
        what it found can be accepted."""
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))
        release = self._release_for(request, pk, change=True)
        links = self._links_for(release, *self._link_text(request, release))
        accepted = set(request.POST.getlist("accept"))

        def picked(kind, keys):
            return [key for key in keys if f"{kind}:{key}" in accepted]

        proposals = [p for p in links.proposals if f"person:{p.name}" in accepted]
        # Accepted new people join the meeting as participants; rejected ones do not.
        meeting = links.meeting if "meeting" in accepted else None
        try:
            linking.release_link_apply(
                release=release,
                user=request.user,
                officials=picked("official", links.officials),
                mentioned_officials=picked("mentioned_official", links.mentioned_officials),
                countries=picked("country", links.countries),
                mentioned_countries=picked("mentioned_country", links.mentioned_countries),
                organisations=picked("organisation", links.organisations),
                meeting=meeting,
                proposals=proposals,
            )
        except ValidationError as error:
            messages.error(
                request,
                _("Nothing was linked: %(problem)s") % {"problem": " ".join(error.messages)},
            )
        else:
            messages.success(
                request,
                ngettext(
                    "Linked %(n)d suggestion(s) to “%(release)s”.",
                    "Linked %(n)d suggestion(s) to “%(release)s”.",
                    len(accepted),
                )
                % {"n": len(accepted), "release": release},
            )
        return HttpResponseRedirect(reverse("admin:releases_release_change", args=[pk]))
