"""The social-innovation grid: scores 0–3 with a comment, one per criterion; coordinators extend the lists."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects.models import ProjectCriterionScore, SocialInnovationCriterion
from projects.selectors.projects import project_criterion_scores
from projects.services.criteria import criterion_create, project_score_criterion, stop_reason_create


@pytest.fixture
def criterion(db):
    return SocialInnovationCriterion.objects.get(name="Crée des emplois non délocalisables")


@pytest.mark.django_db
def test_the_referent_scores_and_rescores(referent, project, criterion):
    project_score_criterion(project=project, by=referent, criterion=criterion, score=2, comment="Trois postes.")
    project_score_criterion(project=project, by=referent, criterion=criterion, score=3, comment="Cinq postes.")
    [score] = ProjectCriterionScore.objects.filter(project=project)
    assert (score.score, score.comment) == (3, "Cinq postes.")
    assert score.history.count() == 2 and score.history.first().history_user == referent
    grid = project_criterion_scores(project=project)
    assert len(grid) == 5 and dict(grid)[criterion] == score


@pytest.mark.django_db
def test_a_score_above_3_is_refused(referent, project, criterion):
    with pytest.raises(ValidationError) as refused:
        project_score_criterion(project=project, by=referent, criterion=criterion, score=4)
    assert "score" in refused.value.message_dict
    assert not ProjectCriterionScore.objects.exists()


@pytest.mark.django_db
def test_a_retired_criterion_is_not_scored(referent, project, criterion):
    criterion.active = False
    criterion.save()
    with pytest.raises(ValidationError) as refused:
        project_score_criterion(project=project, by=referent, criterion=criterion, score=1)
    assert refused.value.message_dict["criterion"] == ["Ce critère n’est plus en usage."]


@pytest.mark.django_db
def test_others_may_not_score(other_referent, partner, project, criterion):
    for user in (other_referent, partner):
        with pytest.raises(PermissionDenied):
            project_score_criterion(project=project, by=user, criterion=criterion, score=1)


@pytest.mark.django_db
def test_coordinators_extend_the_lists(coordinator, referent):
    assert criterion_create(by=coordinator, name="Implique les habitants").position == 6
    assert stop_reason_create(by=coordinator, name="Crise sanitaire").name == "Crise sanitaire"
    with pytest.raises(PermissionDenied):
        criterion_create(by=referent, name="Autre")
    with pytest.raises(PermissionDenied):
        stop_reason_create(by=referent, name="Autre")
    with pytest.raises(ValidationError):
        criterion_create(by=coordinator, name="Implique les habitants")
