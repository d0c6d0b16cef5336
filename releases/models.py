"""Press releases, the sections they appear in, and the meetings they report."""

import re

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from people.models import Country, Official
from safety.uploads import validate_image_upload


class SectionManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Section(models.Model):
    """A managed list of headings releases can be filed under, e.g. "Chair’s Travels"."""

    name = models.CharField(
        "name", max_length=100, unique=True, help_text="As shown above a release."
    )
    slug = models.SlugField("web address", max_length=100, unique=True)

    objects = SectionManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "section"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class OrganisationManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Organisation(models.Model):
    """An international body releases mention (OSCE PA, TurkPA, …).

    The importer and "Suggest links" find it by any of its names and file the
    release under a tag called ``name``, so its releases share one tag page.
    """

    name = models.CharField(
        "tag name",
        max_length=100,
        unique=True,
        help_text="The short name releases are tagged with, e.g. OSCE PA.",
    )
    full_name = models.CharField(
        "full name",
        max_length=300,
        blank=True,
        help_text="e.g. Parliamentary Assembly of the OSCE.",
    )
    other_names = models.TextField(
        "other names",
        blank=True,
        help_text="Other ways releases write it, one per line, e.g. OSCE Parliamentary Assembly.",
    )

    objects = OrganisationManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "organisation"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)

    @property
    def names(self):
        """Every name the linker looks for: tag name, full name and other names."""
        lines = [line.strip() for line in self.other_names.splitlines()]
        return [n for n in [self.name, self.full_name, *lines] if n]


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """Meetings reported by at least one published release.

        A meeting known only from drafts may be confidential (a visit not yet
        announced), so it stays off the public site until a release about it
        is published.
        """
        return self.filter(pk__in=Release.objects.published().values("meeting_id"))


class Meeting(models.Model):
    """A meeting between officials that one or more releases report."""

    class Kind(models.TextChoices):
        VISIT = "visit", "Visit"
        BILATERAL = "bilateral", "Bilateral meeting"
        CALL = "call", "Phone or video call"
        CONFERENCE = "conference", "Conference or session"

    date = models.DateField("date", help_text="Day the meeting took place (Baku time).")
    time = models.TimeField("time", null=True, blank=True, help_text="Leave empty if not known.")
    city = models.CharField(
        "place", max_length=100, blank=True, help_text="City, if the release says."
    )
    host_country = models.ForeignKey(
        Country,
        verbose_name="host country",
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
        null=True,
        blank=True,
        help_text="Where the meeting took place; empty for calls.",
    )
    kind = models.CharField("kind", max_length=20, choices=Kind.choices, default=Kind.BILATERAL)
    participants = models.ManyToManyField(
        Official,
        verbose_name="participants",
        related_name="meetings",
        blank=True,
        help_text="Officials who took part.",
    )
    description = models.CharField(
        "short description",
        max_length=300,
        blank=True,
        help_text="One line, e.g. Talks during the Chair’s working trip to Kazakhstan.",
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-time", "-pk"]
        verbose_name = "meeting"
        indexes = [models.Index(fields=["-date"], name="meeting_date_idx")]

    def __str__(self):
        where = f", {self.city}" if self.city else ""
        return f"{self.get_kind_display()} on {self.date:%d %B %Y}{where}"

    def get_absolute_url(self):
        return reverse("releases:meeting_detail", kwargs={"pk": self.pk})


class ReleaseQuerySet(models.QuerySet):
    def published(self):
        """The one definition of public: status published and its time has come."""
        return self.filter(status=Release.Status.PUBLISHED, published_at__lte=timezone.now())


class ReleaseManager(models.Manager.from_queryset(ReleaseQuerySet)):
    def get_queryset(self):
        # The search vector is large and only the database reads it. Deferring it
        # also means saving a loaded release never writes back a stale vector:
        # Django saves only the fields it loaded.
        return super().get_queryset().defer("search_vector")


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


class Release(models.Model):
    """A press release. Public only when published and its publication time has come."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Fields that only workflow services change; editing a release never does.
    WORKFLOW_FIELDS = ("status", "withdrawn_at", "withdrawal_reason", "version")
    # The links to people and countries: who met, and who or what the text mentions.
    LINK_FIELDS = ("officials", "mentioned_officials", "countries", "mentioned_countries")

    title = models.CharField("title", max_length=300, help_text="The headline, as it will appear.")
    slug = models.SlugField(
        "web address",
        max_length=300,
        unique_for_date="published_at",
        help_text="Filled from the title; unique among releases of the same day.",
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
        help_text="Plain text. Separate paragraphs with a blank line. "
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
    image = models.ImageField(
        "main image",
        upload_to="releases/%Y/%m/",
        blank=True,
        validators=[validate_image_upload],
        help_text="Optional photograph: JPEG, PNG or WebP, at least 400 pixels wide, "
        "at most 10 MB and 40 megapixels.",
    )
    image_caption = models.CharField(
        "image caption",
        max_length=300,
        blank=True,
        help_text="Shown under the image and read out to blind readers.",
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
        help_text="Computed by services.release_index() from the text, officials, countries "
        "and tags; used by site search on PostgreSQL.",
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

    def get_absolute_url(self):
        local = self.local_published_at
        return reverse(
            "releases:release_detail",
            kwargs={
                "year": f"{local.year:04d}",
                "month": f"{local.month:02d}",
                "day": f"{local.day:02d}",
                "slug": self.slug,
            },
        )

    @property
    def tag_links(self):
        """The release's TaggedRelease rows with their tags, in one query (revisions
        follow them)."""
        return self.tagged_items.select_related("tag")

    def clean_fields(self, exclude=None):
        # Not typed: the search vector is derived (and not read with the release, so
        # validating it would load it first); who created and last saved it are the
        # signed-in users the workflow sets.
        exclude = {*(exclude or ()), "search_vector", "created_by", "updated_by"}
        super().clean_fields(exclude=exclude)

    def validate_unique(self, exclude=None):
        # unique_for_date compares the day of the value as given, but looks up
        # other releases by Baku day: give it the Baku time of the same moment.
        if self.published_at is not None:
            self.published_at = timezone.localtime(self.published_at)
        super().validate_unique(exclude=exclude)

    def is_published(self):
        """True when the public may see this release (mirrors ``published()``)."""
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

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
        """Body paragraphs: blocks separated by blank lines, Windows line ends allowed."""
        text = self.body.replace("\r\n", "\n").replace("\r", "\n")
        # A "blank" line may hold spaces or no-break spaces pasted from a word processor.
        blocks = re.split(r"\n[^\S\n]*\n", text)
        return [
            " ".join(line.strip() for line in b.split("\n")).strip() for b in blocks if b.strip()
        ]


class FacetCount(models.Model):
    """How many published releases of a year have two things in common: the filter counts.

    ``first`` is "all" or a key such as "country:125"; the row counts the published
    releases of ``year`` (0: every year) with ``first`` that also have the value
    ``second_kind``/``second_id`` (``second_kind`` "all": every release with
    ``first``). Kept by ``search.recount.releases_recount()`` whenever a release's
    status, time or links change. A scheduled release is counted at the first
    recount after its time has come (``manage.py count_due_releases`` runs one);
    until then readers add it themselves (``search.counts.FilterCounts``), so what
    the counts say is always what ``published()`` holds.
    """

    ALL = "all"
    KINDS = ("official", "country", "tag", "section")

    year = models.PositiveSmallIntegerField("year", help_text="Baku year; 0 for every year.")
    first = models.CharField("counted among", max_length=40)
    second_kind = models.CharField("kind counted", max_length=10)
    second_id = models.BigIntegerField("value counted", default=0)
    releases = models.IntegerField("published releases", default=0)

    class Meta:
        verbose_name = "filter count"
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second_kind", "year", "second_id"], name="unique_facet_count"
            )
        ]

    def __str__(self):
        return f"{self.year or 'all years'}: {self.first} × {self.second_kind}:{self.second_id}"

    @staticmethod
    def key(kind, pk):
        return f"{kind}:{pk}"

    @classmethod
    def rows_for(cls, counted_as):
        """The rows (year, first, second kind, second id) that count a release with this
        ``CountedRelease.counted_as``: each once for its year and once for year 0."""
        if not counted_as:
            return []
        year, *keys = counted_as.split()
        values = [(key, *key.split(":")) for key in keys]
        rows = []
        for y in (int(year), 0):
            rows.append((y, cls.ALL, cls.ALL, 0))
            for first, kind, pk in values:
                rows.append((y, cls.ALL, kind, int(pk)))
                rows.append((y, first, cls.ALL, 0))
                # Two values of one kind are never counted together: a filter's own
                # choices are counted without it.
                rows.extend((y, first, k, int(i)) for _, k, i in values if k != kind)
        return rows


class CountedRelease(models.Model):
    """How the filter counts (FacetCount) count one release now: its Baku year and the
    officials, countries, tags and section it is about, e.g. "2022 country:16 tag:3".

    Kept with the counts by ``search.recount.releases_recount()``; no row while the
    release is not published. ``due_at`` is set while the release is scheduled:
    FacetCount does not count it yet. Apart from the release so that counting
    never rewrites the release itself.
    """

    release = models.OneToOneField(
        Release, on_delete=models.CASCADE, primary_key=True, related_name="counted"
    )
    counted_as = models.TextField("counted as")
    due_at = models.DateTimeField(
        "to be counted from",
        null=True,
        blank=True,
        db_index=True,
        help_text="The scheduled time of a release not counted yet; empty once counted.",
    )

    class Meta:
        verbose_name = "counted release"

    def __str__(self):
        return self.counted_as


class ChangeNote(models.Model):
    """A public note on a correction made after publication."""

    release = models.ForeignKey(
        Release, verbose_name="release", on_delete=models.CASCADE, related_name="change_notes"
    )
    note = models.CharField(
        "change note",
        max_length=300,
        help_text="Shown on the release page, e.g. Corrected the name of the delegation.",
    )
    noted_at = models.DateTimeField("date", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-noted_at", "-pk"]
        verbose_name = "change note"

    def __str__(self):
        return self.note


class ReleaseRedirect(models.Model):
    """An address a published release had before its date or slug changed."""

    old_path = models.CharField("old address", max_length=400, unique=True)
    release = models.ForeignKey(
        Release, verbose_name="release", on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField("moved", auto_now_add=True)

    class Meta:
        verbose_name = "old address"
        verbose_name_plural = "old addresses"

    def __str__(self):
        return self.old_path


class WorkflowEventManager(models.Manager):
    def record(self, *, release, user, action, comment=""):
        """Add ``action`` by ``user`` on ``release`` to the audit trail."""
        return self.create(
            release=release, release_title=release.title, user=user, action=action, comment=comment
        )


class WorkflowEvent(models.Model):
    """The audit trail: who did what to which release, and when."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        EDITED = "edited", "Edited"
        SUBMITTED = "submitted", "Submitted for review"
        SENT_BACK = "sent_back", "Sent back to draft"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNPUBLISHED = "unpublished", "Unpublished"
        WITHDRAWN = "withdrawn", "Withdrawn"
        RESTORED = "restored", "Restored"
        REVERTED = "reverted", "Restored an earlier revision"
        PREVIEW_LINK = "preview_link", "Created a preview link"
        PREVIEW_LINK_REVOKED = "preview_link_revoked", "Revoked a preview link"

    release = models.ForeignKey(
        Release,
        verbose_name="release",
        on_delete=models.SET_NULL,
        null=True,
        related_name="events",
    )
    release_title = models.CharField("release title", max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="user",
        on_delete=models.SET_NULL,
        null=True,
        related_name="release_events",
    )
    action = models.CharField("action", max_length=20, choices=Action.choices)
    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    comment = models.TextField("comment", blank=True)

    objects = WorkflowEventManager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "workflow event"
        verbose_name_plural = "audit trail"

    def __str__(self):
        return f"{self.get_action_display()}: {self.release_title}"


class EditPresence(models.Model):
    """When a staff member last opened a release's edit form."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "user"], name="unique_edit_presence")
        ]

    def __str__(self):
        return f"{self.user} opened “{self.release}”"


class PreviewLink(models.Model):
    """A signed, expiring, revocable link showing one unpublished release to anyone."""

    release = models.ForeignKey(
        Release, verbose_name="release", on_delete=models.CASCADE, related_name="preview_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="created by",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("created", default=timezone.now)
    expires_at = models.DateTimeField("expires", help_text="The link stops working after this.")
    revoked = models.BooleanField(
        "revoked", default=False, help_text="Tick to stop the link working at once."
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "preview link"

    def __str__(self):
        until = timezone.localtime(self.expires_at)
        return f"Preview of “{self.release}” until {until:%d %B %Y %H:%M}"

    def is_valid(self):
        return not self.revoked and timezone.now() < self.expires_at


# Revisions keep a release's tags with it, so an old revision restores them too.
reversion.register(TaggedRelease)
reversion.register(Release, follow=("tag_links",), exclude=("search_vector",))
