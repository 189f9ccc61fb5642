"""Admin of the governance app, every model searchable. States that services change (a meeting's status, a
decision's stage change, a pack's build) are read-only here: staff fix data, the services run the method."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    CommitteePack,
    Decision,
    Meeting,
    Target,
)


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    fields = ["user", "actor", "representative_name", "representative_email", "position", "start_on", "end_on"]
    raw_id_fields = ["user", "actor"]


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "territory", "is_active", "created_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "purpose"]
    list_select_related = ["territory"]
    autocomplete_fields = ["territory"]
    readonly_fields = ["version"]
    inlines = [CommitteeMemberInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "user", "representative_name", "actor", "position", "start_on", "end_on"]
    list_filter = ["position", "committee__kind"]
    search_fields = [
        "committee__name",
        "representative_name",
        "representative_email",
        "user__email",
        "user__last_name",
        "actor__name",
    ]
    list_select_related = ["committee", "user", "actor"]
    raw_id_fields = ["committee", "user", "actor"]
    readonly_fields = ["version"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "project", "topic", "presenter", "duration_minutes"]
    raw_id_fields = ["project"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "committee", "starts_at", "status", "place"]
    list_filter = ["status", "committee__kind"]
    search_fields = ["title", "place", "committee__name"]
    list_select_related = ["committee"]
    raw_id_fields = ["committee"]
    readonly_fields = [
        "status",
        "convened_at",
        "convocation_count",
        "minutes_approved_at",
        "minutes_approved_by",
        "version",
    ]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "position", "project", "presenter", "duration_minutes"]
    search_fields = ["topic", "presenter", "project__reference", "project__title", "meeting__title"]
    list_select_related = ["meeting", "meeting__committee", "project"]
    raw_id_fields = ["meeting", "project"]
    readonly_fields = ["version"]


@admin.register(AgendaDocument)
class AgendaDocumentAdmin(admin.ModelAdmin):
    """Read-only: a file is checked on its content when it is deposited, and read through the download view
    that checks access."""

    list_display = ["title", "agenda_item", "content_type", "size", "uploaded_at"]
    search_fields = ["title", "original_name"]
    list_select_related = ["agenda_item", "agenda_item__project"]
    raw_id_fields = ["agenda_item", "uploaded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "member", "status", "represented_by"]
    list_filter = ["status"]
    search_fields = ["meeting__title", "member__representative_name", "member__user__email", "represented_by"]
    list_select_related = ["meeting", "meeting__committee", "member", "member__user"]
    raw_id_fields = ["meeting", "member"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "agenda_item", "project", "outcome", "decided_on", "amount"]
    list_filter = ["outcome"]
    search_fields = ["project__reference", "project__title", "rationale", "conditions", "agenda_item__topic"]
    list_select_related = ["agenda_item", "agenda_item__project", "project"]
    raw_id_fields = ["agenda_item", "amends", "recorded_by"]
    readonly_fields = ["project", "decided_on", "stage_change", "version"]
    date_hierarchy = "decided_on"

    def has_add_permission(self, request):
        # A decision is recorded by services.decision_record, which makes the stage change it opens.
        return False


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["description", "meeting", "owner", "owner_name", "due_on", "done_on"]
    list_filter = ["done_on"]
    search_fields = ["description", "owner_name", "owner__email", "meeting__title"]
    list_select_related = ["meeting", "meeting__committee", "owner"]
    raw_id_fields = ["meeting", "agenda_item", "owner"]
    readonly_fields = ["version"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["year", "territory", "indicator", "value"]
    list_filter = ["year", "indicator"]
    search_fields = ["territory__name", "indicator"]
    list_select_related = ["territory"]
    autocomplete_fields = ["territory"]
    readonly_fields = ["version"]


@admin.register(CommitteePack)
class CommitteePackAdmin(admin.ModelAdmin):
    """Read-only: a pack is built by its background job and published from its page."""

    list_display = ["committee", "year", "number", "status", "progress", "requested_at", "published_at"]
    list_filter = ["status", "year"]
    search_fields = ["committee__name"]
    list_select_related = ["committee"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
