"""The production settings as `make serve` runs them, in subprocesses: `check --deploy`
clean under the documented environment, then one gunicorn serving the collected static
files, uploaded media and the pages with their headers, logging each request.

The README section "Running in production" documents the variables set here.
"""

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings

from tests.majlis_site.test_hardening import PERMISSIONS, POLICY, directives

BASE_DIR = settings.BASE_DIR
PYTHON = sys.executable
GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")
CHECK_CLEAN = "System check identified no issues (0 silenced).\n"
HSTS = "max-age=31536000; includeSubDomains; preload"


def production_env(tmp_path, **extra):
    """The documented production environment, with a database and folders of the test's own."""
    env = {
        key: value
        for key, value in os.environ.items()
        # (The browser tests allow Django's async-unsafe calls for their own process.)
        if key
        not in {
            "DJANGO_SETTINGS_MODULE",
            "DATABASE_URL",
            "DEBUG",
            "SENTRY_DSN",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="majlis_site.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        ALLOWED_HOSTS="news.example.org,127.0.0.1",
        CSRF_TRUSTED_ORIGINS="https://news.example.org",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    env.update(extra)
    return env


def manage(env, *args):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_is_clean_under_the_documented_environment(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert result.stdout == CHECK_CLEAN


def test_check_deploy_warns_when_https_is_turned_off(tmp_path):
    env = production_env(tmp_path, HSTS_SECONDS="0", SECURE_SSL_REDIRECT="false")

    result = manage(env, "check", "--deploy")

    assert "(security.W004) You have not set a value for the SECURE_HSTS_SECONDS" in result.stderr
    assert "(security.W008) Your SECURE_SSL_REDIRECT setting is not set to True" in result.stderr
    assert "System check identified 2 issues (0 silenced)." in result.stderr


SHOW = """
import json, logging, sys
from django.conf import settings
print(json.dumps({
    "order": settings.AXES_IPWARE_META_PRECEDENCE_ORDER,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "sentry": "sentry_sdk" in sys.modules,
}))
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("django.request").exception("Internal Server Error: /boom/")
"""


def test_the_environment_sets_the_client_address_header_and_errors_go_to_stderr(tmp_path):
    env = production_env(tmp_path, CLIENT_IP_HEADER="X-Real-IP", HSTS_SECONDS="600")

    result = manage(env, "shell", "--no-imports", "-c", SHOW)

    assert json.loads(result.stdout) == {
        "order": ["HTTP_X_REAL_IP", "REMOTE_ADDR"],
        "hsts": 600,
        "sentry": False,
    }
    assert re.search(
        r"ERROR django\.request: Internal Server Error: /boom/\n"
        r"Traceback \(most recent call last\):\n(.*\n)+ZeroDivisionError: division by zero\n",
        result.stderr,
    ), result.stderr


SEED = """
from django.core.files.base import ContentFile
from tests.factories import PhotoFactory, ReleaseFactory, ReleasePhotoFactory
from tests.images import image_bytes
public = PhotoFactory(image=ContentFile(image_bytes("JPEG"), name="visit.jpg"))
ReleasePhotoFactory(release=ReleaseFactory(slug="public-visit"), photo=public)
draft = PhotoFactory(image=ContentFile(image_bytes("JPEG", (500, 300)), name="secret-visit.jpg"))
ReleasePhotoFactory(release=ReleaseFactory(draft=True, slug="secret-visit"), photo=draft)
print("SEEDED", public.image.url, draft.image.url)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn with the production settings, after migrate and collectstatic, as
    `make serve` starts it; yields what was seeded and gunicorn's standard error."""
    tmp_path = tmp_path_factory.mktemp("production")
    port = free_port()
    env = production_env(tmp_path, PORT=str(port), WEB_CONCURRENCY="1")
    for args in (["migrate", "--no-input"], ["collectstatic", "--no-input"], ["shell", "-c", SEED]):
        result = manage(env, *args)
        assert result.returncode == 0, result.stderr
    seeded = next(line for line in result.stdout.splitlines() if line.startswith("SEEDED "))
    _, public_image, draft_image = seeded.split()
    stderr = (tmp_path / "gunicorn.stderr").open("w+")
    process = subprocess.Popen(
        [GUNICORN, "--config", "gunicorn.conf.py"], cwd=BASE_DIR, env=env, stderr=stderr
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "gunicorn.stderr").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
        yield {
            "port": port,
            "static": tmp_path / "static",
            "hashed": manifest["paths"],
            "public_image": public_image,
            "draft_image": draft_image,
            "log": tmp_path / "gunicorn.stderr",
            "media": tmp_path / "media",
        }
    finally:
        process.terminate()
        process.wait(timeout=30)
        stderr.close()


def get(server, path, https=True, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=30)
    if https:
        headers["X-Forwarded-Proto"] = "https"
    connection.request("GET", path, headers={"Host": "news.example.org", **headers})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_the_sites_css_is_served_under_its_hashed_name_for_ever(server):
    hashed = server["hashed"]["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)

    response, body = get(server, f"/static/{hashed}")

    assert response.status == 200
    assert body == (server["static"] / hashed).read_bytes()
    assert body.startswith((BASE_DIR / "static" / "css" / "site.css").read_bytes()[:200])
    assert response.getheader("Content-Type") == 'text/css; charset="utf-8"'
    assert response.getheader("Cache-Control") == "max-age=315360000, public, immutable"


def test_the_admins_css_is_served_compressed(server):
    hashed = server["hashed"]["admin/css/base.css"]

    response, body = get(server, f"/static/{hashed}", **{"Accept-Encoding": "gzip"})

    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert body == (server["static"] / f"{hashed}.gz").read_bytes()
    assert response.getheader("Cache-Control") == "max-age=315360000, public, immutable"


def test_a_page_links_the_hashed_css_and_sends_every_security_header(server):
    response, body = get(server, "/en/")

    assert response.status == 200
    html = body.decode()
    assert f'<link rel="stylesheet" href="/static/{server["hashed"]["css/site.css"]}">' in html
    assert response.getheader("Strict-Transport-Security") == HSTS
    assert directives(response.getheader("Content-Security-Policy")) == POLICY
    assert response.getheader("Permissions-Policy") == PERMISSIONS
    assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert response.getheader("X-Frame-Options") == "DENY"


def test_plain_http_is_sent_to_https(server):
    response, _ = get(server, "/en/?page=2", https=False)

    assert response.status == 301
    assert response.getheader("Location") == "https://news.example.org/en/?page=2"


def test_uploaded_media_are_served_and_a_drafts_are_not(server):
    public, public_body = get(server, server["public_image"])
    draft, draft_body = get(server, server["draft_image"])

    assert public.status == 200
    stored = server["public_image"].removeprefix("/media/")
    assert public_body == (server["media"] / stored).read_bytes()
    assert public.getheader("Content-Type") == "image/jpeg"
    assert draft.status == 404
    assert (server["media"] / server["draft_image"].removeprefix("/media/")).exists()
    assert b"JFIF" not in draft_body


def test_each_request_is_logged_with_its_status_and_time(server):
    get(server, "/en/releases/?page=1")
    get(server, "/en/no-such-page/")

    deadline = time.monotonic() + 10
    found = re.compile(
        r' INFO gunicorn\.access: 127\.0\.0\.1 "GET /en/releases/\?page=1 HTTP/1\.1" '
        r"200 \d+ \d+ms\n"
    )
    not_found = re.compile(r'"GET /en/no-such-page/ HTTP/1\.1" 404 \d+ \d+ms\n')
    # gunicorn writes a request's line once its answer is sent.
    while not (found.search(log := server["log"].read_text()) and not_found.search(log)):
        assert time.monotonic() < deadline, log
        time.sleep(0.1)
    assert "WARNING django.request: Not Found: /en/no-such-page/\n" in log
