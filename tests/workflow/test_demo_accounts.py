"""The demo_accounts command: local-only staff accounts with fresh passwords."""

import io
import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

LINE = re.compile(r"^\s*(?P<username>\S+) / (?P<password>\S+)\s*$")


def run_demo_accounts():
    """Run the command; return its output and the printed {username: password}."""
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    output = out.getvalue()
    passwords = {}
    for line in output.splitlines():
        match = LINE.match(line)
        if match:
            passwords[match["username"]] = match["password"]
    return output, passwords


def sign_in(*, username, password):
    """The user a sign-in with these credentials finds (a sign-in comes with its request,
    which the login throttling reads)."""
    request = RequestFactory().post("/admin/login/")
    return authenticate(request, username=username, password=password)


@pytest.fixture
def demo_allowed(settings):
    settings.DEMO_ACCOUNTS = True


@pytest.mark.django_db
def test_refused_when_demo_accounts_is_off(settings):
    settings.DEMO_ACCOUNTS = False
    out = io.StringIO()

    with pytest.raises(CommandError, match="DEMO_ACCOUNTS"):
        call_command("demo_accounts", stdout=out)

    assert out.getvalue() == ""
    assert not get_user_model().objects.filter(username__in=["editor", "officer"]).exists()


@pytest.mark.django_db
def test_creates_both_staff_users_in_their_groups(demo_allowed):
    output, passwords = run_demo_accounts()

    assert "http://127.0.0.1:8000/admin/" in output
    assert set(passwords) == {"editor", "officer"}
    User = get_user_model()
    editor = User.objects.get(username="editor")
    officer = User.objects.get(username="officer")
    assert editor.is_staff is True
    assert officer.is_staff is True
    assert editor.is_active is True
    assert officer.is_active is True
    assert editor.is_superuser is False
    assert officer.is_superuser is False
    assert list(editor.groups.values_list("name", flat=True)) == ["Editor"]
    assert list(officer.groups.values_list("name", flat=True)) == ["Press officer"]
    assert editor.has_usable_password() is True
    assert officer.has_usable_password() is True
    assert editor.has_perm("releases.publish_release") is True
    assert officer.has_perm("releases.publish_release") is False


@pytest.mark.django_db
def test_printed_passwords_authenticate(demo_allowed):
    _output, passwords = run_demo_accounts()

    for username, password in passwords.items():
        user = sign_in(username=username, password=password)
        assert user is not None
        assert user.username == username
    assert sign_in(username="editor", password=passwords["officer"]) is None


@pytest.mark.django_db
def test_running_twice_keeps_two_users_and_changes_passwords(demo_allowed):
    _output, first = run_demo_accounts()
    _output, second = run_demo_accounts()

    User = get_user_model()
    assert User.objects.filter(username="editor").count() == 1
    assert User.objects.filter(username="officer").count() == 1
    assert User.objects.count() == 2
    assert first["editor"] != second["editor"]
    assert first["officer"] != second["officer"]
    for username in ("editor", "officer"):
        assert sign_in(username=username, password=first[username]) is None
        user = sign_in(username=username, password=second[username])
        assert user is not None
        assert user.username == username
        assert user.groups.count() == 1


@pytest.mark.django_db
def test_both_have_an_address_for_the_notifications_and_keep_one_they_were_given(demo_allowed):
    run_demo_accounts()
    User = get_user_model()
    User.objects.filter(username="editor").update(email="leyla@press.example")

    run_demo_accounts()

    assert dict(User.objects.values_list("username", "email")) == {
        "editor": "leyla@press.example",
        "officer": "officer@example.org",
    }
