"""Create the two staff groups: Press officer (writes) and Editor (also publishes)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PRESS_OFFICER = {
    "releases": ["add_release", "change_release", "view_release", "view_section",
                 "add_meeting", "change_meeting", "view_meeting"],
    "people": ["add_official", "change_official", "view_official",
               "add_position", "change_position", "delete_position", "view_position",
               "view_country"],
    "taggit": ["add_tag", "view_tag"],
}
EDITOR_EXTRA = {
    "releases": ["publish_release", "delete_release", "add_section", "change_section",
                 "delete_meeting"],
    "people": ["change_country"],
    "taggit": ["change_tag"],
}


def _perms(apps, spec):
    Permission = apps.get_model("auth", "Permission")
    perms = []
    for app_label, codenames in spec.items():
        found = list(
            Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
        missing = set(codenames) - {p.codename for p in found}
        if missing:
            raise RuntimeError(f"Missing permissions for {app_label}: {sorted(missing)}")
        perms.extend(found)
    return perms


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    officer, _ = Group.objects.get_or_create(name="Press officer")
    officer.permissions.set(_perms(apps, PRESS_OFFICER))
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(_perms(apps, PRESS_OFFICER) + _perms(apps, EDITOR_EXTRA))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Press officer", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0001_initial"),
        ("people", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
