"""Public ideas wait « à examiner » until reviewed: the new status, and the ideas already received put in it."""

from django.db import migrations, models

STATUS_CHOICES = [
    ("to_review", "à examiner"),
    ("identified", "identifié"),
    ("qualified", "qualifié"),
    ("addressed", "traité"),
    ("dropped", "abandonné"),
]


def ideas_to_review(apps, schema_editor):
    # Ideas that came in through the public form (nobody recorded them) and that nobody moved on since:
    # nobody has reviewed them, so partners must stop reading them until someone does.
    Need = apps.get_model("territories", "Need")
    Need.objects.filter(source="call_for_ideas", recorded_by__isnull=True, status="identified").update(
        status="to_review"
    )


def ideas_identified(apps, schema_editor):
    Need = apps.get_model("territories", "Need")
    Need.objects.filter(status="to_review").update(status="identified")


class Migration(migrations.Migration):
    dependencies = [("territories", "0003_seed_sectors")]

    operations = [
        migrations.AlterField(
            model_name="need",
            name="status",
            field=models.CharField(choices=STATUS_CHOICES, default="identified", max_length=12, verbose_name="statut"),
        ),
        migrations.AlterField(
            model_name="historicalneed",
            name="status",
            field=models.CharField(choices=STATUS_CHOICES, default="identified", max_length=12, verbose_name="statut"),
        ),
        migrations.RunPython(ideas_to_review, ideas_identified),
    ]
