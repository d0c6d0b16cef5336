"""Two application servers sharing the work, as `make serve` runs them on two machines:
one PostgreSQL, one Redis (the cache, the sessions and the page cache's generation),
one S3-compatible bucket (the uploads; moto's server here).

An editor signs in to the first server in a real browser, adds a photo to a draft and
publishes it; a reader asking the second server, which had kept its pages from before,
sees the release at once, and its photo; the editor's session is valid on the second.

Needs PostgreSQL (``DATABASE_URL``) and Debian's ``redis-server``, which ``.ci/run``
installs; without them the test is skipped, except in CI, where it fails.
"""

import contextlib
import http.client
import os
import secrets
import shutil
import subprocess
import time

import boto3
import psycopg
import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import expect

from tests.browser.conftest import STAFF_PASSWORD, TIMEOUT_MS
from tests.images import image_bytes
from tests.majlis_site.test_production import GUNICORN, free_port, manage, production_env

pytestmark = pytest.mark.browser

PUBLIC_HOST = "news.example.org"
BUCKET = "majlis-media"
MOTO_SERVER = os.path.join(os.path.dirname(GUNICORN), "moto_server")
DRAFT_TITLE = "The Chair receives the Ambassador of Kazakhstan"
KEPT_TITLE = "The Chair meets the Senate of Kazakhstan"

SEED = f"""
from tests.factories import ReleaseFactory, UserFactory, country
UserFactory(username="editor", password={STAFF_PASSWORD!r}, groups=["Editor"])
ReleaseFactory(title={KEPT_TITLE!r}, slug="the-chair-meets-the-senate", countries=[country("KZ")])
draft = ReleaseFactory(draft=True, title={DRAFT_TITLE!r}, slug="the-chair-receives",
                       countries=[country("KZ")])
print("SEEDED", draft.pk, draft.get_absolute_url())
"""


def needed(program):
    """The path of ``program``; the test is skipped without it, but fails in CI."""
    path = shutil.which(program) or (program if os.path.exists(program) else None)
    if path is None:
        message = f"{program} is not installed (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def wait_for(port, path="/healthz", *, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server on port {port} stopped (exit {process.returncode})")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    pytest.fail(f"nothing answered on port {port}")


def get(port, path, *, host=PUBLIC_HOST, cookie=None):
    """(status, headers, body) of a GET to the server on ``port``, by the public name
    unless ``host`` says otherwise, as a load balancer in front of both would send it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"Host": host}
    if cookie:
        headers["Cookie"] = cookie
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def database():
    """A database of the test's own on the PostgreSQL server the tests use."""
    if connection.vendor != "postgresql":
        pytest.skip("two servers share a PostgreSQL database (DATABASE_URL=postgres://…)")
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params["dbname"] = "postgres"
    name = f"{settings.DATABASES['default']['NAME']}_servers"[:60]
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    db = settings.DATABASES["default"]
    yield f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    """A Redis server and an S3-compatible server on free ports, stopped afterwards."""
    tmp = tmp_path_factory.mktemp("services")
    redis_port, s3_port = free_port(), free_port()
    processes = [
        subprocess.Popen(
            [needed("redis-server"), "--port", str(redis_port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(tmp)],
            stdout=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [MOTO_SERVER, "-H", "127.0.0.1", "-p", str(s3_port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    try:
        wait_for(s3_port, "/", process=processes[1])
        keys = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
        s3 = boto3.client(
            "s3", endpoint_url=f"http://127.0.0.1:{s3_port}", region_name="us-east-1", **keys
        )
        s3.create_bucket(Bucket=BUCKET)
        yield (
            {
                "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
                "AWS_STORAGE_BUCKET_NAME": BUCKET,
                "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
                "AWS_S3_REGION_NAME": "us-east-1",
                "AWS_ACCESS_KEY_ID": keys["aws_access_key_id"],
                "AWS_SECRET_ACCESS_KEY": keys["aws_secret_access_key"],
            },
            s3,
        )
    finally:
        stop(processes)


@pytest.fixture(scope="module")
def servers(tmp_path_factory, database, services):
    """Two gunicorns with the production settings on one database, cache and bucket;
    yields their ports, the draft's id, the bucket's client and the folders each would
    keep media in without the bucket."""
    shared, s3 = services
    tmp = tmp_path_factory.mktemp("two-servers")
    secret = secrets.token_urlsafe(50)
    ports, processes, envs = [free_port(), free_port()], [], []
    for number, port in enumerate(ports):
        folder = tmp / f"server-{number}"
        folder.mkdir()
        env = production_env(
            folder,
            SECRET_KEY=secret,
            DATABASE_URL=database,
            ALLOWED_HOSTS=f"{PUBLIC_HOST},127.0.0.1",
            STATIC_ROOT=str(tmp / "static"),
            PORT=str(port),
            WEB_CONCURRENCY="2",
            # Plain HTTP between the test and the servers.
            SECURE_SSL_REDIRECT="false",
            SECURE_COOKIES="false",
            HSTS_SECONDS="0",
            **shared,
        )
        envs.append(env)
    for args in (["migrate", "--no-input"], ["collectstatic", "--no-input"], ["shell", "-c", SEED]):
        result = manage(envs[0], *args)
        assert result.returncode == 0, result.stderr
    seeded = next(line for line in result.stdout.splitlines() if "SEEDED" in line).split()
    draft_pk, release_url = int(seeded[1]), seeded[2]
    with contextlib.ExitStack() as files:
        for env in envs:
            stderr = files.enter_context(open(tmp / f"gunicorn-{env['PORT']}.stderr", "w"))
            processes.append(
                subprocess.Popen(
                    [GUNICORN, "--config", "gunicorn.conf.py"],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stderr=stderr,
                )
            )
        files.callback(stop, processes)
        for port, process in zip(ports, processes, strict=True):
            wait_for(port, process=process)
        yield {
            "ports": ports,
            "draft": draft_pk,
            "release_url": release_url,
            "s3": s3,
            "media_roots": [env["MEDIA_ROOT"] for env in envs],
        }


def stop(processes):
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=20)


def test_two_servers_share_the_pages_the_uploads_and_the_sessions(servers, browser, tmp_path):
    first, second = servers["ports"]

    # Both servers are ready: database, cache and bucket answer.
    for port in (first, second):
        assert get(port, "/readyz", host="127.0.0.1")[2] == (
            b'{"database": "ok", "cache": "ok", "storage": "ok"}'
        )

    # The second keeps the list of releases; the first serves it from the shared cache.
    status, headers, body = get(second, "/en/releases/")
    assert (status, headers["X-Page-Cache"]) == (200, "miss")
    assert KEPT_TITLE in body.decode() and DRAFT_TITLE not in body.decode()
    assert get(second, "/en/releases/")[1]["X-Page-Cache"] == "hit"
    assert get(first, "/en/releases/")[1]["X-Page-Cache"] == "hit"

    # On the first, the editor signs in, adds a photo to the draft and publishes it.
    context = browser.new_context(base_url=f"http://127.0.0.1:{first}", locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username:").fill("editor")
    page.get_by_label("Password:").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text("Welcome, editor.")

    photo = tmp_path / "ambassador.jpg"
    photo.write_bytes(image_bytes("JPEG", (800, 500)))
    page.goto(f"/admin/releases/release/{servers['draft']}/change/")
    # The photo goes to the library from the "+" beside the release's photo choice.
    with page.expect_popup() as opened:
        page.locator("#add_id_release_photos-0-photo").click()
    popup = opened.value
    popup.locator("#id_image").set_input_files(photo)
    popup.locator("#id_caption_en").fill("The Chair receives the Ambassador")
    popup.locator("#id_alt_text_en").fill("The Chair shaking hands with the Ambassador")
    popup.get_by_role("button", name="Save", exact=True).click()
    # The save answers once the photo's renditions are in the bucket (made after the
    # commit, within the request): on a loaded machine that is more than the default wait.
    popup.wait_for_event("close", timeout=60_000)
    expect(page.locator("#id_release_photos-0-photo")).not_to_have_value("")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto("/admin/releases/release/")
    page.locator(f"input[name=_selected_action][value='{servers['draft']}']").check()
    page.locator("select[name=action]").select_option("publish_selected")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_have_text("Published 1 release(s).")

    # The second server's kept list is fresh at once, and shows the photo, from the bucket.
    status, headers, body = get(second, "/en/releases/")
    assert (status, headers["X-Page-Cache"]) == (200, "miss")
    assert DRAFT_TITLE in body.decode() and KEPT_TITLE in body.decode()
    # The photo and its renditions are in the bucket, none on either server's disk, and
    # the second serves them.
    stored = [item["Key"] for item in servers["s3"].list_objects_v2(Bucket=BUCKET)["Contents"]]
    [original] = [key for key in stored if key.endswith("/ambassador.jpg")]
    renditions = [key for key in stored if key.startswith("renditions/")]
    assert {key.rsplit(".", 1)[1] for key in renditions} == {"webp", "jpg"}
    status, _, page_body = get(second, servers["release_url"])
    assert status == 200
    shown = [key for key in renditions if f"/media/{key}" in page_body.decode()]
    assert {key.rsplit(".", 1)[1] for key in shown} == {"webp", "jpg"}
    status, headers, image = get(second, f"/media/{original}")
    assert (status, image) == (200, photo.read_bytes())
    assert headers["Cache-Control"] == "public, max-age=600"
    webp = next(key for key in shown if key.endswith(".webp"))
    status, headers, image = get(second, f"/media/{webp}")
    assert (status, image[8:12]) == (200, b"WEBP")
    assert not any(os.path.exists(root) and os.listdir(root) for root in servers["media_roots"])

    # The session made on the first is valid on the second; without it, the admin asks
    # to sign in.
    session = next(c for c in context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    cookie = f"{session['name']}={session['value']}"
    status, _, body = get(second, "/admin/", host="127.0.0.1", cookie=cookie)
    assert status == 200
    assert '<div id="user-tools">' in body.decode() and 'action="/admin/logout/"' in body.decode()
    status, headers, _ = get(second, "/admin/", host="127.0.0.1")
    assert (status, headers["Location"]) == (302, "/admin/login/?next=/admin/")
    context.close()
