"""Public pages for releases, tags and meetings, plus the staff-only preview."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import (
    ArchiveIndexView,
    DateDetailView,
    DayArchiveView,
    DetailView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)

from . import selectors, services
from .models import Release


class ReleaseDateMixin:
    """Shared by every date-based release view: published releases by publication time."""

    date_field = "published_at"
    month_format = "%m"
    paginate_by = 20
    extra_context = {"nav": "releases"}

    def get_queryset(self):
        return selectors.release_cards()


class HomeView(ReleaseDateMixin, ArchiveIndexView):
    """The latest releases; the full, paged list is /releases/."""

    template_name = "releases/home.html"
    paginate_by = 10
    allow_empty = True


class ReleaseIndexView(ReleaseDateMixin, ArchiveIndexView):
    allow_empty = True


class ReleaseYearArchiveView(ReleaseDateMixin, YearArchiveView):
    make_object_list = True


class ReleaseMonthArchiveView(ReleaseDateMixin, MonthArchiveView):
    pass


class ReleaseDayArchiveView(ReleaseDateMixin, DayArchiveView):
    pass


class ReleaseDetailView(ReleaseDateMixin, DateDetailView):
    """A published release. A withdrawn one answers 410 with a notice; a moved one redirects."""

    def get_queryset(self):
        return selectors.release_detail_queryset()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = selectors.moved_release(request.path)
            if moved is not None:
                return HttpResponsePermanentRedirect(moved.get_absolute_url())
            withdrawn = selectors.withdrawn_release_at(**self.kwargs)
            if withdrawn is not None:
                return TemplateResponse(
                    request,
                    "releases/release_withdrawn.html",
                    {"release": withdrawn},
                    status=410,
                )
            raise


@method_decorator(never_cache, name="dispatch")
class ReleasePreviewView(PermissionRequiredMixin, DetailView):
    """The release page exactly as the public will see it, for staff, whatever its status."""

    permission_required = "releases.view_release"
    template_name = "releases/release_detail.html"
    raise_exception = False

    def get_queryset(self):
        return selectors.release_detail_queryset(Release.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


@method_decorator(never_cache, name="dispatch")
class PreviewLinkView(DetailView):
    """One unpublished release shown to someone without an account, by a signed link."""

    template_name = "releases/release_detail.html"

    def get_object(self, queryset=None):
        self.link = services.preview_link_from_token(self.kwargs["token"])
        if self.link is None:
            raise Http404("This preview link is not valid: it may have expired or been revoked.")
        return selectors.release_detail_queryset(Release.objects.all()).get(pk=self.link.release_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, preview_link=self.link, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class TagDetailView(ListView):
    """Published releases carrying a tag; a tag on no published release is not public."""

    template_name = "releases/tag_detail.html"
    paginate_by = 20
    extra_context = {"nav": "releases"}

    def get_queryset(self):
        self.tag = selectors.public_tag(self.kwargs["slug"])
        if self.tag is None:
            raise Http404("No published release has this tag.")
        return selectors.tag_releases(self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class MeetingListView(ListView):
    template_name = "releases/meeting_list.html"
    context_object_name = "meetings"
    extra_context = {"nav": "meetings"}
    paginate_by = 20

    def get_queryset(self):
        return selectors.public_meetings()


class MeetingDetailView(DetailView):
    """One public meeting: when, where, who, and the published releases about it."""

    template_name = "releases/meeting_detail.html"
    context_object_name = "meeting"
    extra_context = {"nav": "meetings"}

    def get_queryset(self):
        # Positions give the participants' titles in the page's Event data.
        return selectors.public_meetings().prefetch_related("participants__positions")
