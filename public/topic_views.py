"""Pages of tags and meetings."""

from django.http import Http404
from django.views.generic import (
    DetailView,
    ListView,
)

from public.paging import CountedReleasesMixin
from releases import selectors
from search import freshness


class TagDetailView(CountedReleasesMixin, ListView):
    """Published releases carrying a tag; a tag on no published release is not public."""

    template_name = "releases/tag_detail.html"
    paginate_by = 20
    extra_context = {"nav": "releases"}

    def get_queryset(self):
        slug = self.kwargs["slug"]
        # Whether a published release carries the tag changes only with the content,
        # so the answer is kept for the generation, as the filter counts are.
        self.tag = freshness.remembered(("public-tag", slug), lambda: selectors.public_tag(slug))
        if self.tag is None:
            raise Http404("No published release has this tag.")
        return selectors.tag_releases(self.tag)

    def release_filters(self):
        return {"tag": self.tag}

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
