"""What happened to a release: the audit trail, change notes, old addresses, who has it
open, and preview links."""

from django.conf import settings
from django.db import models
from django.utils import dateformat, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from releases.models.release import Release


class ChangeNote(models.Model):
    """A public note on a correction made after publication."""

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="change_notes"
    )
    note = models.CharField(
        _("change note"),
        max_length=300,
        help_text=_("Shown on the release page, e.g. Corrected the name of the delegation."),
    )
    noted_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-noted_at", "-pk"]
        verbose_name = _("change note")

    def __str__(self):
        return self.note


class ReleaseRedirect(models.Model):
    """An address a published release had before its date or slug changed."""

    old_path = models.CharField(_("old address"), max_length=400, unique=True)
    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(_("moved"), auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.old_path


class WorkflowEventManager(models.Manager):
    def record(self, *, release, user, action, comment=""):
        """Add ``action`` by ``user`` on ``release`` to the audit trail."""
        return self.create(
            release=release, release_title=release.title, user=user, action=action, comment=comment
        )

    def record_all(self, *, release, user, actions):
        """Add ``actions``, [(action, comment)] by ``user`` on ``release``, in that order."""
        return self.bulk_create(
            self.model(
                release=release,
                release_title=release.title,
                user=user,
                action=action,
                comment=comment,
            )
            for action, comment in actions
        )


class WorkflowEvent(models.Model):
    """The audit trail: who did what to which release, and when."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        SUBMITTED = "submitted", _("Submitted for review")
        SENT_BACK = "sent_back", _("Sent back to draft")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        RESTORED = "restored", _("Restored")
        REVERTED = "reverted", _("Restored an earlier revision")
        PREVIEW_LINK = "preview_link", _("Created a preview link")
        PREVIEW_LINK_REVOKED = "preview_link_revoked", _("Revoked a preview link")

    release = models.ForeignKey(
        Release,
        verbose_name=_("release"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="events",
    )
    release_title = models.CharField(_("release title"), max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="release_events",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    objects = WorkflowEventManager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{self.get_action_display()}: {self.release_title}"


class EditPresence(models.Model):
    """When a staff member's edit form of a release last said it was open (on opening,
    then at each heartbeat: ``workflow.editing.record_presence``)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "user"], name="unique_edit_presence")
        ]

    def __str__(self):
        return gettext("%(user)s opened “%(release)s”") % {
            "user": self.user,
            "release": self.release,
        }


class PreviewLink(models.Model):
    """A signed, expiring, revocable link showing one unpublished release to anyone."""

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="preview_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(
        _("expires"), help_text=_("The link stops working after this.")
    )
    revoked = models.BooleanField(
        _("revoked"), default=False, help_text=_("Tick to stop the link working at once.")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("preview link")

    def __str__(self):
        until = dateformat.format(timezone.localtime(self.expires_at), "d E Y H:i")
        return gettext("Preview of “%(release)s” until %(until)s") % {
            "release": self.release,
            "until": until,
        }

    def is_valid(self):
        return not self.revoked and timezone.now() < self.expires_at


# Revisions keep a release's tags with it, so an old revision restores them too.
