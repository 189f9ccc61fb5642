"""Admin for users and invitations, and allauth's e-mail addresses and authenticators listed with their user."""

from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin as BaseAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Invitation, PersonalDataAudit, User

# Every changelist selects the foreign keys it shows with its rows, or it makes a query per row
# (tests/fabrique/test_admin_queries.py). allauth's own admins do not: they are replaced here.
admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(EmailAddress)
class EmailAddressAdmin(BaseEmailAddressAdmin):
    list_select_related = ["user"]


@admin.register(Authenticator)
class AuthenticatorAdmin(BaseAuthenticatorAdmin):
    list_select_related = ["user"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    list_select_related = ["organisation"]
    search_fields = ["email", "first_name", "last_name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name", "organisation", "role"]}),
        (_("Droits"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "organisation", "role", "password1", "password2"]})
    ]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    list_select_related = ["organisation"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token_hash"]
    autocomplete_fields = ["organisation", "invited_by", "user"]


@admin.register(PersonalDataAudit)
class PersonalDataAuditAdmin(admin.ModelAdmin):
    """Read only: an audit record is evidence, written by the personal-data services alone."""

    list_display = ["at", "action", "by", "source", "record_id", "summary"]
    list_filter = ["action", "source"]
    list_select_related = ["by"]
    search_fields = ["source", "summary", "by__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
