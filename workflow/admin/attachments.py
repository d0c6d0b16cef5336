"""The release form's photos, documents and press contact, and the photo library and the
press contacts' own pages."""

from django.contrib import admin
from django.db.models import ImageField
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from releases.models import Document, Photo, PressContact, ReleasePhoto
from releases.models.versions import LANGUAGES, column
from safety.uploads import ImageUploadField
from workflow import rules


class _ReleasePartInline:
    """A part of a release, changed by whoever may change the release."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return rules.can_change_attachments(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return rules.can_change_attachments(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return rules.can_change_attachments(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("releases.view_release")


class ReleasePhotoInline(_ReleasePartInline, admin.TabularInline):
    model = ReleasePhoto
    fields = ["photo", "position"]
    autocomplete_fields = ["photo"]
    extra = 1


class DocumentInline(_ReleasePartInline, admin.TabularInline):
    model = Document
    fields = ["file", "title", "language", "position"]
    extra = 1


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    formfield_overrides = {ImageField: {"form_class": ImageUploadField}}
    list_display = ["thumbnail", "__str__", "credit", "taken_on", "created_at"]
    search_fields = [column(field, lang) for field in ("caption", "alt_text") for lang in LANGUAGES]
    date_hierarchy = "created_at"

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        return format_html('<img src="{}" alt="" width="80">', obj.r400_jpeg.url)

    def has_change_permission(self, request, obj=None):
        return rules.can_change_library_item(request.user, obj, permission="releases.change_photo")


@admin.register(PressContact)
class PressContactAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "phone", "email"]
    search_fields = ["name", "email"]

    def has_change_permission(self, request, obj=None):
        return rules.can_change_library_item(
            request.user, obj, permission="releases.change_presscontact"
        )
