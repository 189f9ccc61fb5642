"""List filters of the actors directory, cooperations and sectors."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import StyledFilterSet

from ..models import Actor, Cooperation, LegalCategory, Sector
from .choices import TerritoryFilter, all_territories
from .scope import TerritoryScopedFilterSet

YES_NO = [("oui", _("Oui")), ("non", _("Non"))]


class ActorFilter(StyledFilterSet):
    search_fields = ("name", "siret")

    type = django_filters.ChoiceFilter(
        field_name="kind", label=_("Type d’acteur"), choices=Actor.Kind.choices, empty_label=_("Tous")
    )
    categorie = django_filters.ChoiceFilter(
        field_name="legal_category",
        label=_("Catégorie juridique"),
        choices=LegalCategory.choices,
        empty_label=_("Toutes"),
    )
    scic = django_filters.ChoiceFilter(label=_("SCIC"), choices=YES_NO, empty_label=_("Tous"), method="filter_scic")
    esus = django_filters.ChoiceFilter(
        label=_("Agrément ESUS"),
        choices=[("valide", _("En cours de validité")), ("expire", _("Expiré")), ("non", _("Sans agrément"))],
        empty_label=_("Tous"),
        method="filter_esus",
    )
    territoire = TerritoryFilter(
        scope=all_territories, field_name="territories", label=_("Territoire d’activité"), empty_label=_("Tous")
    )
    tri = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=(("name", "nom"), ("kind", "type"), ("town__name", "commune"), ("updated_at", "modification")),
        field_labels={
            "name": _("Nom"),
            "kind": _("Type d’acteur"),
            "town__name": _("Commune"),
            "updated_at": _("Date de modification"),
        },
        empty_label=_("Ordre par défaut"),
    )

    class Meta:
        model = Actor
        fields = []

    def filter_scic(self, queryset, name, value):
        return queryset.filter(is_scic=value == "oui")

    def filter_esus(self, queryset, name, value):
        today = timezone.localdate()
        current = Q(esus_approved=True) & (Q(esus_end_date__isnull=True) | Q(esus_end_date__gte=today))
        if value == "valide":
            return queryset.filter(current)
        if value == "expire":
            return queryset.filter(esus_approved=True, esus_end_date__lt=today)
        return queryset.filter(esus_approved=False)


class CooperationFilter(TerritoryScopedFilterSet):
    search_fields = ("title", "description", "actors__name")

    territoire = TerritoryFilter(scope=all_territories, empty_label=_("Tous"))
    tri = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=(("title", "intitule"), ("territory__name", "territoire"), ("since", "depuis")),
        field_labels={"title": _("Intitulé"), "territory__name": _("Territoire"), "since": _("Depuis le")},
        empty_label=_("Ordre par défaut"),
    )

    class Meta:
        model = Cooperation
        fields = []

    def filter_text(self, queryset, name, value):
        # Searching actors' names joins a many-to-many: keep each cooperation once.
        return super().filter_text(queryset, name, value).distinct()


class SectorFilter(StyledFilterSet):
    search_fields = ("name", "description")

    active = django_filters.ChoiceFilter(
        label=_("Active"), choices=YES_NO, empty_label=_("Toutes"), method="filter_active"
    )
    tri = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=(("name", "nom"), ("need_count", "besoins")),
        field_labels={"name": _("Nom"), "need_count": _("Nombre de besoins")},
        empty_label=_("Ordre par défaut"),
    )

    class Meta:
        model = Sector
        fields = []

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "oui")
