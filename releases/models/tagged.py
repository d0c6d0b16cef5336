"""Tags joined to releases, and a tag's names in the other languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItemBase


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


class TagNamesManager(models.Manager):
    def get_by_natural_key(self, tag_name):
        return self.get(tag__name=tag_name)


class TagNames(models.Model):
    """A tag's Azerbaijani and Russian names. taggit's table is not ours to add columns
    to; its ``name`` is the English name, and its one slug serves every language.

    A name left empty is shown in English (``releases.tags.tag_name``).
    """

    # Its own id, not the tag's: a backup names the tag (natural keys), and a restore
    # may number tags afresh.
    tag = models.OneToOneField(Tag, on_delete=models.CASCADE, related_name="names")
    name_az = models.CharField(
        _("name in Azerbaijani"),
        max_length=100,
        blank=True,
        help_text=_("As Azerbaijani pages show the tag; left empty, they show the English name."),
    )
    name_ru = models.CharField(
        _("name in Russian"),
        max_length=100,
        blank=True,
        help_text=_("As Russian pages show the tag; left empty, they show the English name."),
    )

    objects = TagNamesManager()

    class Meta:
        verbose_name = _("tag's names")
        verbose_name_plural = _("tag's names")

    def __str__(self):
        return self.tag.name

    def natural_key(self):
        return self.tag.natural_key()

    natural_key.dependencies = ["taggit.tag"]

    def name_in(self, language):
        """The name in ``language``; empty for English (``Tag.name``) or one not given."""
        return getattr(self, f"name_{language}", "") or ""
