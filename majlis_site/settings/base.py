"""Settings shared by every environment.

Everything that differs between machines comes from environment variables
(12-factor): DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    # Before the admin: it gives registered models a field per language.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # taggit, named "Tags" for the staff (releases/apps.py).
    "releases.apps.TagsConfig",
    "reversion",
    # Login throttling (the hardening block below).
    "axes",
    # Photo renditions (releases/renditions.py).
    "imagekit",
    # The newsroom's apps, from the bottom layer up (docs/architecture.md).
    "people",
    "releases",
    "search",
    "importing",
    "workflow",
    "public",
    # The open data API (api/, docs/api.md) and the library it is written with.
    "rest_framework",
    # The site itself: its backup and restore commands (majlis_site/backups.py).
    "majlis_site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files, before anything that reads a session or the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-csp, with the policy built once (majlis_site/csp.py).
    "majlis_site.csp.SitePolicyCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # 304 for a conditional GET, from the ETag and Last-Modified of a page, kept or not.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before the session: a reader's page from the cache needs no database at all.
    "public.caching.PageCacheMiddleware",
    # A view that fails on the database answers 503 (majlis_site/outage.py).
    "majlis_site.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of a page is the prefix of its address (/az/, /en/, /ru/).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "majlis_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "public.context_processors.site",
            ],
        },
    },
]

# Each process keeps rendered release cards (templates/releases/includes/release_card.html),
# keyed by everything a card shows, so a kept card is never out of date.
# Sessions are read from the cache and kept in the database: a signed-in page reads
# no session row, and a sign-out or a restart loses nothing.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "majlis",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
# More than one server: with REDIS_URL (redis://host:6379/0) the cache is one Redis that
# every server shares, so a kept page, a session and the page cache's generation are the
# same on all of them; without it, each process keeps its own.
if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "majlis"),
        }
    }

# The page cache (public/caching.py): public pages kept whole in this cache, under the
# generation of the content they show (search/freshness.py), at most TIMEOUT seconds and
# never past the next scheduled publication; a CDN may keep them SHARED_MAX_AGE seconds
# (Cache-Control s-maxage). Addresses with longer queries than MAX_QUERY are not kept.
NEWSROOM_PAGE_CACHE = {
    "ENABLED": env_bool("PAGE_CACHE", True),
    "ALIAS": "default",
    "TIMEOUT": 24 * 3600,
    "SHARED_MAX_AGE": 60,
    "MAX_QUERY": 500,
    # What many pages show (filter counts, the sidebar's widgets) made once per
    # generation in each process (search.freshness.remembered), cache or no cache.
    "MEMO": env_bool("PAGE_MEMO", True),
}

WSGI_APPLICATION = "majlis_site.wsgi.application"

# The embedded default is an SQLite file in the project; production points
# DATABASE_URL at PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A connection kept from an earlier request is checked before it is used again:
        # once the database is back after an outage, the next request works.
        conn_health_checks=True,
    )
}
# Seconds a reader or a load balancer is told to wait when the database is down.
NEWSROOM_RETRY_AFTER = 30

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a health check that needs no round trip while the
    # connection is plainly alive (majlis_site/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "majlis_site.postgresql"
    # Planner settings for a web site's short queries (docs/benchmarks.md). The default
    # cost of a random read (4) describes spinning disks: with the SSD cost the planner
    # reads the few thousand rows a search matches through the search index instead of
    # scanning the whole release table. Parallel workers take longer to start (10–25 ms)
    # than any page's query takes to run.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c random_page_cost=1.1 -c max_parallel_workers_per_gather=0"
    )
    # A server that is gone (packets dropped) fails a request in seconds, not minutes.
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two people saving at once: the second waits for the first (up to 20 s) instead of
    # failing with "database is locked". A transaction takes the write lock as it
    # begins, so one that read first cannot be refused when it comes to write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The press office publishes in Azerbaijani, English and Russian (docs/languages.md).
# English is the language of a page with no language of its own (the admin without a
# choice, management commands) and of everything written before the site had three.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("az", "Azərbaycanca"),
    ("en", "English"),
    ("ru", "Русский"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates stay in the British form (28 March 2022, 18:10).
FORMAT_MODULE_PATH = ["majlis_site.formats"]
TIME_ZONE = "Asia/Baku"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded photos (majlis_site/uploads.py): JPEG, PNG or WebP, at most this heavy and
# this many pixels (read from the header, before decoding), and at least this wide.
NEWSROOM_IMAGE_MAX_BYTES = 10 * 1024 * 1024
NEWSROOM_IMAGE_MAX_PIXELS = 40_000_000
NEWSROOM_IMAGE_MIN_WIDTH = 400
# Documents attached to a release (safety/documents.py): PDF and office files.
NEWSROOM_DOCUMENT_MAX_BYTES = 25 * 1024 * 1024
# How long the photo and document addresses a preview page gives stay valid (seconds).
NEWSROOM_PREVIEW_MEDIA_SECONDS = 6 * 60 * 60

# Photo renditions (releases/renditions.py): made once, after the photo's save has
# committed (search/derived.py), and named after their photo, so the media view knows
# whose they are; a page never asks the storage whether one exists.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "releases.renditions.MadeAfterCommit"
IMAGEKIT_SPEC_CACHEFILE_NAMER = "releases.renditions.rendition_name"
IMAGEKIT_CACHEFILE_DIR = "renditions"

# Columns per language (title_az, title_en, title_ru …): English holds what the site
# published before it had three languages; a name missing in one language is shown in
# English, then Azerbaijani.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "az", "ru")
# A value given without a language (Release(title=…), a fixture's "title") is English.
MODELTRANSLATION_AUTO_POPULATE = "default"
# Staff see each language's field named by the language: "Title (Русский)".
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = lambda name, lang: (  # noqa: E731
    f"{name} ({dict(LANGUAGES)[lang]})"
)

# Tags are case-insensitive so "TurkPA" and "turkpa" stay one tag.
TAGGIT_CASE_INSENSITIVE = True

# Site-wide texts, in each language the press office publishes in (Azerbaijani first).
# The standing paragraph ends every release page; it is not stored in each release's
# body. The Azerbaijani and Russian texts are the newsroom's translations of the
# English paragraph and signature as the archive gives them.
NEWSROOM_LANGUAGE_TEXTS = {
    "az": {
        "DEFAULT_BYLINE": "Mətbuat və ictimaiyyətlə əlaqələr şöbəsi",
        "SIGNATURE": "Milli Məclis",
        "STANDING_PARAGRAPH": (
            "Azərbaycan Respublikasının Milli Məclisi - dövlətin qanunvericilik hakimiyyəti "
            "orqanı 125 deputatdan ibarət bir palatalı parlamentdir. Deputatlar majoritar "
            "seçki sistemi əsasında ümumi, bərabər və birbaşa seçki hüququ əsasında sərbəst, "
            "şəxsi və gizli səsvermə yolu ilə seçilirlər. Milli Məclisin çağırışının "
            "səlahiyyət müddəti 5 ildir."
        ),
    },
    "en": {
        "DEFAULT_BYLINE": "The Press and Public Relations Department",
        "SIGNATURE": "The Milli Majlis",
        "STANDING_PARAGRAPH": (
            "The Milli Majlis of the Republic of Azerbaijan - The state legislative power "
            "branch organ is a unicameral parliament that has 125 MPs. The MPs are elected "
            "as based on the majority electoral system by free, private and confidential "
            "vote reliant on the general, equitable and immediate suffrage. The tenure of "
            "a Milli Majlis convocation is 5 years."
        ),
    },
    "ru": {
        "DEFAULT_BYLINE": "Отдел по связям с прессой и общественностью",
        "SIGNATURE": "Милли Меджлис",
        "STANDING_PARAGRAPH": (
            "Милли Меджлис Азербайджанской Республики - орган законодательной власти "
            "государства, однопалатный парламент, состоящий из 125 депутатов. Депутаты "
            "избираются по мажоритарной избирательной системе на основе всеобщего, равного "
            "и прямого избирательного права путем свободного, личного и тайного голосования. "
            "Срок полномочий Милли Меджлиса одного созыва - 5 лет."
        ),
    },
}
# The site's name and publisher are read in the language of the page (the interface's
# catalogs in locale/); the other texts are English here, and the pages show those of
# their language (public.context_processors).
NEWSROOM = {
    # The country whose parliament this is (ISO code): meetings held there are incoming
    # visits, its officials the home side of every dossier.
    "HOME_COUNTRY": "AZ",
    "SITE_NAME": _("Milli Majlis Press Office"),
    "PUBLISHER": _("The Milli Majlis of the Republic of Azerbaijan"),
    **NEWSROOM_LANGUAGE_TEXTS["en"],
}

# The open data API (api/): read-only and anonymous, JSON unless ?format=api asks for the
# browsable page, answers found by address alone (so the page cache may keep them),
# a rate limit per client address. Behind proxies, NEWSROOM_PROXIES says how many
# X-Forwarded-For entries they add, so the client's own address is the one counted.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.ByAddressOnly",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerClient"],
    "DEFAULT_SCHEMA_CLASS": "rest_framework.schemas.openapi.AutoSchema",
    "NUM_PROXIES": int(os.environ.get("NEWSROOM_PROXIES", "0")),
}
NEWSROOM_API = {
    # Requests per client that reach the database (answers kept by the page cache are free).
    "RATE": os.environ.get("NEWSROOM_API_RATE", "120/minute"),
}

# Demo accounts (a local editor and press officer) exist only where a settings
# module turns this on; production never does.
DEMO_ACCOUNTS = False

LOGIN_URL = "admin:login"
# Staff sign in at the admin's login; where its "next" is missing or leads off the
# site, they land on the admin's front page (Django's default is a page this site
# does not have).
LOGIN_REDIRECT_URL = "admin:index"

# Editorial workflow: how long a preview link lives.
NEWSROOM_PREVIEW_DAYS = 7
# The edit form says it is open every HEARTBEAT seconds; someone whose form has not said
# so for EXPIRES seconds is no longer "editing" (a closed tab says so at once).
NEWSROOM_PRESENCE = {"HEARTBEAT_SECONDS": 20, "EXPIRES_SECONDS": 60}
# Seconds between two saves of a text being written (workflow/autosave.py).
NEWSROOM_AUTOSAVE_SECONDS = 5

# Notifications to staff (workflow/notifications.py): SMTP from the environment; the
# development settings print them instead. The release's admin link starts with
# SITE_URL, the address staff reach the site at.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
NEWSROOM_SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")


# --- Hardening: headers, sign-in throttling (README "Running in production") ---
# Every script and style comes from the site's own static files: no inline code, on the
# public pages or in the admin. JSON-LD blocks are data, which the policy does not cover.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env_list("CSP_MEDIA_ORIGINS")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Powerful browser features no page of the site uses, refused to it and to anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account or address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account from one address lock that pair for an hour;
# `manage.py axes_reset_username NAME` (or `axes_reset`) unlocks at once.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# The client's address (django-ipware): REMOTE_ADDR when nothing stands in front of the
# site. Behind one reverse proxy that sets a header to the address it saw (nginx:
# `proxy_set_header X-Real-IP $remote_addr;`), CLIENT_IP_HEADER names that header;
# whatever a client writes into it is overwritten by the proxy.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "").strip()
if CLIENT_IP_HEADER:
    AXES_IPWARE_META_PRECEDENCE_ORDER = (
        "HTTP_" + CLIENT_IP_HEADER.upper().replace("-", "_"),
        "REMOTE_ADDR",
    )
