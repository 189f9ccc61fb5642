"""The admin's app configuration, kept apart from fabrique/admin_site.py: app loading must import no model."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Replaces `django.contrib.admin` in INSTALLED_APPS so that `admin.site` is fabrique's admin site."""

    default_site = "fabrique.admin_site.AdminSite"
