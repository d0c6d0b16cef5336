"""What happened to a release: the audit trail, change notes, old addresses, who has it
open, and preview links."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from releases.models.release import Release


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
