"""The emails of the governance app (core.notifications): the kinds it declares, the emails its services ask for
(minutes approved, a decision recorded, a pack published) and the coordinators' weekly digest."""

from django.utils.translation import gettext_lazy as _

from core.notifications import register_kind

CONVOCATION = "convocation"
MINUTES_APPROVED = "minutes_approved"
DECISION_RECORDED = "decision_recorded"
PACK_PUBLISHED = "pack_published"
WEEKLY_DIGEST = "weekly_digest"


def register_kinds():
    """Declared by GovernanceConfig.ready()."""
    register_kind(
        CONVOCATION,
        label=_("Convocation à une séance"),
        optional=False,
        description=_("La convocation aux séances des comités dont vous êtes membre, avec l’invitation d’agenda."),
    )
    register_kind(
        MINUTES_APPROVED,
        label=_("Compte rendu approuvé"),
        description=_("Le compte rendu d’une séance d’un comité dont vous êtes membre a été approuvé."),
    )
    register_kind(
        DECISION_RECORDED,
        label=_("Décision enregistrée sur un projet de votre territoire"),
        description=_("Un comité a pris une décision sur un projet d’un territoire dont vous êtes référent·e."),
    )
    register_kind(
        PACK_PUBLISHED,
        label=_("Dossier annuel publié"),
        description=_("Le dossier annuel d’un comité dont vous êtes membre a été publié."),
    )
    register_kind(
        WEEKLY_DIGEST,
        label=_("Lettre de la semaine"),
        description=_(
            "Chaque lundi, pour la coordination : nouveaux besoins, changements d’étape, projets à l’arrêt, "
            "prochaines étapes et actions en retard."
        ),
    )
