"""The staff's own records around the desk: what each person wants to hear by email,
and the text their form saved for them on its own."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from releases.models.release import Release


class DeskSettings(models.Model):
    """One person's choices for the desk: notifications by email, and their language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="desk_settings",
    )
    email_notifications = models.BooleanField(
        _("email me"),
        default=True,
        help_text=_(
            "Editors hear when a release is submitted for review; authors when their "
            "release is sent back, published, scheduled or withdrawn."
        ),
    )
    language = models.CharField(
        _("language of the emails"),
        max_length=2,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the site's language."),
    )

    class Meta:
        verbose_name = _("my notifications")
        verbose_name_plural = _("my notifications")

    def __str__(self):
        return str(self.user)


class ReleaseAutosave(models.Model):
    """The text one person's form last saved on its own for one release (``release``
    empty: a release not created yet), kept until they save the form, to offer it back
    after a crash. Never shown to the public; never a revision."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="release_autosaves"
    )
    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, null=True, blank=True, related_name="autosaves"
    )
    fields = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "release"], name="unique_release_autosave"),
            # One for a release not created yet (NULLs are distinct to a plain constraint).
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(release__isnull=True),
                name="unique_new_release_autosave",
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.release_id or '-'} {self.saved_at:%Y-%m-%d %H:%M}"
