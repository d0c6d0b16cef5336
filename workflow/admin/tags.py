"""Tags in the staff admin, with their Azerbaijani and Russian names.

Replaces taggit's own admin: its inline lists taggit's generic tagged items (releases
have ``TaggedRelease`` instead), and its "merge tags" action moves only those.
"""

from django.contrib import admin
from taggit.models import Tag

from releases.models import TagNames


class TagNamesInline(admin.StackedInline):
    model = TagNames
    fields = ["name_az", "name_ru"]
    can_delete = False
    max_num = 1
    extra = 1

    # The names are part of the tag: whoever may add or change a tag may name it
    # (the staff groups hold taggit's permissions, not this model's).
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("taggit.view_tag") or self.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        perm = "taggit.add_tag" if obj is None else "taggit.change_tag"
        return request.user.has_perm(perm)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("taggit.change_tag")

    def has_delete_permission(self, request, obj=None):
        return False


if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """A tag's English name and address, its names in the other languages below."""

    list_display = ["name", "name_az", "name_ru", "slug"]
    ordering = ["name", "slug"]
    search_fields = ["name", "names__name_az", "names__name_ru"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TagNamesInline]
    list_select_related = ["names"]

    @admin.display(description=TagNames._meta.get_field("name_az").verbose_name)
    def name_az(self, obj):
        return tag_name_in(obj, "az")

    @admin.display(description=TagNames._meta.get_field("name_ru").verbose_name)
    def name_ru(self, obj):
        return tag_name_in(obj, "ru")


def tag_name_in(tag, language):
    """The name given for ``language``, or a dash: the list shows what is missing."""
    try:
        return tag.names.name_in(language) or "—"
    except TagNames.DoesNotExist:
        return "—"
