"""Let staff keep the list of organisations the linker recognises."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PRESS_OFFICER = ["add_organisation", "change_organisation", "view_organisation"]
EDITOR = PRESS_OFFICER + ["delete_organisation"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [("Press officer", PRESS_OFFICER), ("Editor", EDITOR)]:
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="releases", codename__in=codenames)
        if perms.count() != len(codenames):
            raise RuntimeError(f"Missing organisation permissions for {name}")
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="releases", codename__in=EDITOR)
    for group in Group.objects.filter(name__in=["Press officer", "Editor"]):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [("releases", "0006_organisations")]

    operations = [migrations.RunPython(grant, revoke)]
