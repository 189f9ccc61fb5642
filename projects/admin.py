"""Admin of the projects app. A project's reference and stage are read-only here too: every change of
stage, staff's included, goes through services.project_move_to_stage."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    FundingLine,
    Initiative,
    JournalEntry,
    NextStep,
    Project,
    ProjectCriterionScore,
    ProjectDocument,
    ReferenceCounter,
    SocialInnovationCriterion,
    StageChange,
    StopReason,
)


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    fields = ["at", "from_stage", "to_stage", "by", "reason", "stop_reason", "is_without_decision"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class CriterionScoreInline(admin.TabularInline):
    model = ProjectCriterionScore
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "territory", "sector", "stage", "side_state", "stage_since"]
    list_filter = ["stage", "side_state", "sector", "origin"]
    search_fields = ["reference", "title"]
    list_select_related = ["territory", "sector"]
    autocomplete_fields = ["territory", "needs", "opportunity", "referent_actor", "leader_structure"]
    raw_id_fields = ["referent_users"]
    readonly_fields = ["reference", "stage", "side_state", "stage_since", "version"]
    inlines = [CriterionScoreInline, StageChangeInline]

    def has_add_permission(self, request):
        # A project gets its reference and first stage change from services.project_create.
        return False


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ["project", "from_stage", "to_stage", "at", "by", "is_without_decision"]
    list_filter = ["to_stage", "is_without_decision"]
    list_select_related = ["project", "by"]
    search_fields = ["project__reference", "project__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StopReason)
class StopReasonAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "active"]
    search_fields = ["name"]


@admin.register(SocialInnovationCriterion)
class SocialInnovationCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "active"]
    search_fields = ["name"]


@admin.register(ProjectCriterionScore)
class ProjectCriterionScoreAdmin(SimpleHistoryAdmin):
    list_display = ["project", "criterion", "score"]
    list_filter = ["criterion", "score"]
    list_select_related = ["project", "criterion"]
    search_fields = ["project__reference", "project__title", "comment"]
    raw_id_fields = ["project"]


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(admin.ModelAdmin):
    """Read-only: services.next_reference alone takes numbers, so that no reference is given twice."""

    list_display = ["year", "last"]
    search_fields = ["year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    list_display = ["project", "date", "kind", "is_internal", "by"]
    list_filter = ["kind", "is_internal"]
    list_select_related = ["project", "by"]
    search_fields = ["project__reference", "project__title", "text"]
    raw_id_fields = ["project", "by"]
    date_hierarchy = "date"


@admin.register(NextStep)
class NextStepAdmin(admin.ModelAdmin):
    """The project's next due date follows its open steps through the services: read-only here."""

    list_display = ["project", "text", "owner", "due_date", "done_at"]
    list_select_related = ["project", "owner"]
    search_fields = ["project__reference", "project__title", "text"]
    raw_id_fields = ["project", "owner", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FundingLine)
class FundingLineAdmin(SimpleHistoryAdmin):
    list_display = ["project", "funder", "year", "scheme", "amount_requested", "amount_granted", "status"]
    list_filter = ["status", "year"]
    list_select_related = ["project", "funder"]
    search_fields = ["project__reference", "project__title", "funder__name", "scheme"]
    raw_id_fields = ["project", "funder", "recorded_by"]
    readonly_fields = ["version"]


@admin.register(ProjectDocument)
class ProjectDocumentAdmin(admin.ModelAdmin):
    """Read-only: a file is checked on its content by services.documents when it is deposited, and read through
    the download view that checks access."""

    list_display = ["project", "title", "kind", "content_type", "size", "is_internal", "uploaded_at"]
    list_filter = ["kind", "is_internal"]
    list_select_related = ["project"]
    search_fields = ["project__reference", "project__title", "title", "original_name"]
    raw_id_fields = ["project", "uploaded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    """The library of inspiring initiatives. Its search reads the same columns as the catalogue's plain search,
    so that `bench` compares like with like."""

    list_display = ["title", "sector", "target_public", "origin_region", "year_started", "status"]
    list_filter = ["status", "sector", "target_public", "origin_region"]
    search_fields = ["title", "summary", "tags"]
    list_select_related = ["sector", "origin_region"]
    autocomplete_fields = ["sector"]
    raw_id_fields = ["recorded_by"]
    readonly_fields = ["version"]
