"""Admin for what releases are filed under: sections, organisations, meetings; the audit trail."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from releases.models import Meeting, Organisation, Section, WorkflowEvent
from safety.admin_widgets import SafeRelatedFieldsMixin


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Bodies the linker recognises; each links releases to the tag named like it."""

    list_display = ["name", "full_name"]
    search_fields = ["name", "full_name", "other_names"]


@admin.register(Meeting)
class MeetingAdmin(SafeRelatedFieldsMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "city", "host_country", "participant_names"]
    list_filter = ["kind", "host_country"]
    date_hierarchy = "date"
    search_fields = ["description", "city", "participants__full_name"]
    autocomplete_fields = ["host_country", "participants"]
    list_select_related = ["host_country"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("participants")

    @admin.display(description=_("participants"))
    def participant_names(self, obj):
        return ", ".join(p.full_name for p in obj.participants.all())


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only: filter by person, by step, or by release."""

    list_display = ["at", "user", "action", "release_link", "comment"]
    list_filter = ["action", ("user", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "at"
    search_fields = ["release_title", "comment", "user__username"]
    list_select_related = ["user", "release"]

    @admin.display(description=_("release"), ordering="release_title")
    def release_link(self, obj):
        if obj.release_id is None:
            return obj.release_title
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:releases_release_change", args=[obj.release_id]),
            obj.release_title,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
