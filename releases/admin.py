"""Admin for press staff.

Press officers write and edit drafts; only editors (the ``publish_release``
permission) can publish, unpublish or change a published release. The rule is
enforced here on the server: for anyone else the status field is read-only,
so a posted status is ignored, and published releases are read-only.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html

from people.models import Official

from . import services
from .models import Meeting, Release, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "city", "host_country", "participant_names"]
    list_filter = ["kind", "host_country"]
    date_hierarchy = "date"
    search_fields = ["description", "city", "participants__full_name"]
    autocomplete_fields = ["host_country", "participants"]
    list_select_related = ["host_country"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("participants")

    @admin.display(description="participants")
    def participant_names(self, obj):
        return ", ".join(p.full_name for p in obj.participants.all())


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["title", "status_label", "published_at", "section", "official_names"]
    list_filter = [
        "status",
        "section",
        ("countries", admin.RelatedOnlyFieldListFilter),
        ("officials", admin.RelatedOnlyFieldListFilter),
        "tags",
    ]
    date_hierarchy = "published_at"
    search_fields = ["title", "body"]
    autocomplete_fields = ["officials", "countries", "meeting"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["section"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "status", "published_at"]}),
        ("Text", {"fields": ["lead", "body", "byline"]}),
        ("What it is about", {"fields": ["meeting", "officials", "countries", "tags"]}),
        ("Image", {"fields": ["image", "image_caption"], "classes": ["collapse"]}),
        (
            "Record",
            {
                "fields": ["created_at", "created_by", "updated_at", "updated_by"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("officials", queryset=Official.objects.only("full_name")))
        )

    @admin.display(description="officials")
    def official_names(self, obj):
        return ", ".join(o.full_name for o in obj.officials.all())

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            local = timezone.localtime(obj.published_at)
            return format_html("<strong>Scheduled</strong> for {}", f"{local:%d %b %Y %H:%M}")
        return obj.get_status_display()

    def view_on_site(self, obj):
        # Drafts and scheduled releases have no public page yet: show the preview.
        return obj.get_absolute_url() if obj.is_published() else obj.get_preview_url()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not services.can_publish(request.user):
            fields.append("status")
        return fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.status == Release.Status.PUBLISHED:
            # What is public changes only with an editor's approval.
            return services.can_publish(request.user)
        return allowed

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if allowed and obj is not None and obj.status == Release.Status.PUBLISHED:
            return services.can_publish(request.user)
        return allowed

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and not services.can_publish(request.user):
            raise PermissionDenied("Only editors can publish or unpublish releases.")
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def _apply_to_all(self, request, queryset, service, done):
        """Run ``service`` on every selected release, or on none if one fails."""
        try:
            with transaction.atomic():
                for release in queryset:
                    service(release=release, user=request.user)
        except ValidationError as error:
            problem = "; ".join(error.messages)
            messages.error(request, f"Nothing was changed. “{release}”: {problem}")
            return
        messages.success(request, f"{done} {len(queryset)} release(s).")

    @admin.action(description="Publish selected releases", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._apply_to_all(request, queryset, services.release_publish, "Published")

    @admin.action(description="Unpublish selected releases (to draft)", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._apply_to_all(request, queryset, services.release_unpublish, "Returned to draft:")
