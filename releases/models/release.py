"""The press release, with its tags: the one definition of what the public may see."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from people.models import Country, Official
from releases import richtext
from releases.models.attachments import PressContact, ReleasePhotos
from releases.models.tagged import TaggedRelease
from releases.models.topics import Meeting, Section
from releases.models.versions import ReleaseVersions, split_paragraphs

# One per language (search/vector.py); large, and read only by the database.
SEARCH_VECTORS = ("search_vector", "search_vector_az", "search_vector_ru")


class ReleaseQuerySet(models.QuerySet):
    def published(self, language=None):
        """The one definition of public: status published and its time has come.

        With ``language``, only releases whose version in that language is public.
        """
        public = {"status": Release.Status.PUBLISHED, "published_at__lte": timezone.now()}
        if language is not None:
            return self.filter(**public, published_languages__contains=language)
        # Public in no language is public nowhere: no page may show its unpublished text.
        return self.filter(**public).exclude(published_languages="")

    def next_publication_at(self):
        """When the next release now scheduled becomes ``published()``, or None: until
        then, what is public changes only when something is saved."""
        scheduled = self.filter(status=Release.Status.PUBLISHED, published_at__gt=timezone.now())
        first = scheduled.exclude(published_languages="").aggregate(at=models.Min("published_at"))
        return first["at"]


class ReleaseManager(models.Manager.from_queryset(ReleaseQuerySet)):
    def get_queryset(self):
        # The search vector is large and only the database reads it. Deferring it
        # also means saving a loaded release never writes back a stale vector:
        # Django saves only the fields it loaded.
        return super().get_queryset().defer(*SEARCH_VECTORS)


class Release(ReleaseVersions, ReleasePhotos, models.Model):
    """A press release, in up to three languages (releases/models/versions.py).

    Public only when published and its publication time has come; each version only
    once it is among ``published_languages``.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Fields that only workflow services change; editing a release never does.
    WORKFLOW_FIELDS = (
        "status",
        "withdrawn_at",
        "withdrawal_reason",
        "version",
        "published_languages",
    )
    # The links to people and countries: who met, and who or what the text mentions.
    LINK_FIELDS = ("officials", "mentioned_officials", "countries", "mentioned_countries")

    title = models.CharField("title", max_length=300, help_text="The headline, as it will appear.")
    slug = models.SlugField(
        "web address",
        max_length=300,
        allow_unicode=True,
        help_text="Filled from the title; unique among releases of the same day in its language.",
    )
    primary_language = models.CharField(
        "original language",
        max_length=2,
        choices=settings.LANGUAGES,
        default="az",
        help_text="The language the release was written in; the others are its translations.",
    )
    published_languages = models.CharField(
        "versions published",
        max_length=20,
        blank=True,
        editable=False,
        help_text="The languages the public may read it in: every version ready when it "
        "was published, and any an editor published since as a correction.",
    )
    section = models.ForeignKey(
        Section,
        verbose_name="section",
        on_delete=models.PROTECT,
        related_name="releases",
        null=True,
        blank=True,
        help_text="Optional heading, e.g. Chair’s Travels.",
    )
    published_at = models.DateTimeField(
        "publication date and time",
        default=timezone.now,
        help_text="Baku time. A published release with a future time stays hidden until then.",
    )
    lead = models.TextField("lead", blank=True, help_text="Optional one- or two-sentence summary.")
    body = models.TextField(
        "body",
        help_text="Separate paragraphs with a blank line; formatting as the body format says. "
        "Do not paste the standing paragraph about the Milli Majlis; every page adds it.",
    )
    byline = models.CharField(
        "byline",
        max_length=200,
        default=settings.NEWSROOM["DEFAULT_BYLINE"],
        help_text="Who issues the release.",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name="meeting reported",
        on_delete=models.SET_NULL,
        related_name="releases",
        null=True,
        blank=True,
        help_text="The meeting this release reports, if any.",
    )
    officials = models.ManyToManyField(
        Official,
        verbose_name="officials",
        related_name="releases",
        blank=True,
        help_text="Officials the release is about.",
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name="countries",
        related_name="releases",
        blank=True,
        help_text="Countries the release is about: those of the meeting’s participants.",
    )
    mentioned_officials = models.ManyToManyField(
        Official,
        verbose_name="officials mentioned",
        related_name="mentioned_in_releases",
        blank=True,
        help_text="Officials the release names in passing, e.g. a president quoted by a guest.",
    )
    mentioned_countries = models.ManyToManyField(
        Country,
        verbose_name="countries mentioned",
        related_name="mentioned_in_releases",
        blank=True,
        help_text="Countries the release only mentions, not the ones it is about.",
    )
    tags = TaggableManager(
        verbose_name="tags",
        through=TaggedRelease,
        blank=True,
        help_text="Comma-separated, e.g. TurkPA, OSCE PA, Kazakhstan.",
    )
    body_format = models.CharField(
        _("body format"),
        max_length=10,
        choices=[
            (richtext.PLAIN, _("Plain text")),
            (richtext.MARKDOWN, _("Formatted (Markdown)")),
        ],
        default=richtext.PLAIN,
        help_text=_(
            "Formatted: a blank line between paragraphs, # Subheading, - list item, "
            "**bold**, *italic*, > quote, [link text](https://…)."
        ),
    )
    press_contact = models.ForeignKey(
        PressContact,
        verbose_name=_("press contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="releases",
        help_text=_("Whom journalists may call about this release."),
    )
    status = models.CharField(
        "status",
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Changed only with the workflow buttons. "
        "A published release with a future time is scheduled.",
    )
    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(
        "reason for withdrawal",
        blank=True,
        editable=False,
        help_text="Shown to the public at the release’s address.",
    )
    version = models.PositiveIntegerField(
        "version",
        default=0,
        editable=False,
        help_text="Counts saves, so that two people editing at once cannot overwrite each other.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="created by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="last updated by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    search_vector = SearchVectorField(
        "search index",
        null=True,
        editable=False,
        help_text="Computed after each change from the text, officials, countries and tags; "
        "used by site search on PostgreSQL.",
    )
    search_vector_az = SearchVectorField(
        "Azerbaijani search index",
        null=True,
        editable=False,
        help_text="As the search index, from the Azerbaijani version once it is published.",
    )
    search_vector_ru = SearchVectorField(
        "Russian search index",
        null=True,
        editable=False,
        help_text="As the search index, from the Russian version once it is published.",
    )

    objects = ReleaseManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = "release"
        permissions = [("publish_release", "Can publish and unpublish releases")]
        indexes = [
            # Public lists filter on status and time and sort newest first; with the id
            # included, "which releases are public" is answered from the index alone.
            models.Index(fields=["status", "-published_at", "-id"], name="release_public_idx"),
            # The importer finds a release by its publication time.
            models.Index(fields=["published_at"], name="release_published_at_idx"),
            # The sitemap gives the time the latest public release changed.
            models.Index(fields=["-updated_at"], name="release_updated_at_idx"),
        ]
        # The GIN index on search_vector (release_search_idx) is made by migration 0009 on
        # PostgreSQL only: SQLite has no GIN, and an index in Meta would be created there too.

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Every save is a new version: the edit form compares it to detect conflicts.
        self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

    @property
    def tag_links(self):
        """The release's TaggedRelease rows with their tags (revisions follow them): as
        prefetched if they were, else in one query."""
        if "tagged_items" in getattr(self, "_prefetched_objects_cache", {}):
            return self.tagged_items
        return self.tagged_items.select_related("tag")

    @property
    def tag_list(self):
        """The release's tags in the order they were added, each with its names in every
        language: as ``releases.selectors.tags_with_names`` prefetched them, else in one
        query."""
        links = getattr(self, "tag_list_links", None)
        if links is None:
            links = self.tagged_items.select_related("tag__names").order_by("pk")
        return [link.tag for link in links]

    def clean_fields(self, exclude=None):
        # Not typed: the search vector is derived (and not read with the release, so
        # validating it would load it first); who created and last saved it are the
        # signed-in users the workflow sets.
        exclude = {*(exclude or ()), *SEARCH_VECTORS, "created_by", "updated_by"}
        super().clean_fields(exclude=exclude)

    def validate_unique(self, exclude=None):
        # Each language's address is unique among releases of the same Baku day.
        errors = {}
        try:
            super().validate_unique(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        _add_errors(errors, self.slug_clashes(), exclude)
        if errors:
            raise ValidationError(errors)

    def clean(self):
        # About the whole release: the form may not show the version's own fields.
        if problems := self.clean_versions():
            raise ValidationError(list(problems.values()))

    def is_published(self):
        """True when the public may see this release (mirrors ``published()``)."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at <= timezone.now()
            and bool(self.published_languages)
        )

    is_published.boolean = True
    is_published.short_description = "public now"

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def local_published_at(self):
        return timezone.localtime(self.published_at)

    def get_preview_url(self):
        return reverse("workflow:release_preview", kwargs={"pk": self.pk})

    @property
    def paragraphs(self):
        """Body paragraphs of the active language's version (staff pages)."""
        return split_paragraphs(self.body)


def _add_errors(errors, found, exclude):
    """Add ``found`` ({field: message}) to ``errors``; a field that is not being
    validated (not on the form) gets its message as one about the whole release."""
    for field, message in found.items():
        key = NON_FIELD_ERRORS if field in (exclude or ()) else field
        errors.setdefault(key, []).append(message)
