"""Where projects hold a person's data: the project leader (porteur·se) named on a project, and every past version
of it kept by the history (registered in apps.py with core.personal_data)."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.personal_data import (
    ANONYMISED_NAME,
    Match,
    PersonalDataSource,
    as_json_value,
    history_pks,
    holds_name,
    months_before,
)

from .models import Project, StageChange

LEADER_FIELDS = ("leader_name", "leader_email", "leader_phone")


def holds_leader_data(prefix=""):
    """A project (or a past version of one) still naming a leader person: a name, an address or a phone."""
    return (
        holds_name(f"{prefix}leader_name")
        | ~models.Q(**{f"{prefix}leader_email": ""})
        | ~models.Q(**{f"{prefix}leader_phone": ""})
    )


def last_move_at(to_stage):
    """When the project last moved to `to_stage` (its stage change records it)."""
    moves = StageChange.objects.filter(project=OuterRef("pk"), to_stage=to_stage).order_by("-at", "-pk")
    return Subquery(moves.values("at")[:1])


def retention_years():
    return settings.PERSONAL_DATA_RETENTION_YEARS


def leader_retention_due(*, now):
    """The projects abandoned, or whose enterprise was created, more than PERSONAL_DATA_RETENTION_YEARS years
    ago (the date of the stage change that put them there), that still hold their leader's data, in the row or
    in its history. A paused or active project is never due; nor one reactivated since."""
    cutoff = months_before(now, 12 * retention_years())
    abandoned = models.Q(side_state=Project.SideState.ABANDONED, abandoned_at__lt=cutoff)
    created = models.Q(side_state="", stage=Project.Stage.CREATED, created_stage_at__lt=cutoff)
    in_history = models.Q(pk__in=history_pks(Project, holds_leader_data()))
    return (
        Project.objects.filter(
            models.Q(side_state=Project.SideState.ABANDONED) | models.Q(side_state="", stage=Project.Stage.CREATED)
        )
        .annotate(
            # A move recorded before the platform may lack its stage change: the row's own dates stand in.
            abandoned_at=Coalesce(last_move_at(Project.SideState.ABANDONED), F("updated_at")),
            created_stage_at=Coalesce(last_move_at(Project.Stage.CREATED), F("stage_since")),
        )
        .filter(abandoned | created)
        .filter(holds_leader_data() | in_history)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


class ProjectLeaderSource(PersonalDataSource):
    key = "projects.leader"
    fields = tuple(f"projects.Project.{name}" for name in LEADER_FIELDS)
    email_fields = ("leader_email",)
    name_fields = ("leader_name",)
    label = gettext_lazy("Porteur·se de projet")
    kept = gettext_lazy(
        "votre nom, votre adresse e-mail et votre téléphone si vous portez un projet, ainsi que leurs versions "
        "précédentes dans l’historique du projet"
    )
    purpose = gettext_lazy(
        "vous accompagner de l’étude d’opportunité à la création de l’entreprise, puis suivre l’entreprise "
        "créée ; lus par l’équipe de la CRESS et par celle de l’acteur référent du territoire, jamais par les "
        "partenaires ni dans un export"
    )

    def retention(self):
        years = retention_years()
        return ngettext(
            "pendant %(years)s an après l’abandon du projet ou la création de l’entreprise, puis effacées "
            "automatiquement ; le projet, ses étapes, ses emplois et ses financements restent",
            "pendant %(years)s ans après l’abandon du projet ou la création de l’entreprise, puis effacées "
            "automatiquement ; le projet, ses étapes, ses emplois et ses financements restent",
            years,
        ) % {"years": years}

    def retention_due(self, *, now):
        return leader_retention_due(now=now)

    def _queryset(self):
        return Project.objects.select_related("territory").exclude(
            leader_name=ANONYMISED_NAME, leader_email="", leader_phone=""
        )

    def _match(self, project):
        person = " — ".join(part for part in (project.leader_name, project.leader_email, project.leader_phone) if part)
        record = _("Projet %(reference)s — %(title)s") % {"reference": project.reference, "title": project.title}
        return Match(
            source=self.key,
            pk=project.pk,
            person=person or _("(versions précédentes)"),
            record=record,
            instance=project,
        )

    def get(self, pk):
        project = Project.objects.select_related("territory").filter(pk=pk).first()
        return self._match(project) if project else None

    def describe(self, match):
        return _("Projet %(reference)s") % {"reference": match.instance.reference}

    def export(self, match):
        project = match.instance
        versions = (
            Project.history.filter(id=project.pk)
            .filter(holds_leader_data())
            .order_by("history_date")
            .values("history_date", *LEADER_FIELDS)
        )
        return {
            "référence": project.reference,
            "intitulé": project.title,
            "territoire": project.territory.name,
            "étape": str(project.get_stage_display()),
            "en pause ou abandonné": str(project.get_side_state_display()) if project.side_state else "",
            "nom du porteur": project.leader_name,
            "e-mail du porteur": project.leader_email,
            "téléphone du porteur": project.leader_phone,
            "versions précédentes": [
                {
                    "date": as_json_value(version["history_date"]),
                    "nom du porteur": version["leader_name"],
                    "e-mail du porteur": version["leader_email"],
                    "téléphone du porteur": version["leader_phone"],
                }
                for version in versions
            ],
        }

    def erase(self, match, *, by):
        with transaction.atomic():
            # The version goes up: an edit page opened before cannot save the old details back.
            rows = Project.objects.filter(pk=match.pk)
            rows.filter(holds_name("leader_name")).update(leader_name=ANONYMISED_NAME)
            rows.update(leader_email="", leader_phone="", version=F("version") + 1)
            past = Project.history.filter(id=match.pk)
            past.filter(holds_name("leader_name")).update(leader_name=ANONYMISED_NAME)
            past.update(leader_email="", leader_phone="")
        return _("Projet %(reference)s : nom, e-mail et téléphone du porteur effacés (historique compris).") % {
            "reference": match.instance.reference
        }
