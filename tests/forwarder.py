"""A TCP forwarder the tests can cut: the database "goes away" and comes back.

``Forwarder(host, port)`` listens on a free local port and passes each connection on
to ``host:port``. ``stop()`` closes the listening socket and every connection passed
on (the server is unreachable, connections in use break); ``start()`` listens again
on the same port. ``drop()`` breaks the connections in use but keeps listening (the
server restarted between two requests).
"""

import contextlib
import socket
import threading


class Forwarder:
    def __init__(self, host, port):
        self.target = (host, int(port))
        self.port = None
        self.accepted = 0
        self._listener = None
        self._sockets = set()
        self._lock = threading.Lock()

    def start(self):
        if self._listener is not None:
            return self  # already listening
        listener = socket.socket()
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port or 0))
            listener.listen(16)
        except OSError:
            listener.close()
            raise
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self):
        listener, self._listener = self._listener, None
        if listener is not None:
            # Wakes the thread waiting in accept(): closing alone would leave it listening.
            _shut(listener)
            listener.close()
        self.drop()

    def drop(self):
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _shut(sock)
            sock.close()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # stopped
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self.accepted += 1
                self._sockets.update({client, server})
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            # Each socket is the source of one pipe: that pipe closes it; the other end
            # is shut so that its pipe ends too.
            for sock in (source, sink):
                _shut(sock)
            with self._lock:
                self._sockets.discard(source)
            source.close()


def _shut(sock):
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
