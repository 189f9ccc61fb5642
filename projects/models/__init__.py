"""The projects app's models, one module per subject."""

from .criteria import ProjectCriterionScore, SocialInnovationCriterion
from .documents import ProjectDocument
from .funding import FundingLine
from .initiatives import Initiative
from .journal import JournalEntry, NextStep
from .projects import Project, ReferenceCounter
from .stages import StageChange, StopReason

__all__ = [
    "FundingLine",
    "Initiative",
    "JournalEntry",
    "NextStep",
    "Project",
    "ProjectCriterionScore",
    "ProjectDocument",
    "ReferenceCounter",
    "SocialInnovationCriterion",
    "StageChange",
    "StopReason",
]
