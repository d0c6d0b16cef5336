"""Each person's own notification settings (``DeskSettings``), which only they see and
change: the list leads straight to theirs, made on first visit."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from releases.models import DeskSettings


@admin.register(DeskSettings)
class DeskSettingsAdmin(admin.ModelAdmin):
    fields = ["email_notifications", "language"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def changelist_view(self, request, extra_context=None):
        mine, _created = DeskSettings.objects.get_or_create(user=request.user)
        return HttpResponseRedirect(reverse("admin:releases_desksettings_change", args=[mine.pk]))

    # Every member of staff has their own, whatever their groups; nobody else's.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or obj.user == request.user)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def response_change(self, request, obj):
        messages.success(request, _("Your notification settings are saved."))
        return HttpResponseRedirect(reverse("admin:index"))
