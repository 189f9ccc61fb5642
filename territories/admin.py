"""Admin for the official geography and the actors."""

from django.contrib import admin

from .models import EPCI, Actor, Commune, Departement, Region


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


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siren"]
    list_filter = ["kind"]
    search_fields = ["name", "siren"]
