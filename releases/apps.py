from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class ReleasesConfig(AppConfig):
    # The app's own; TagsConfig below is taggit's, named in INSTALLED_APPS.
    default = True
    name = "releases"
    verbose_name = "Press releases"

    def ready(self):
        import reversion

        from releases.models import Document, Photo, Release, ReleasePhoto, TaggedRelease
        from releases.models.release import SEARCH_VECTORS

        # Registered once every field exists: modeltranslation (whose app is ready
        # first) adds the columns of each language, and a revision lists its fields
        # when the model is registered.
        reversion.register(TaggedRelease)
        # A revision keeps the release's photos (each in its place, with its caption as
        # it was) and documents, so restoring it brings them back.
        reversion.register(Photo)
        reversion.register(ReleasePhoto, follow=("photo",))
        reversion.register(Document)
        reversion.register(
            Release,
            follow=("tag_links", "release_photos", "documents"),
            exclude=SEARCH_VECTORS,
        )


class TagsConfig(TaggitAppConfig):
    """django-taggit under its own label, named for the staff: the admin's heading reads
    "Tags", not "Taggit"."""

    verbose_name = _("Tags")
