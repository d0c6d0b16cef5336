"""The desk: the admin's home page as each person's queue of work.

Six queues: my drafts, sent back to me (with the editor's comment), awaiting review
(every submission for editors, one's own for press officers), scheduled (soonest first),
published today, withdrawn in the last week. Each with its count, its first releases and
a link to all of them in the list. One query for the counts and one per queue, however
many releases there are.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from releases.models import Release, WorkflowEvent
from workflow import rules

Status = Release.Status
Action = WorkflowEvent.Action

# Releases shown in each queue; the link leads to all of them.
QUEUE_LENGTH = 8
RECENTLY_WITHDRAWN_DAYS = 7
# The steps that say where a draft stands (an edit does not).
STEP_ACTIONS = (
    Action.SUBMITTED,
    Action.SENT_BACK,
    Action.PUBLISHED,
    Action.SCHEDULED,
    Action.UNPUBLISHED,
    Action.WITHDRAWN,
    Action.RESTORED,
)


@dataclass
class DeskItem:
    release: Release
    when: str = ""
    comment: str = ""


@dataclass
class Queue:
    key: str
    title: str
    empty: str
    count: int
    url: str
    items: list = field(default_factory=list)


def recently_withdrawn_since():
    """Since when a withdrawn release counts as recently withdrawn (the desk's queue,
    the list's filter)."""
    return timezone.now() - datetime.timedelta(days=RECENTLY_WITHDRAWN_DAYS)


def _last_step(name):
    steps = WorkflowEvent.objects.filter(release=OuterRef("pk"), action__in=STEP_ACTIONS)
    return Subquery(steps.order_by("-at", "-pk").values(name)[:1])


def _at(moment):
    return dateformat.format(timezone.localtime(moment), "j E, H:i")


def _when(moment, text):
    return text % {"when": _at(moment)}


def _list_url(**query):
    return reverse("admin:releases_release_changelist") + "?" + urlencode(query)


def desk_for(user):
    """The queues of ``user``'s desk, in the order shown ([] for someone who may not
    read releases)."""
    if not (user and user.is_active and user.has_perm("releases.view_release")):
        return []
    now = timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    editor = rules.can_publish(user)
    releases = Release.objects.select_related("created_by")
    drafts = releases.filter(status=Status.DRAFT, created_by=user).annotate(
        last_step=_last_step("action"),
        last_comment=_last_step("comment"),
        last_by=_last_step("user__username"),
        last_at=_last_step("at"),
    )
    review = releases.filter(status=Status.SUBMITTED)
    if not editor:
        review = review.filter(created_by=user)
    queues = {
        # Never stepped (NULL), or stepped since it was sent back.
        "drafts": drafts.filter(
            Q(last_step__isnull=True) | ~Q(last_step=Action.SENT_BACK)
        ).order_by("-updated_at", "-pk"),
        "sent_back": drafts.filter(last_step=Action.SENT_BACK).order_by("-last_at", "-pk"),
        "review": review.order_by("updated_at", "pk"),
        "scheduled": releases.filter(status=Status.PUBLISHED, published_at__gt=now)
        .exclude(published_languages="")
        .order_by("published_at", "pk"),
        "today": releases.published()
        .filter(published_at__gte=today)
        .order_by("-published_at", "-pk"),
        "withdrawn": releases.filter(
            status=Status.WITHDRAWN, withdrawn_at__gte=recently_withdrawn_since()
        ).order_by("-withdrawn_at", "-pk"),
    }
    counts = _counts(queues)
    rows = {key: list(query[:QUEUE_LENGTH]) for key, query in queues.items()}
    day = {
        "published_at__day": today.day,
        "published_at__month": today.month,
        "published_at__year": today.year,
    }
    texts = {
        "drafts": (
            _("My drafts"),
            _("No drafts of yours."),
            _list_url(mine="yes", publication="draft"),
        ),
        "sent_back": (
            _("Sent back to me"),
            _("Nothing sent back to you."),
            _list_url(mine="yes", publication="draft"),
        ),
        "review": (
            _("Awaiting review") if editor else _("Mine awaiting review"),
            _("Nothing awaits review."),
            _list_url(publication="submitted", **({} if editor else {"mine": "yes"})),
        ),
        "scheduled": (
            _("Scheduled"),
            _("Nothing scheduled."),
            _list_url(publication="scheduled"),
        ),
        "today": (
            _("Published today"),
            _("Nothing published today yet."),
            _list_url(publication="live", **day),
        ),
        "withdrawn": (
            _("Recently withdrawn"),
            _("Nothing withdrawn in the last week."),
            _list_url(publication="withdrawn_recently"),
        ),
    }
    return [
        Queue(
            key=key,
            title=title,
            empty=empty,
            count=counts[key],
            url=url,
            items=[_item(key, release) for release in rows[key]],
        )
        for key, (title, empty, url) in texts.items()
    ]


def _counts(queues):
    """Every queue's count, in one query: each queue's condition as a filtered count
    over the releases (the queues' own queries, as id subqueries)."""
    return Release.objects.aggregate(
        **{
            key: Count("pk", filter=Q(pk__in=query.order_by().values("pk")))
            for key, query in queues.items()
        }
    )


def _item(key, release):
    author = release.created_by
    by = (author.get_full_name() or author.get_username()) if author else _("unknown")
    if key == "drafts":
        return DeskItem(release, _when(release.updated_at, _("last saved %(when)s")))
    if key == "sent_back":
        return DeskItem(
            release,
            _when(release.last_at, _("sent back %(when)s"))
            + " · "
            + (release.last_by or _("unknown")),
            release.last_comment,
        )
    if key == "review":
        return DeskItem(release, _at(release.updated_at) + " · " + by)
    if key in ("scheduled", "today"):
        return DeskItem(release, _when(release.published_at, _("%(when)s, Baku time")))
    return DeskItem(
        release, _when(release.withdrawn_at, _("withdrawn %(when)s")), release.withdrawal_reason
    )
