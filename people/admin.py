"""Officials and countries in the staff admin, their names in each language side by side.

modeltranslation's ``TranslationAdmin`` shows a field per language (``Full name [en]``,
``[az]``, ``[ru]``), the English one required. Its tabbed variant is not used: it loads
jQuery UI from a CDN, and the admin loads no script from outside the site.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname

from people.models import (
    LANGUAGES,
    Convocation,
    Country,
    FriendshipGroup,
    FriendshipMember,
    Membership,
    Official,
    Position,
)
from safety.admin_widgets import SafeRelatedFieldsMixin


def in_every_language(*fields):
    """Each translated field's column in every language, for searching them all."""
    return [build_localized_fieldname(field, lang) for field in fields for lang in LANGUAGES]


@admin.register(Country)
class CountryAdmin(TranslationAdmin):
    """Countries and their names come from the ISO list; staff only add the names
    releases use, in each language."""

    list_display = ["name", "code", "official_name"]
    search_fields = ["code", *in_every_language("name", "official_name", "other_names")]
    readonly_fields = ["code", "name", "official_name"]
    fields = ["code", "name", "official_name", "other_names"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PositionInline(TranslationTabularInline):
    model = Position
    extra = 1
    fields = ["title", "organisation", "start_date", "end_date", "convocation"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["convocation", "constituency"]


@admin.register(Official)
class OfficialAdmin(SafeRelatedFieldsMixin, TranslationAdmin):
    """An official, their positions and memberships. Their portrait, a photo of the
    library, is added above this app (``workflow.admin.portraits``)."""

    list_display = ["full_name", "country", "current_title"]
    list_filter = ["country"]
    search_fields = in_every_language("full_name", "positions__title")
    # The web address follows the English name, whatever language the admin is in.
    prepopulated_fields = {"slug": ["full_name_en"]}
    autocomplete_fields = ["country"]
    fields = ["full_name", "slug", "country", "biography"]
    inlines = [PositionInline, MembershipInline]
    list_select_related = ["country"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("positions")

    @admin.display(description="current position")
    def current_title(self, obj):
        return obj.current_title or "—"


@admin.register(Convocation)
class ConvocationAdmin(TranslationAdmin):
    list_display = ["number", "name", "start_date", "end_date"]
    fields = ["number", "name", "start_date", "end_date"]


class FriendshipMemberInline(SafeRelatedFieldsMixin, admin.TabularInline):
    model = FriendshipMember
    extra = 1
    fields = ["official", "role"]
    autocomplete_fields = ["official"]


@admin.register(FriendshipGroup)
class FriendshipGroupAdmin(SafeRelatedFieldsMixin, TranslationAdmin):
    """The parliament's group for relations with one country, in one convocation."""

    list_display = ["name", "country", "convocation"]
    list_filter = ["convocation"]
    list_select_related = ["country", "convocation"]
    search_fields = in_every_language("name")
    autocomplete_fields = ["country"]
    fields = ["name", "country", "convocation"]
    inlines = [FriendshipMemberInline]
