"""Releases shown before publication: to staff, and by a preview link."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import (
    DetailView,
)

from releases import selectors
from releases.models import Release
from releases.notices import withdrawal_notice
from workflow import previews, rules


class PreviewMixin:
    """A release page shown before publication: never cached, never indexed."""

    template_name = "releases/release_detail.html"

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class ReleasePreviewView(PreviewMixin, PermissionRequiredMixin, DetailView):
    """The release page exactly as the public will see it, for staff, whatever its status."""

    permission_required = "releases.view_release"
    raise_exception = False

    def get_queryset(self):
        return selectors.release_detail_queryset(Release.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
        return context


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
            return HttpResponseRedirect(self.object.get_absolute_url())
        if shows == rules.PreviewShows.WITHDRAWN:
            response = withdrawal_notice(request, self.object)
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, preview_link=self.link, **kwargs)
