"""What releases are filed under and report: sections, organisations, meetings."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from people.models import Country, Official


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
        releases = self.model._meta.get_field("releases").related_model
        return self.filter(pk__in=releases.objects.published().values("meeting_id"))


class Meeting(models.Model):
    """A meeting between officials that one or more releases report."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        BILATERAL = "bilateral", _("Bilateral meeting")
        CALL = "call", _("Phone or video call")
        CONFERENCE = "conference", _("Conference or session")

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
