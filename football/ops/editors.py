"""The Editors group: may add, change and delete content, never users or groups."""

from django.apps import apps as global_apps

CONTENT_APPS = ["careers", "news"]
# Revisions are written by the site itself: editors read and revert them through the
# record's own change permission, never edit them by hand.
NOT_FOR_EDITORS = r"^(add|change|delete)_historical"


def ensure_editors_group(group_model, permission_model):
    editors, _ = group_model.objects.get_or_create(name="Editors")
    editors.permissions.set(
        permission_model.objects.filter(content_type__app_label__in=CONTENT_APPS).exclude(
            codename__regex=NOT_FOR_EDITORS
        )
    )
    return editors


def ensure_editors_after_migrate(sender, apps=global_apps, **kwargs):
    """Runs after every migrate and flush, once the permissions exist, so the group
    is always there with every content permission, including for models added later.
    (migrate passes its historical apps; flush passes none.)"""
    ensure_editors_group(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
