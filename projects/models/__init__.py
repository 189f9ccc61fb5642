"""The projects app's models, one module per subject."""

from .criteria import ProjectCriterionScore, SocialInnovationCriterion
from .projects import Project, ReferenceCounter
from .stages import StageChange, StopReason

__all__ = [
    "Project",
    "ProjectCriterionScore",
    "ReferenceCounter",
    "SocialInnovationCriterion",
    "StageChange",
    "StopReason",
]
