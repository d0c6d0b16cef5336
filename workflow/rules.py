"""Who may do what to a release: the one module the admin and the services ask."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from releases.models import Release
from releases.models.versions import LANGUAGES

Status = Release.Status

PUBLISH_PERMISSION = "releases.publish_release"
CHANGE_PERMISSION = "releases.change_release"
DELETE_PERMISSION = "releases.delete_release"


def can_publish(user):
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def publishers():
    """The active people who may publish (editors), as a queryset of users: those told
    that a release awaits review. Superusers only by a group or permission of their own."""
    app_label, codename = PUBLISH_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct()
    )


def version_publish_problem(*, user, release, language):
    """Why ``user`` may not publish ``release``'s version in ``language`` on its own (a
    version written after the release went out), as the exception to raise, or None."""
    if not can_publish(user):
        return PermissionDenied(_("Only editors can do this."))
    if language not in LANGUAGES:
        return ValidationError(_("Unknown language “%(language)s”.") % {"language": language})
    if release.status != Status.PUBLISHED:
        return ValidationError(
            _(
                "Only a published release has versions to add: publishing a release "
                "publishes every version written."
            )
        )
    if language in (release.published_languages or "").split():
        return ValidationError(_("This version is already published."))
    if language not in release.written_languages:
        return ValidationError(
            _("This version has no title or no body yet: write it and save it first.")
        )
    return None


def can_publish_version(user, release, language):
    return version_publish_problem(user=user, release=release, language=language) is None


def can_edit(user, release):
    """Whether ``user`` may change ``release``'s text: live content needs an editor."""
    if not (user and user.is_active and user.has_perm(CHANGE_PERMISSION)):
        return False
    if release.status in (Status.PUBLISHED, Status.WITHDRAWN):
        return can_publish(user)
    return True


def can_autosave_into(user, release):
    """Whether the text ``user``'s form saves on its own may be written into
    ``release`` itself: only a draft, which nobody outside the office reads. Any other
    release keeps it apart (``ReleaseAutosave``) until its form is saved."""
    return release.status == Status.DRAFT and can_edit(user, release)


# The edit form's primary button: the step this person most likely means to take next,
# by the release's state. The first of these the person may take is the one.
PRIMARY_STEPS = {
    Status.DRAFT: ("publish", "submit"),
    Status.SUBMITTED: ("publish",),
    Status.PUBLISHED: (),
    Status.WITHDRAWN: (),
}


def primary_step(*, user, release, available):
    """The name of the step the edit form offers as its primary button, among
    ``available`` (the names of the steps ``user`` may take now), or ""."""
    status = release.status if release.pk else Status.DRAFT
    # A press officer may not publish: for them the first of a draft's is "submit".
    return next((name for name in PRIMARY_STEPS.get(status, ()) if name in available), "")


def can_delete(user, release):
    """Whether ``user`` may delete ``release``: a draft, with the permission; what has been
    beyond a draft is withdrawn instead, and only a superuser deletes it."""
    if not (user and user.is_active and user.has_perm(DELETE_PERMISSION)):
        return False
    return release.status == Status.DRAFT or user.is_superuser


# Preview links ---------------------------------------------------------------
#
# The one rule of what a preview link shows, asked by the link's page and by
# whoever creates a link: the release itself only while it is not public yet
# (draft, submitted for review, scheduled for later). Once it is public the link
# leads to its public address; once withdrawn it shows only the public notice.


class PreviewShows:
    TEXT = "text"  # the release, marked as not published
    PUBLIC = "public"  # a redirect to its public address
    WITHDRAWN = "withdrawn"  # the public withdrawal notice, never the text


PREVIEW_REFUSALS = {
    PreviewShows.PUBLIC: gettext_lazy("This release is public: share its address instead."),
    PreviewShows.WITHDRAWN: gettext_lazy(
        "This release is withdrawn: it can no longer be previewed."
    ),
}


def preview_shows(release):
    """What a preview link for ``release`` shows now (a ``PreviewShows`` value)."""
    if release.status == Status.WITHDRAWN:
        return PreviewShows.WITHDRAWN
    if release.is_published():
        return PreviewShows.PUBLIC
    return PreviewShows.TEXT


def preview_link_problem(*, user, release):
    """Why ``user`` may not create a preview link for ``release`` now, as the exception
    to raise, or None. A link is only made while it would show the release's text."""
    if not (user and user.is_active and user.has_perm("releases.add_previewlink")):
        return PermissionDenied(_("You cannot create preview links."))
    refusal = PREVIEW_REFUSALS.get(preview_shows(release))
    if refusal:
        return ValidationError(refusal)
    return None


def can_create_preview_link(user, release):
    return preview_link_problem(user=user, release=release) is None


def can_revoke_preview_link(user, link):
    """Whether ``user`` may revoke ``link``, in any state: its creator or an editor."""
    if not (user and user.is_active and user.has_perm("releases.change_previewlink")):
        return False
    return link.created_by_id == user.pk or can_publish(user)


def can_change_attachments(user, release):
    """Whether ``user`` may change the photos shown on ``release`` and its documents: as
    its text (``can_edit``); before the first save, whoever may add a release."""
    if release is None:
        return bool(user and user.is_active and user.has_perm("releases.add_release"))
    return can_edit(user, release)


def can_change_library_item(user, item, *, permission):
    """Whether ``user`` may change a photo of the library or a press contact (``item``):
    with ``permission``, and, once a published or withdrawn release shows it, as an
    editor only, as for the release's own text."""
    if not (user and user.is_active and user.has_perm(permission)):
        return False
    if item is None or can_publish(user):
        return True
    live = (Status.PUBLISHED, Status.WITHDRAWN)
    if hasattr(item, "uses"):
        return not item.uses.filter(release__status__in=live).exists()
    return not item.releases.filter(status__in=live).exists()
