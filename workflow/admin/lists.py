"""The list of releases: its filters (mine; by what readers see), and its query."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.models import Official
from releases.models import Release
from workflow import desk


class PublicationStateFilter(admin.SimpleListFilter):
    """Status as readers experience it: scheduled is told apart from live."""

    title = gettext_lazy("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("submitted", _("Submitted for review")),
            ("scheduled", _("Scheduled")),
            ("live", _("Live")),
            ("withdrawn", _("Withdrawn")),
            ("withdrawn_recently", _("Withdrawn in the last week")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "live":
            return queryset.published()
        if value == "scheduled":
            return queryset.filter(status=Release.Status.PUBLISHED).exclude(
                pk__in=Release.objects.published().values("pk")
            )
        if value == "withdrawn_recently":
            return queryset.filter(
                status=Release.Status.WITHDRAWN, withdrawn_at__gte=desk.recently_withdrawn_since()
            )
        if value in ("draft", "submitted", "withdrawn"):
            return queryset.filter(status=value)
        return queryset


class MineFilter(admin.SimpleListFilter):
    """The releases the signed-in person wrote (created)."""

    title = gettext_lazy("author")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", _("Mine"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(created_by=request.user)
        return queryset


class ReleaseChangeList(ChangeList):
    """The list of releases, with each row's officials read in one query."""

    def get_queryset(self, request, exclude_parameters=None):
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .prefetch_related(Prefetch("officials", queryset=Official.objects.only("full_name")))
        )
