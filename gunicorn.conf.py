"""gunicorn's settings for `make serve` (README "Running in production").

gunicorn reads this file from the directory it starts in. Every value comes from the
environment: HOST and PORT (where to listen), WEB_CONCURRENCY (worker processes),
GUNICORN_TIMEOUT (seconds a request may take).
"""

import os

wsgi_app = "majlis_site.wsgi:application"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# No run-time control socket: nothing uses it, and two servers on one machine would share it.
control_socket_disable = True

# One line per request on standard error: client, request line, status, bytes, time in
# milliseconds; gunicorn's own messages there too.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
