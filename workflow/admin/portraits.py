"""An official's portrait on the official's own admin page: a photo chosen from the
library (or added to it there), with its renditions.

``people`` knows nothing of the library, which lives above it in ``releases``; so the
officials' admin that ``people.admin`` registers is replaced here by one that adds the
portrait.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from people.admin import OfficialAdmin
from people.models import Official
from releases.models import OfficialPortrait


class OfficialPortraitInline(admin.StackedInline):
    model = OfficialPortrait
    fields = ["photo"]
    autocomplete_fields = ["photo"]
    max_num = 1
    extra = 1

    # The portrait is part of the official: whoever may change the official chooses it.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("people.view_official") or self.has_change_permission(
            request, obj
        )

    def has_add_permission(self, request, obj=None):
        perm = "people.add_official" if obj is None else "people.change_official"
        return request.user.has_perm(perm)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("people.change_official")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("people.change_official")


if admin.site.is_registered(Official):
    admin.site.unregister(Official)


@admin.register(Official)
class OfficialWithPortraitAdmin(OfficialAdmin):
    list_display = ["thumbnail", *OfficialAdmin.list_display]
    list_display_links = ["thumbnail", "full_name"]
    list_select_related = [*OfficialAdmin.list_select_related, "portrait__photo"]
    inlines = [OfficialPortraitInline, *OfficialAdmin.inlines]

    class Media:
        # The thumbnail's style (no inline styles under the Content-Security-Policy).
        css = {"all": ["css/admin.css"]}

    @admin.display(description=_("portrait"))
    def thumbnail(self, obj):
        try:
            photo = obj.portrait.photo
        except OfficialPortrait.DoesNotExist:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="48" height="48" class="official-thumbnail">',
            photo.r400_jpeg.url,
        )
