"""Admin of the core: background jobs, sent emails and notifications, read-only (a job changes state through
core/jobs.py; a coordinator relaunches a failed one from the jobs page)."""

from django.contrib import admin

from .models import Job, Notification, NotificationOptOut, SentEmail


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "status", "attempts", "requested_by", "created_at", "sent_at", "finished_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["requested_by"]
    search_fields = ["kind", "dedup_key"]
    date_hierarchy = "created_at"


@admin.register(SentEmail)
class SentEmailAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "to", "subject"]
    search_fields = ["to", "subject", "dedup_key"]
    date_hierarchy = "sent_at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "kind", "subject", "status", "send_after", "sent_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["user"]
    search_fields = ["to", "subject", "dedup_key"]
    date_hierarchy = "created_at"


@admin.register(NotificationOptOut)
class NotificationOptOutAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind"]
    list_select_related = ["user"]
    search_fields = ["user__email", "kind"]
