"""Which content the cached pages were made from: the page cache's generation.

A generation names one state of everything public. Each content change that commits
starts a new one (``content_changed``, called by ``search.derived`` once the derived
state is current too), and so does the moment a scheduled release comes out: a
generation knows the next such moment (its ``horizon``) and ends there. Cached pages
are kept under their generation, so none outlives the content it shows, on any server
that shares the cache.
"""

import collections
import contextlib
import contextvars
import dataclasses
import logging
import math
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.utils import timezone
from redis.exceptions import RedisError

from releases.models import Release

logger = logging.getLogger(__name__)

_KEY = "pages:generation"

# What an unreachable shared cache raises (Redis; a local cache raises nothing).
CACHE_ERRORS = (RedisError, OSError)

# A change committed while the shared cache was unreachable: its generation is ended as
# soon as this process reaches the cache again, before it reads any page from it.
_end_pending = False

# Within ``one_generation()``: [the generation read there, or None before the first read].
_pinned = contextvars.ContextVar("pinned_generation", default=None)


@dataclasses.dataclass(frozen=True)
class Generation:
    token: str
    # When it began: the Last-Modified of every page made in it (seconds since the epoch).
    started: float
    # When the next scheduled release comes out (seconds since the epoch), or None.
    horizon: float | None

    def seconds_left(self, at):
        """How long a page of this generation may be kept, from ``at``."""
        if self.horizon is None:
            return None
        return max(0, int(self.horizon - at))


def _cache():
    return caches[settings.NEWSROOM_PAGE_CACHE["ALIAS"]]


def _begin(at, *, not_before=0.0):
    due = Release.objects.next_publication_at()
    generation = Generation(
        token=secrets.token_hex(8),
        # A whole second later than the one before, so that Last-Modified, which HTTP
        # gives in whole seconds, changes with every generation.
        started=max(at, not_before),
        horizon=due.timestamp() if due is not None else None,
    )
    # Kept past any page's life: pages are found only through it.
    _cache().set(_KEY, dataclasses.astuple(generation), timeout=None)
    return generation


def now():
    """Seconds since the epoch, by the clock ``published()`` reads."""
    return timezone.now().timestamp()


@contextlib.contextmanager
def one_generation():
    """Within it (one request), ``current()`` reads the shared cache once: everything
    the request makes belongs to the generation it began in, as a kept page does. A
    change committed within it is seen at the next ``current()``."""
    reset = _pinned.set([None])
    try:
        yield
    finally:
        _pinned.reset(reset)


def current():
    """The generation now: the one kept in the shared cache, or a new one when there is
    none yet or its horizon has come (one query, then, for the next horizon); within
    ``one_generation()``, the one read first there."""
    pin = _pinned.get()
    if pin is not None and pin[0] is not None:
        return pin[0]
    generation = _current()
    if pin is not None:
        pin[0] = generation
    return generation


def _current():
    if _end_pending:
        content_changed()
        if _end_pending:
            raise RedisError("The page cache's generation could not be ended.")
    at = now()
    kept = _cache().get(_KEY)
    if kept is None:
        return _begin(at)
    generation = Generation(*kept)
    if generation.token is None:
        return _begin(at, not_before=math.floor(generation.started) + 1)
    if generation.horizon is not None and generation.horizon <= at:
        try:
            return _begin(at, not_before=math.floor(generation.started) + 1)
        except DatabaseError:
            # The database is unreachable: its pages, which show less than is now due
            # but nothing that is not, are served until it is back.
            return generation
    return generation


def content_changed():
    """End the current generation: every page cached so far is made again when next
    asked for. Called after the change has committed; when the shared cache is
    unreachable, logged and tried again before this process next reads it."""
    global _end_pending
    pin = _pinned.get()
    if pin is not None:
        pin[0] = None
    try:
        kept = _cache().get(_KEY)
        started = Generation(*kept).started if kept is not None else now()
        # Ended, not forgotten: the next one begins a second after this one did, at least.
        _cache().set(_KEY, (None, started, None), timeout=None)
    except CACHE_ERRORS:
        logger.exception("The page cache is unreachable: kept pages are ended when it is back")
        _end_pending = True
    else:
        _end_pending = False


# Per process: {key: value} of the generation named by _memo_token, oldest first.
_memo = collections.OrderedDict()
_memo_token = None
# Entries one process keeps at most (the least recently used go first): a few
# kilobytes each, release cards most of them.
MEMO_ENTRIES = 20_000


def memo():
    """This process's memo of the current generation: a mapping to keep what pages made
    from the content as it is now, forgotten when the generation ends. None when the
    memo is off (``NEWSROOM_PAGE_CACHE["MEMO"]``) or the shared cache is unreachable
    (whether the content changed cannot be known)."""
    global _memo, _memo_token
    if not settings.NEWSROOM_PAGE_CACHE.get("MEMO", True):
        return None
    try:
        token = current().token
    except CACHE_ERRORS:
        return None
    if token != _memo_token:
        _memo, _memo_token = _Memo(), token
    return _memo


class _Memo(collections.OrderedDict):
    """A mapping that keeps the MEMO_ENTRIES most recently used entries."""

    def __getitem__(self, key):
        value = super().__getitem__(key)
        self.move_to_end(key)
        return value

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.move_to_end(key)
        if len(self) > MEMO_ENTRIES:
            self.popitem(last=False)


def remembered(key, compute):
    """``compute()``, made once per generation in this process (``memo()``): what many
    pages show and every change may alter (the filter counts, the sidebar's widgets),
    under ``key`` (hashable, naming everything the value depends on besides the
    content: the language, the filters …). Without a memo, computed every time."""
    kept = memo()
    if kept is None:
        return compute()
    if key in kept:
        return kept[key]
    value = kept[key] = compute()
    return value
