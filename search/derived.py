"""What is derived from releases (search vectors, filter counts, the dossier's counts of
meetings) is kept current here, and only here.

Model signals note which releases a change touches: a release's own row, its officials,
countries and tags, and the names of those (an official, their positions, a country,
a tag, its names in other languages). Once the transaction commits, those releases are
reindexed and recounted, each once, however many rows changed. Writers never remember to
do it. Bulk writes, which send no signals, name the releases they wrote with
``releases_changed``; fixtures loaded raw need ``manage.py reindex_releases``.

A release being deleted is uncounted before its row goes, while it can still be read.

The dossier's counts follow the same way: a meeting saved, its participants changed, an
official saved or deleted (their country may have changed) note the meetings to count
again (``meetings_changed``); the meetings of the releases recounted are counted with
them (``search.recount``).

Every change to what public pages show (a row of ``people``, ``releases`` or tags,
but the staff's own records) also ends the page cache's generation once it has
committed (``search.freshness``), after the derived state is current again.

A library photo saved has its renditions made once the save has committed, so the save
never waits for them nor fails with them (``releases.renditions.renditions_make``).
"""

from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from taggit.models import Tag

from people.models import Country, Official, Position
from releases.models import (
    CountedMeeting,
    CountedRelease,
    DeskSettings,
    DossierCount,
    EditPresence,
    FacetCount,
    Meeting,
    Photo,
    PreviewLink,
    Release,
    ReleaseAutosave,
    TaggedRelease,
    TagNames,
    WorkflowEvent,
)
from releases.renditions import renditions_make
from search import freshness
from search.dossier_counts import meeting_uncount, meetings_recount
from search.recount import release_uncount
from search.vector import releases_reindex

_PENDING = "_releases_to_reindex"
_PENDING_MEETINGS = "_meetings_to_recount"

# The apps whose rows public pages show, and their rows that no page shows.
_SHOWN_APPS = {"people", "releases", "taggit"}
_NOT_SHOWN = {
    CountedMeeting,
    CountedRelease,
    DeskSettings,
    DossierCount,
    EditPresence,
    FacetCount,
    PreviewLink,
    ReleaseAutosave,
    WorkflowEvent,
}


def pages_changed(*, using="default"):
    """Make every cached page fresh once the current transaction commits."""
    connection = connections[using]
    end = _GENERATION_ENDERS.setdefault(using, lambda: freshness.content_changed())
    # Once per transaction, however many rows it writes; a callback of a block rolled
    # back is dropped with it, so the next change registers its own.
    if not any(func is end for _, func, _ in connection.run_on_commit):
        transaction.on_commit(end, using=using)


_GENERATION_ENDERS = {}


def releases_changed(ids, *, using="default"):
    """Reindex and recount the releases ``ids`` once the current transaction commits."""
    _after_commit(
        _PENDING,
        set(ids),
        lambda ids: releases_reindex(releases=Release.objects.using(using).filter(pk__in=ids)),
        using=using,
    )


def meetings_changed(ids, *, using="default"):
    """Count the meetings ``ids`` again for the dossier once the current transaction commits."""
    _after_commit(
        _PENDING_MEETINGS,
        set(ids) - {None},
        lambda ids: meetings_recount(meetings=ids),
        using=using,
    )


def _after_commit(name, ids, update, *, using):
    """Note ``ids`` on the connection under ``name``; once the current transaction
    commits, ``update(ids)`` with every id noted so far, then the pages are fresh."""
    if not ids:
        return
    connection = connections[using]
    pending = getattr(connection, name, None)
    if pending is None:
        pending = set()
        setattr(connection, name, pending)
    pending.update(ids)
    # One callback per call; the first to run takes every id noted so far. Ids of a
    # change rolled back are updated with the next commit: recomputing is harmless.
    transaction.on_commit(lambda: _update_pending(name, update, using), using=using)


def _update_pending(name, update, using):
    connection = connections[using]
    ids = getattr(connection, name, None)
    if not ids:
        return
    setattr(connection, name, None)
    update(ids)
    # Pages made before the derived rows were current again are not kept.
    freshness.content_changed()


def _meetings_of(official):
    return Meeting.participants.through.objects.filter(official=official).values_list(
        "meeting_id", flat=True
    )


def _meeting_saved(sender, instance, raw=False, using="default", **kwargs):
    if not raw:
        meetings_changed([instance.pk], using=using)


def _meeting_deleting(sender, instance, using="default", **kwargs):
    meeting_uncount(meeting=instance)


def _participants_changed(sender, instance, action, reverse, pk_set, using="default", **kw):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        meetings_changed([instance.pk], using=using)
    elif action == "pre_clear":
        meetings_changed(list(_meetings_of(instance)), using=using)
    elif pk_set:
        meetings_changed(pk_set, using=using)


def _official_changed(sender, instance, created=False, raw=False, using="default", **kwargs):
    """An official saved (their country may be another) or about to be deleted (their
    participations go with them): the meetings they took part in."""
    if not raw and not created:
        meetings_changed(list(_meetings_of(instance)), using=using)


class _RenditionsToMake:
    """The after-commit callback making the renditions of the photos a transaction saved."""

    def __init__(self, photos):
        self.photos = photos

    def __call__(self):
        for photo in self.photos.values():
            renditions_make(photo)


def photos_changed(photos, *, using="default"):
    """Make the renditions of ``photos`` once the current transaction commits."""
    photos = {photo.pk: photo for photo in photos}
    connection = connections[using]
    # One callback per transaction, each photo once as last saved; a block rolled back
    # drops the callback with the photos it noted.
    for _, func, _ in connection.run_on_commit:
        if isinstance(func, _RenditionsToMake):
            func.photos.update(photos)
            return
    transaction.on_commit(_RenditionsToMake(photos), using=using)


def _photo_saved(sender, instance, raw=False, using="default", update_fields=None, **kwargs):
    if not raw and instance.image and (update_fields is None or "image" in update_fields):
        photos_changed([instance], using=using)


def _release_saved(sender, instance, raw=False, using="default", **kwargs):
    if not raw:
        releases_changed([instance.pk], using=using)


def _release_deleting(sender, instance, using="default", **kwargs):
    release_uncount(release=instance)
    # Counted again once the release is gone: it may have been the one reporting it.
    meetings_changed([instance.meeting_id], using=using)


def _links_changed(sender, instance, action, reverse, pk_set, using="default", **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        releases_changed([instance.pk], using=using)
    elif action == "pre_clear":
        # A cleared official or country: its releases, while the links still say so.
        releases_changed(_releases_of(instance), using=using)
    elif pk_set:
        releases_changed(pk_set, using=using)


def _tag_link_changed(sender, instance, raw=False, using="default", **kwargs):
    if not raw:
        releases_changed([instance.content_object_id], using=using)


def _releases_of(instance):
    if isinstance(instance, Official):
        return Release.objects.filter(officials=instance).values_list("pk", flat=True)
    if isinstance(instance, Country):
        return Release.objects.filter(countries=instance).values_list("pk", flat=True)
    if isinstance(instance, Tag):
        return TaggedRelease.objects.filter(tag=instance).values_list(
            "content_object_id", flat=True
        )
    return []


def _name_changed(sender, instance, created=False, raw=False, using="default", **kwargs):
    """An official, country or tag renamed: the releases found by that name."""
    # A new one has no releases yet.
    if not raw and not created:
        releases_changed(list(_releases_of(instance)), using=using)


def _tag_names_changed(sender, instance, raw=False, using="default", **kwargs):
    """A tag's Azerbaijani or Russian name given, changed or taken away."""
    if not raw:
        # By the tag's id: the tag itself may be going (its names go with it).
        links = TaggedRelease.objects.filter(tag_id=instance.tag_id)
        releases_changed(list(links.values_list("content_object_id", flat=True)), using=using)


def _position_changed(sender, instance, raw=False, using="default", **kwargs):
    if not raw:
        releases_changed(list(_releases_of(instance.official)), using=using)


def _shown_row_changed(sender, using="default", **kwargs):
    if sender._meta.app_label in _SHOWN_APPS and sender not in _NOT_SHOWN:
        pages_changed(using=using)


def connect():
    """Connect the signals (``SearchConfig.ready``)."""
    # Any model: the through tables of officials and countries count too.
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_shown_row_changed, dispatch_uid=f"derived-pages-{id(signal)}")
    post_save.connect(_release_saved, sender=Release, dispatch_uid="derived-release")
    post_save.connect(_photo_saved, sender=Photo, dispatch_uid="derived-photo")
    pre_delete.connect(_release_deleting, sender=Release, dispatch_uid="derived-release-delete")
    for field in ("officials", "countries"):
        m2m_changed.connect(
            _links_changed,
            sender=getattr(Release, field).through,
            dispatch_uid=f"derived-{field}",
        )
    # Tags are kept through TaggedRelease; taggit sends m2m_changed with it as sender.
    m2m_changed.connect(_links_changed, sender=TaggedRelease, dispatch_uid="derived-tags")
    post_save.connect(_tag_link_changed, sender=TaggedRelease, dispatch_uid="derived-tagged")
    post_delete.connect(_tag_link_changed, sender=TaggedRelease, dispatch_uid="derived-untagged")
    for model in (Official, Country, Tag):
        post_save.connect(_name_changed, sender=model, dispatch_uid=f"derived-{model.__name__}")
    post_save.connect(_tag_names_changed, sender=TagNames, dispatch_uid="derived-tag-names")
    post_delete.connect(_tag_names_changed, sender=TagNames, dispatch_uid="derived-tag-names-gone")
    post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="derived-meeting")
    pre_delete.connect(_meeting_deleting, sender=Meeting, dispatch_uid="derived-meeting-delete")
    m2m_changed.connect(
        _participants_changed,
        sender=Meeting.participants.through,
        dispatch_uid="derived-participants",
    )
    post_save.connect(_official_changed, sender=Official, dispatch_uid="derived-official-meetings")
    pre_delete.connect(_official_changed, sender=Official, dispatch_uid="derived-official-gone")
    post_save.connect(_position_changed, sender=Position, dispatch_uid="derived-position")
    post_delete.connect(_position_changed, sender=Position, dispatch_uid="derived-position-gone")
