"""The sectors and prerequisites carry the words of the method's founding document."""

import importlib

import pytest
from django.apps import apps

from territories.models import Need, Prerequisite, Sector

from .factories import NeedFactory

pytestmark = pytest.mark.django_db

rename_sectors = importlib.import_module("territories.migrations.0009_sectors_in_the_method_s_words")

METHOD_SECTORS = {
    "economie-residentielle": "Économie résidentielle et autonomie de la personne",
    "habitat-batiment-durables": "Habitat et bâtiments durables",
    "environnement": "Environnement",
    "mobilite": "Mobilité",
    "alimentation-circuits-courts": "Alimentation et circuits de proximité",
}


def test_the_prerequisites_are_worded_as_in_the_seed_document():
    assert [label for _value, label in Prerequisite.choices] == [
        "Une collectivité locale motrice et volontaire",
        "Des opportunités de développement en lien avec des filières",
        "Des initiatives, des acteurs et des coopérations préexistantes",
        "Le soutien de l’innovation sociale",
        "Un acteur référent",
    ]


def test_after_migrations_the_five_sectors_bear_the_method_s_words():
    assert dict(Sector.objects.filter(slug__in=METHOD_SECTORS).values_list("slug", "name")) == METHOD_SECTORS


def test_renaming_keeps_the_records_and_a_coordinator_s_own_name():
    food = Sector.objects.get(slug="alimentation-circuits-courts")
    food.name = "Alimentation et circuits courts"  # as seeded before
    food.save()
    housing = Sector.objects.get(slug="habitat-batiment-durables")
    housing.name = "Bâtiment et rénovation"  # renamed by a coordinator since
    housing.save()
    need = NeedFactory(sector=food)

    rename_sectors.forwards(apps, None)

    food.refresh_from_db()
    housing.refresh_from_db()
    assert food.name == "Alimentation et circuits de proximité"
    assert housing.name == "Bâtiment et rénovation"
    assert Need.objects.get(pk=need.pk).sector_id == food.pk

    rename_sectors.backwards(apps, None)
    food.refresh_from_db()
    assert food.name == "Alimentation et circuits courts"
