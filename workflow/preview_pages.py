"""Releases shown before publication: to staff, and by a preview link, in the language
asked for (``?lang=az``)."""

import copy

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import (
    DetailView,
)

from releases import selectors
from releases.models import Release
from releases.models.versions import LANGUAGES, TEXT_FIELDS, column
from releases.notices import withdrawal_notice
from workflow import previews, rules


def preview_language(request, release):
    """The language of the version to show: ``?lang=``, else the original (else the
    first version written). Http404 for a language the release has no version in."""
    asked = request.GET.get("lang")
    if asked is None:
        written = release.written_languages
        return (
            release.primary_language
            if release.primary_language in written or not written
            else written[0]
        )
    if asked not in LANGUAGES or not any(
        getattr(release, column(field, asked)) for field in ("title", "body")
    ):
        raise Http404("This release has no version in that language.")
    return asked


def version_only(release, language):
    """A copy of ``release``, never saved, whose every language's columns hold its
    ``language`` version: the page, whatever it reads, shows that version and never
    another's in its place (a field left empty stays empty, with nothing to fall back
    on)."""
    shown = copy.copy(release)
    for field in TEXT_FIELDS:
        value = getattr(release, column(field, language))
        for other in LANGUAGES:
            setattr(shown, column(field, other), value)
    return shown


class PreviewMixin:
    """A release page shown before publication, in one language: never cached, never
    indexed."""

    template_name = "releases/release_detail.html"
    language = None

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.language = preview_language(self.request, self.object)
        shown = version_only(self.object, self.language)
        context.update(
            object=shown,
            release=shown,
            preview_language=self.language,
            # The draft's photos and documents are not public: the page gives addresses
            # signed for it, which the media view accepts for a few hours.
            sign_media=True,
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        # The page around the version in its language too, as its public page will be.
        with translation.override(self.language):
            response = super().render_to_response(context, **response_kwargs)
            response.render()
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Content-Language"] = self.language
        return response


class ReleasePreviewView(PreviewMixin, PermissionRequiredMixin, DetailView):
    """The release page exactly as the public will see it, for staff, whatever its status."""

    permission_required = "releases.view_release"
    raise_exception = False

    def get_queryset(self):
        return selectors.release_detail_queryset(Release.objects.all())

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)


class PreviewLinkView(PreviewMixin, DetailView):
    """One unpublished release shown to someone without an account, by a signed link.

    What it shows follows ``rules.preview_shows``: the text only while the release
    is not public yet; then a redirect to its public address, or the withdrawal notice.
    """

    def get_object(self, queryset=None):
        self.link = previews.preview_link_from_token(self.kwargs["token"])
        if self.link is None:
            raise Http404("This preview link is not valid: it may have expired or been revoked.")
        return selectors.release_detail_queryset(Release.objects.all()).get(pk=self.link.release_id)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        shows = rules.preview_shows(self.object)
        if shows == rules.PreviewShows.PUBLIC:
            lang = self.request.GET.get("lang")
            return HttpResponseRedirect(
                self.object.get_absolute_url(lang if lang in LANGUAGES else None)
            )
        if shows == rules.PreviewShows.WITHDRAWN:
            response = withdrawal_notice(request, self.object)
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, preview_link=self.link, **kwargs)
