"""The five sectors of the method, seeded once; coordinators may rename them or add others."""

from django.db import migrations

SECTORS = [
    ("economie-residentielle", "Économie résidentielle et autonomie des personnes"),
    ("habitat-batiment-durables", "Habitat et bâtiment durables"),
    ("environnement", "Environnement"),
    ("mobilite", "Mobilité"),
    ("alimentation-circuits-courts", "Alimentation et circuits courts"),
]


def seed(apps, schema_editor):
    Sector = apps.get_model("territories", "Sector")
    for slug, name in SECTORS:
        Sector.objects.get_or_create(slug=slug, defaults={"name": name})


def unseed(apps, schema_editor):
    Sector = apps.get_model("territories", "Sector")
    Sector.objects.filter(slug__in=[slug for slug, _ in SECTORS], needs__isnull=True, opportunities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("territories", "0002_engaged_territories_actors_needs_events")]

    operations = [migrations.RunPython(seed, unseed)]
