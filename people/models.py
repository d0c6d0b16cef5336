"""Officials, the positions they hold over time, and countries.

Their names have a column per language (``people/translation.py``): ``official.full_name``
reads the active language's, falling back as ``MODELTRANSLATION_FALLBACK_LANGUAGES`` says.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

LANGUAGES = tuple(code for code, _ in settings.LANGUAGES)


def shown(field):
    """An expression for the translated ``field`` as the active language shows it: its
    column in that language, else the first filled of the fallback languages' (modeltranslation's
    rule), so that a list sorts by the names its reader sees."""
    columns = [build_localized_fieldname(field, lang) for lang in resolution_order(get_language())]
    text = models.TextField()
    return Coalesce(
        *(NullIf(column, Value(""), output_field=text) for column in columns), output_field=text
    )


def lines(text):
    """The non-empty lines of ``text`` (a list of other names), stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class DefaultLanguageColumn:
    """Saves the untranslated column (``full_name``, ``name`` …) with the default language's
    value, or the first filled, whatever language is active: code that reads the table
    without modeltranslation (joins from releases, raw SQL) sees one language."""

    def save(self, *args, **kwargs):
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            super().save(*args, **kwargs)


class CountryManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code.upper())


class Country(DefaultLanguageColumn, models.Model):
    """A country of the ISO 3166-1 list, loaded by a migration; staff never type one."""

    code = models.CharField(
        "ISO code",
        max_length=2,
        unique=True,
        help_text="Two-letter ISO 3166-1 code, e.g. KZ. Shown in lower case in web addresses.",
    )
    name = models.CharField(
        "name",
        max_length=100,
        help_text="Short name, from the ISO list: Kazakhstan, Qazaxstan, Казахстан.",
    )
    official_name = models.CharField(
        "official name",
        max_length=200,
        blank=True,
        help_text="Full official name, e.g. Republic of Kazakhstan.",
    )
    other_names = models.TextField(
        "other names and adjectives",
        blank=True,
        help_text="Other words releases in this language use for this country, one per line: "
        "Kazakh, Kazakhstani; Qazaxıstan; казахстанский. Endings (Qazaxıstanın, Казахстана) "
        "need not be listed.",
    )

    objects = CountryManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "country"
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.code = self.code.upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:country_detail", kwargs={"code": self.code.lower()})

    def natural_key(self):
        return (self.code,)

    @property
    def other_names_list(self):
        """The other names in the active language (or its fallback), one per line."""
        return lines(self.other_names)


class OfficialManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Official(DefaultLanguageColumn, models.Model):
    """A person releases are about: an MP, a foreign speaker, an ambassador."""

    full_name = models.CharField(
        "full name",
        max_length=200,
        help_text="As releases in this language write it: given name, then family name.",
    )
    slug = models.SlugField(
        "web address", max_length=200, unique=True, help_text="Part of the official’s page address."
    )
    country = models.ForeignKey(
        Country,
        verbose_name="country",
        on_delete=models.PROTECT,
        related_name="officials",
        help_text="The country the official serves.",
    )
    # The portrait is a photo of the library: releases.OfficialPortrait.
    biography = models.TextField("short biography", blank=True, help_text="A few sentences.")

    objects = OfficialManager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = "official"

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("people:official_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def positions_on(self, date):
        """Positions held on ``date``, most recently started first.

        Works on prefetched ``positions`` without a further query.
        """
        held = [p for p in self.positions.all() if p.held_on(date)]
        return sorted(held, key=lambda p: p.start_date or datetime.date.min, reverse=True)

    def title_on(self, date):
        """The titles held on ``date`` joined for display, or "" if none is recorded."""
        return "; ".join(p.title for p in self.positions_on(date))

    @property
    def current_title(self):
        return self.title_on(timezone.localdate())


class Position(DefaultLanguageColumn, models.Model):
    """A post an official held, so a deputy who becomes Chair keeps a history."""

    official = models.ForeignKey(
        Official, verbose_name="official", on_delete=models.CASCADE, related_name="positions"
    )
    title = models.CharField(
        "title", max_length=300, help_text="As releases write it, e.g. Chair of the Milli Majlis."
    )
    organisation = models.CharField(
        "organisation or body",
        max_length=300,
        blank=True,
        help_text="e.g. Milli Majlis of the Republic of Azerbaijan, OSCE Parliamentary Assembly.",
    )
    start_date = models.DateField(
        "from", null=True, blank=True, help_text="Leave empty if not known."
    )
    end_date = models.DateField(
        "until", null=True, blank=True, help_text="Leave empty while the post is held."
    )
    convocation = models.ForeignKey(
        "people.Convocation",
        verbose_name=_("convocation"),
        on_delete=models.PROTECT,
        related_name="positions",
        null=True,
        blank=True,
        help_text=_("For a post in the home parliament: the convocation it was held in."),
    )

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = "position"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="position_ends_after_start",
                violation_error_message="A position cannot end before it starts.",
            )
        ]

    def __str__(self):
        return self.title

    def held_on(self, date):
        return (self.start_date is None or self.start_date <= date) and (
            self.end_date is None or date <= self.end_date
        )

    @property
    def is_current(self):
        return self.end_date is None or self.end_date >= timezone.localdate()


# Convocations, memberships and friendship groups: models of this app too.
from people.parliament import (  # noqa: E402
    Convocation,
    FriendshipGroup,
    FriendshipMember,
    Membership,
    home_country_code,
)

__all__ = [
    "Convocation",
    "Country",
    "FriendshipGroup",
    "FriendshipMember",
    "Membership",
    "Official",
    "Position",
    "home_country_code",
    "shown",
]
