"""The Editors group: may add, change and delete content, never users or groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from football.ops.editors import ensure_editors_group

def create_editors(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_editors_group(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("careers", "0001_initial"),
        ("news", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
