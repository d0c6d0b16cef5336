"""Django's PostgreSQL backend with a health check that costs no round trip while the
connection is plainly alive.

With ``CONN_HEALTH_CHECKS``, Django asks a kept connection ``SELECT 1`` at the start of
every request that reads the database: one more round trip on every page. A server
that restarts, stops or ends an idle session closes its side of the connection, and
the closed socket is then readable. So a kept connection whose socket has nothing to
read (a poll with no wait) is used without asking; one that has something to read
(the server's goodbye, or the end of the stream) gets Django's own check, which closes
it if it fails. A connection whose server vanished without closing it (a host cut off
the network) fails its first query instead, as it would without any check: that
request answers 503 (``majlis_site.outage``) and the next one opens a new connection.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not _has_input(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()


def _has_input(connection):
    """Whether the connection's socket has anything to read (or is closed) right now."""
    try:
        fileno = connection.fileno()
    except base.Database.Error:  # one the driver already knows is closed
        return True
    poller = select.poll()
    poller.register(fileno, select.POLLIN)
    return bool(poller.poll(0))
