"""Admin for every model of the territories app, each searchable."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    EPCI,
    Actor,
    AnimationEvent,
    Commune,
    Contact,
    Cooperation,
    Departement,
    EngagedTerritory,
    Need,
    Opportunity,
    ReadinessAssessment,
    Region,
    Sector,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    search_fields = ["code", "name"]
    list_select_related = ["region"]


@admin.register(EPCI)
class EPCIAdmin(admin.ModelAdmin):
    list_display = ["siren", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["siren", "name"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "departement", "epci", "population"]
    list_filter = ["departement"]
    search_fields = ["code", "name", "siren"]
    list_select_related = ["departement", "epci"]
    raw_id_fields = ["epci"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siret", "legal_category", "is_scic", "esus_approved"]
    list_filter = ["kind", "legal_category", "is_scic", "esus_approved"]
    search_fields = ["name", "siret"]
    autocomplete_fields = ["town", "territories"]
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "actor", "email"]
    search_fields = ["name", "email", "actor__name"]
    list_select_related = ["actor"]


@admin.register(Cooperation)
class CooperationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "territory", "since"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["actors", "territory"]
    list_select_related = ["territory"]


@admin.register(EngagedTerritory)
class EngagedTerritoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "status", "population", "commune_count", "driving_authority", "referent_actor"]
    list_filter = ["status"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["epcis", "communes", "driving_authority", "referent_actor"]
    readonly_fields = ["population", "commune_count", "version"]
    # Both are nullable, which Django's automatic select_related skips: two queries a row without this.
    list_select_related = ["driving_authority", "referent_actor"]


@admin.register(ReadinessAssessment)
class ReadinessAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["territory", "prerequisite", "score", "assessed_by", "assessed_at"]
    list_filter = ["prerequisite", "score"]
    search_fields = ["territory__name", "evidence"]
    list_select_related = ["territory", "assessed_by"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Need)
class NeedAdmin(SimpleHistoryAdmin):
    list_display = ["title", "territory", "sector", "source", "priority", "status", "identified_on"]
    list_filter = ["status", "source", "priority", "sector"]
    search_fields = ["title", "description"]
    list_select_related = ["territory", "sector"]
    readonly_fields = ["version"]


@admin.register(Opportunity)
class OpportunityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "territory", "sector", "status", "estimated_jobs"]
    list_filter = ["status", "sector"]
    search_fields = ["title", "description"]
    list_select_related = ["territory", "sector"]
    readonly_fields = ["version"]


@admin.register(AnimationEvent)
class AnimationEventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "territory", "date", "participants", "ideas_produced"]
    list_filter = ["kind"]
    search_fields = ["title", "summary"]
    list_select_related = ["territory"]
