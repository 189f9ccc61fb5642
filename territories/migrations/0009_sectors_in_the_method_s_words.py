"""The five sectors take the words of the method's founding document; a sector a coordinator has renamed
since keeps its name, and every record keeps its sector (the rows are renamed, not replaced)."""

from django.db import migrations

RENAMES = [
    # (slug, name seeded by 0003, name of the method)
    (
        "economie-residentielle",
        "Économie résidentielle et autonomie des personnes",
        "Économie résidentielle et autonomie de la personne",
    ),
    ("habitat-batiment-durables", "Habitat et bâtiment durables", "Habitat et bâtiments durables"),
    ("alimentation-circuits-courts", "Alimentation et circuits courts", "Alimentation et circuits de proximité"),
]


def rename(apps, schema_editor, *, backwards=False):
    Sector = apps.get_model("territories", "Sector")
    for slug, old, new in RENAMES:
        before, after = (new, old) if backwards else (old, new)
        if Sector.objects.filter(name=after).exclude(slug=slug).exists():
            continue  # a coordinator already gave that name to another sector
        Sector.objects.filter(slug=slug, name=before).update(name=after)


def forwards(apps, schema_editor):
    rename(apps, schema_editor)


def backwards(apps, schema_editor):
    rename(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("territories", "0008_need_review")]

    operations = [migrations.RunPython(forwards, backwards)]
