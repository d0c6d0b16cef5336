"""Create or refresh the two local demo staff accounts: an editor and a press officer.

Contract:

* Runs only where ``settings.DEMO_ACCOUNTS`` is True (the development settings);
  anywhere else it raises ``CommandError`` and changes nothing.
* Creates, or updates if they exist, two active staff users:
  ``editor`` in the group "Editor" and ``officer`` in the group "Press officer".
  The groups come from a data migration; if one is missing the command fails
  and changes nothing (run ``manage.py migrate`` first).
* Gives each user an address at ``example.org`` unless they have one, so the
  notifications of a walk-through are printed where the development server runs
  (its console email backend).
* Gives each user a fresh random password (``secrets.token_urlsafe(12)``) on
  every run, so a password printed earlier stops working.
* Prints the admin address and one ``username / password`` line per user.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

ADMIN_URL = "http://127.0.0.1:8000/admin/"
# Reserved for examples (RFC 2606): nothing sent there reaches anyone.
DEMO_EMAIL_DOMAIN = "example.org"

# username -> group name
DEMO_USERS = {
    "editor": "Editor",
    "officer": "Press officer",
}


class Command(BaseCommand):
    help = (
        "Create or update the local demo accounts 'editor' and 'officer' with new random "
        "passwords and print them. Only where settings.DEMO_ACCOUNTS is True."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_ACCOUNTS", False):
            raise CommandError(
                "Demo accounts are disabled: settings.DEMO_ACCOUNTS is not True. "
                "They exist only for local development (majlis_site.settings.dev)."
            )

        credentials = self._create_accounts()

        self.stdout.write(f"Admin: {ADMIN_URL}")
        for username, password in credentials:
            self.stdout.write(f"  {username} / {password}")

    @transaction.atomic
    def _create_accounts(self):
        User = get_user_model()
        groups = {}
        for group_name in DEMO_USERS.values():
            try:
                groups[group_name] = Group.objects.get(name=group_name)
            except Group.DoesNotExist:
                raise CommandError(
                    f'The group "{group_name}" does not exist; run "manage.py migrate" first.'
                ) from None

        credentials = []
        for username, group_name in DEMO_USERS.items():
            user, _created = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_active = True
            user.is_superuser = False
            user.email = user.email or f"{username}@{DEMO_EMAIL_DOMAIN}"
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            user.groups.set([groups[group_name]])
            credentials.append((username, password))
        return credentials
