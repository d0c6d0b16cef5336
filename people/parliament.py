"""The home parliament's convocations, its MPs' memberships, and its friendship groups.

``people/models.py`` imports this module, so these are models of the ``people`` app.
Which country is home is ``settings.NEWSROOM["HOME_COUNTRY"]`` (``home_country_code``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _


def home_country_code():
    """The ISO code of the country whose parliament runs the newsroom (upper case)."""
    return settings.NEWSROOM.get("HOME_COUNTRY", "AZ").upper()


# Russian ordinals agree with their noun's case: 6-й созыв, депутат 6-го созыва, при 6-м.
RUSSIAN_ENDINGS = {"nominative": "й", "genitive": "го", "prepositional": "м"}


def ordinal(number, language=None, case="nominative"):
    """``number`` as an ordinal in ``language`` (default: the active one): 6th, 6-cı, 6-й;
    ``case`` matters in Russian only (``RUSSIAN_ENDINGS``)."""
    language = (language or get_language() or "en")[:2]
    if language == "az":
        # The suffix follows the vowel harmony of the number's last spoken syllable.
        last = number % 10 if number % 10 else (number % 100 if number % 100 else 100)
        suffixes = {1: "ci", 2: "ci", 3: "cü", 4: "cü", 5: "ci", 6: "cı", 7: "ci", 8: "ci"}
        suffixes |= {9: "cu", 10: "cu", 20: "ci", 30: "cu", 40: "cı", 50: "ci"}
        suffixes |= {60: "cı", 70: "ci", 80: "ci", 90: "cı", 100: "cü"}
        return f"{number}-{suffixes.get(last, 'ci')}"
    if language == "ru":
        return f"{number}-{RUSSIAN_ENDINGS[case]}"
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


class ConvocationQuerySet(models.QuerySet):
    def on(self, date):
        """The convocation sitting on ``date`` (at most one: they do not overlap)."""
        return self.filter(start_date__lte=date).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=date)
        )


class ConvocationManager(models.Manager.from_queryset(ConvocationQuerySet)):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class Convocation(models.Model):
    """One elected term of the home parliament, from its first sitting to the next's."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("1 for the first convocation, 6 for the sixth.")
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("e.g. Sixth convocation.")
    )
    start_date = models.DateField(_("from"), help_text=_("The day of its first sitting."))
    end_date = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Leave empty while it sits.")
    )

    objects = ConvocationManager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="convocation_ends_after_start",
                violation_error_message=_("A convocation cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.name or self.label

    def natural_key(self):
        return (self.number,)

    @property
    def years(self):
        """2020–2024, or "2024–" while it sits."""
        end = f"{self.end_date:%Y}" if self.end_date else ""
        return f"{self.start_date:%Y}–{end}"

    def _say(self, text, case="nominative"):
        return text % {"ordinal": ordinal(self.number, case=case), "years": self.years}

    @property
    def label(self):
        """The active language's "6th convocation (2020–2024)"."""
        return self._say(pgettext("convocation", "%(ordinal)s convocation (%(years)s)"))

    @property
    def member_label(self):
        """The active language's "Member of the 6th convocation (2020–2024)"."""
        text = gettext("Member of the %(ordinal)s convocation (%(years)s)")
        return self._say(text, case="genitive")

    @property
    def published_label(self):
        """The active language's "Published under the 6th convocation (2020–2024)"."""
        text = gettext("Published under the %(ordinal)s convocation (%(years)s)")
        return self._say(text, case="prepositional")

    @property
    def is_past(self):
        return self.end_date is not None and self.end_date < timezone.localdate()

    def covers(self, date):
        return self.start_date <= date and (self.end_date is None or date <= self.end_date)


class Membership(models.Model):
    """An MP's seat in one convocation."""

    official = models.ForeignKey(
        "people.Official",
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    convocation = models.ForeignKey(
        Convocation,
        verbose_name=_("convocation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    constituency = models.CharField(
        _("constituency"), max_length=200, blank=True, help_text=_("If known.")
    )

    class Meta:
        ordering = ["-convocation__number"]
        verbose_name = _("membership of a convocation")
        verbose_name_plural = _("memberships of convocations")
        constraints = [
            models.UniqueConstraint(
                fields=["official", "convocation"], name="one_membership_per_convocation"
            )
        ]

    def __str__(self):
        return f"{self.official} – {self.convocation}"


class FriendshipGroup(models.Model):
    """The home parliament's working group on relations with one country's parliament,
    formed anew in each convocation."""

    country = models.ForeignKey(
        "people.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="friendship_groups",
    )
    convocation = models.ForeignKey(
        Convocation,
        verbose_name=_("convocation"),
        on_delete=models.PROTECT,
        related_name="friendship_groups",
        null=True,
        blank=True,
    )
    name = models.CharField(
        _("name"),
        max_length=300,
        help_text=_("e.g. Working group on Azerbaijan–Kazakhstan inter-parliamentary relations."),
    )

    class Meta:
        ordering = ["country__code", "-convocation__number"]
        verbose_name = _("friendship group")
        verbose_name_plural = _("friendship groups")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "convocation"], name="one_friendship_group_per_convocation"
            )
        ]

    def __str__(self):
        return self.name


class FriendshipMember(models.Model):
    """An MP in a friendship group, in a role."""

    class Role(models.TextChoices):
        HEAD = "head", _("Head of the group")
        DEPUTY = "deputy", _("Deputy head")
        MEMBER = "member", _("Member")

    group = models.ForeignKey(
        FriendshipGroup,
        verbose_name=_("friendship group"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    official = models.ForeignKey(
        "people.Official",
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="friendship_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    # Heads first, then deputies, then members.
    ROLE_ORDER = models.Case(
        *(models.When(role=role, then=i) for i, role in enumerate(Role.values)),
        output_field=models.IntegerField(),
    )

    class Meta:
        verbose_name = _("member of a friendship group")
        verbose_name_plural = _("members of friendship groups")
        constraints = [
            models.UniqueConstraint(fields=["group", "official"], name="one_seat_per_group")
        ]

    def __str__(self):
        return f"{self.official} ({self.get_role_display()})"
