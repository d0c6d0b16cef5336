"""Adding the links a person accepted from “Suggest links” to a release."""

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from importing.builder import add_links
from importing.related import meeting_for, official_from_proposal
from releases.models import (
    Release,
    WorkflowEvent,
)
from workflow.rules import can_edit

Action = WorkflowEvent.Action


@transaction.atomic
def release_link_apply(
    *,
    release,
    user,
    officials=(),
    mentioned_officials=(),
    countries=(),
    mentioned_countries=(),
    organisations=(),
    meeting=None,
    proposals=(),
):
    """Add the suggested links a person accepted to ``release`` (``can_edit`` applies).

    ``proposals`` (linker proposals) become officials first, which needs the
    right to add officials; those created are linked as officials, and as
    meeting participants when ``meeting`` (a linker suggestion) names them.
    Links are only added, never removed.
    """
    from importing.linker import Links

    release = Release.objects.select_for_update().get(pk=release.pk)
    if not can_edit(user, release):
        raise PermissionDenied(_("You cannot change this release."))
    if proposals and not user.has_perm("people.add_official"):
        raise PermissionDenied(_("You cannot add officials."))
    created = {p.name: official_from_proposal(proposal=p) for p in proposals}
    official_ids = list(officials) + [o.pk for o in created.values()]
    found_meeting = None
    if meeting is not None:
        meeting.official_ids = list(meeting.official_ids) + [
            created[name].pk for name in meeting.proposal_names if name in created
        ]
        found_meeting = meeting_for(suggestion=meeting)
    links = Links(
        officials=official_ids,
        mentioned_officials=list(mentioned_officials),
        countries=list(countries),
        mentioned_countries=list(mentioned_countries),
        organisations=list(organisations),
    )
    with reversion.create_revision():
        added = add_links(release, links, meeting=found_meeting, memo=({}, {}))
        if found_meeting is not None and release.meeting_id is None:
            release.meeting = found_meeting
        if created:
            added.append("new officials " + ", ".join(created))
        release.updated_by = user
        release.full_clean()
        release.save()
        reversion.set_user(user)
        reversion.set_comment("Linked: " + (", ".join(added) or "nothing new"))
    WorkflowEvent.objects.record(
        release=release,
        user=user,
        action=Action.EDITED,
        comment="Suggested links accepted: " + (", ".join(added) or "nothing new"),
    )
    return release
