"""The territories app's models, one module per subject."""

from .actors import Actor, Contact, Cooperation, LegalCategory
from .engaged import EngagedTerritory
from .events import AnimationEvent
from .geography import EPCI, Commune, Departement, Region
from .needs import Need, Opportunity
from .readiness import Prerequisite, ReadinessAssessment
from .sectors import Sector

__all__ = [
    "EPCI",
    "Actor",
    "AnimationEvent",
    "Commune",
    "Contact",
    "Cooperation",
    "Departement",
    "EngagedTerritory",
    "LegalCategory",
    "Need",
    "Opportunity",
    "Prerequisite",
    "ReadinessAssessment",
    "Region",
    "Sector",
]
