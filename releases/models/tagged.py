"""Tags joined to releases."""

from django.db import models
from taggit.models import TaggedItemBase


class TaggedReleaseManager(models.Manager):
    def get_by_natural_key(self, release_id, tag_name):
        return self.get(content_object_id=release_id, tag__name=tag_name)


class TaggedRelease(TaggedItemBase):
    """Tags joined to releases by a real foreign key (indexed, no generic relation)."""

    content_object = models.ForeignKey(
        "Release", on_delete=models.CASCADE, related_name="tagged_items"
    )

    objects = TaggedReleaseManager()

    class Meta:
        verbose_name = "release tag"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_release_tag")
        ]
        # A tag's releases read from the index alone (its list, counts, filters).
        indexes = [models.Index(fields=["tag", "content_object"], name="release_tag_releases_idx")]

    def __str__(self):
        # Named by its tag alone: a revision names each of its release's tags.
        return self.tag.name

    def natural_key(self):
        # taggit's generic natural key reads a list of field names this model lacks. A
        # release keeps its id in a dump (it has no natural key); the tag is named.
        return (self.content_object_id, *self.tag.natural_key())

    natural_key.dependencies = ["taggit.tag"]
