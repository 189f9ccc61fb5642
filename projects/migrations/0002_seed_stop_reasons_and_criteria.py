"""The social-innovation grid in the seed document's own terms, and a first list of reasons for pausing or
abandoning a project; coordinators extend both."""

from django.db import migrations

CRITERIA = [
    "Répond à un besoin non satisfait du territoire",
    "Crée des emplois non délocalisables",
    "Respectueux de la planète et de ses habitants, durable pour les générations futures",
    "Repose sur la coopération des acteurs locaux",
    "Place l’humain et non le profit au cœur du projet",
]

STOP_REASONS = [
    "Porteur de projet introuvable",
    "Retrait du porteur de projet",
    "Financement insuffisant",
    "Marché ou besoin non confirmé par l’étude",
    "Absence de local ou de foncier",
    "Attente d’une décision d’un partenaire",
    "Autre (préciser en commentaire)",
]


def seed(apps, schema_editor):
    Criterion = apps.get_model("projects", "SocialInnovationCriterion")
    StopReason = apps.get_model("projects", "StopReason")
    for position, name in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(name=name, defaults={"position": position})
    for position, name in enumerate(STOP_REASONS, start=1):
        StopReason.objects.get_or_create(name=name, defaults={"position": position})


def unseed(apps, schema_editor):
    apps.get_model("projects", "SocialInnovationCriterion").objects.filter(name__in=CRITERIA, scores__isnull=True).delete()
    apps.get_model("projects", "StopReason").objects.filter(name__in=STOP_REASONS, stage_changes__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_projects_stages_criteria")]

    operations = [migrations.RunPython(seed, unseed)]
