from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = "Press releases"

    def ready(self):
        import reversion

        from releases.models import Release, TaggedRelease
        from releases.models.release import SEARCH_VECTORS

        # Registered once every field exists: modeltranslation (whose app is ready
        # first) adds the columns of each language, and a revision lists its fields
        # when the model is registered.
        reversion.register(TaggedRelease)
        reversion.register(Release, follow=("tag_links",), exclude=SEARCH_VECTORS)
