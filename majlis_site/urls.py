"""Root URLs: the public site, the admin, sitemaps, and uploaded media."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, register_converter
from django.views.generic import TemplateView

from majlis_site import health, media
from public import languages
from public.sitemaps import SITEMAPS

admin.site.site_header = "Milli Majlis Press Office"
admin.site.site_title = "Press Office"
admin.site.index_title = "Newsroom"

# A database outage answers 503, also when it strikes outside a view (majlis_site/outage.py).
handler500 = "majlis_site.outage.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    # For a load balancer (majlis_site/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    # The open data API (api/), one address for every language: ?lang= chooses.
    path("api/", include("api.urls")),
    path("", include("workflow.urls")),
    path("", languages.language_home, name="language_home"),
]
# Every public page in each language, under /az/, /en/ and /ru/.
urlpatterns += i18n_patterns(
    path("", include("public.people_urls")),
    path("", include("public.urls")),
)

# Uploaded media, by the application, in development and production alike (majlis_site/media.py);
# media kept elsewhere (MEDIA_URL a full address) are served from there.
if settings.MEDIA_URL.startswith("/"):
    urlpatterns += [
        path(f"{settings.MEDIA_URL.lstrip('/')}<path:name>", media.serve_media, name="media")
    ]

# Last: the addresses of before, each sent on to its English page.
# (Not one already in a language: the locale middleware would send every address that
# is not found to one that "exists".)
register_converter(languages.OldPathConverter, "oldpath")
urlpatterns += [path("<oldpath:path>", languages.old_address, name="old_address")]
