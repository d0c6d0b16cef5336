"""A version written after its release went out, published on its own as a correction.

Publishing a release publishes every version written at that moment
(``transitions.apply_transition``); a version written later stays unpublished, even
once saved, until an editor publishes it here.
"""

import reversion
from django.db import transaction
from django.utils.translation import get_language_info

from releases.models import ChangeNote, Release, WorkflowEvent
from releases.models.versions import LANGUAGES
from workflow.rules import version_publish_problem


def english_name(language):
    """The language's name in English ("Russian"): records are kept in English."""
    return get_language_info(language)["name"]


@transaction.atomic
def release_publish_version(*, release, user, language, note=""):
    """Make ``release``'s version in ``language`` public, with a public change note:
    ``note``, or "Russian version added" when none is given.

    Refused (PermissionDenied, ValidationError) as ``rules.version_publish_problem``
    says, on the release as stored (its row is locked and re-read first).
    """
    release = Release.objects.select_for_update().get(pk=release.pk)
    problem = version_publish_problem(user=user, release=release, language=language)
    if problem is not None:
        raise problem
    published = {*release.published_languages.split(), language}
    release.published_languages = " ".join(lang for lang in LANGUAGES if lang in published)
    release.updated_by = user
    release.full_clean()
    name = english_name(language)
    note = note.strip() or f"{name} version added"
    with reversion.create_revision():
        release.save()
        reversion.set_user(user)
        reversion.set_comment(f"Published the {name} version: {note}")
    # A scheduled release has no public page yet, so nothing there to note a change on.
    if release.is_published():
        change = ChangeNote(release=release, note=note, created_by=user)
        change.full_clean()
        change.save()
    WorkflowEvent.objects.record(
        release=release,
        user=user,
        action=WorkflowEvent.Action.PUBLISHED,
        comment=f"{name} version: {note}",
    )
    return release
