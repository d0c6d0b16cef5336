from django.contrib import admin
from django.db.models import ImageField
from django.utils.html import format_html

from people.models import Country, Official, Position
from safety.admin_widgets import SafeRelatedFieldsMixin
from safety.uploads import ImageUploadField


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    """Countries come from the ISO list; staff only add the names releases use."""

    list_display = ["name", "code", "official_name"]
    search_fields = ["name", "code", "official_name", "other_names"]
    readonly_fields = ["code", "name", "official_name"]
    fields = ["code", "name", "official_name", "other_names"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PositionInline(admin.TabularInline):
    model = Position
    extra = 1
    fields = ["title", "organisation", "start_date", "end_date"]


@admin.register(Official)
class OfficialAdmin(SafeRelatedFieldsMixin, admin.ModelAdmin):
    formfield_overrides = {ImageField: {"form_class": ImageUploadField}}
    list_display = ["thumbnail", "full_name", "country", "current_title"]
    list_display_links = ["thumbnail", "full_name"]
    list_filter = ["country"]
    search_fields = ["full_name", "positions__title"]
    prepopulated_fields = {"slug": ["full_name"]}
    autocomplete_fields = ["country"]
    readonly_fields = ["thumbnail"]
    fields = ["full_name", "slug", "country", "photo", "thumbnail", "biography"]
    inlines = [PositionInline]
    list_select_related = ["country"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("positions")

    @admin.display(description="photo")
    def thumbnail(self, obj):
        if not obj.photo:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="48" height="48" style="object-fit:cover">', obj.photo.url
        )

    @admin.display(description="current position")
    def current_title(self, obj):
        return obj.current_title or "—"
