"""The project list's filters that the dashboard's links set (projects/filters/projects.py, on the conditions of
projects/milestones.py): a move made in a year, the step on 31 December, the enterprise's creation year, its
jobs and its follow-up at 3 years; shown in the form only when set, French errors, no extra query."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.filters.projects import ProjectFilter
from projects.models import Project, StageChange

from ..helpers import text
from ..territories.factories import EngagedTerritoryFactory
from .factories import ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/projets/"
NBSP = "\u00a0"
LINK_FILTERS = ProjectFilter.shown_when_set


def at(text_date):
    return timezone.make_aware(datetime.datetime.fromisoformat(text_date))


def walked(*steps, stage, side_state="", created="2024-01-05", **fields):
    """A project recorded (detected) on `created`, with its stage changes [(from, to, day)]."""
    project = ProjectFactory(stage=stage, side_state=side_state, **fields)
    Project.objects.filter(pk=project.pk).update(created_at=at(created))
    StageChange.objects.create(project=project, from_stage="", to_stage="detected", at=at(created))
    for from_stage, to_stage, day in steps:
        StageChange.objects.create(project=project, from_stage=from_stage, to_stage=to_stage, at=at(day))
    return project


def titles(response):
    assert response.status_code == 200
    return {row.title for row in response.context["listing"].rows}


@pytest.fixture
def pipeline():
    return {
        "launched": walked(("detected", "opportunity_study", "2025-03-01"), stage="opportunity_study", title="Lancé"),
        "concluded": walked(
            ("detected", "opportunity_study", "2024-03-01"),
            ("opportunity_study", "leader_search", "2025-02-01"),
            stage="leader_search",
            title="Conclu",
        ),
        "back": walked(
            ("detected", "opportunity_study", "2024-03-01"),
            ("opportunity_study", "detected", "2025-02-01"),
            stage="detected",
            title="Revenu à l’idée",
        ),
        "paused": walked(
            ("detected", "opportunity_study", "2024-03-01"),
            ("opportunity_study", "on_hold", "2025-02-01"),
            stage="opportunity_study",
            side_state="on_hold",
            title="En pause",
        ),
        "later": walked(stage="opportunity_study", created="2026-02-01", title="Enregistré en 2026"),
    }


def test_a_move_made_in_a_year(client_for, coordinator, pipeline):
    client = client_for(coordinator)
    assert titles(client.get(URL, {"passage": "etude-lancee", "passe_en": 2025})) == {"Lancé"}
    assert titles(client.get(URL, {"passage": "etude-lancee", "passe_en": 2024})) == {
        "Conclu",
        "Revenu à l’idée",
        "En pause",
    }
    # A return to the idea, or a pause, concludes no study.
    assert titles(client.get(URL, {"passage": "etude-conclue", "passe_en": 2025})) == {"Conclu"}
    assert titles(client.get(URL, {"passage": "etude-conclue"})) == {"Conclu"}
    # A year alone: any stage change that year.
    assert titles(client.get(URL, {"passe_en": 2025})) == {"Lancé", "Conclu", "Revenu à l’idée", "En pause"}


def test_the_step_on_31_december(client_for, coordinator, pipeline):
    client = client_for(coordinator)
    # On 31 December 2024 three stood in study (one since paused, one since gone back); none was paused yet.
    assert titles(client.get(URL, {"etape": "opportunity_study", "au_31_decembre": 2024})) == {
        "Conclu",
        "Revenu à l’idée",
        "En pause",
    }
    assert titles(client.get(URL, {"etape": "opportunity_study", "au_31_decembre": 2025})) == {"Lancé"}
    assert titles(client.get(URL, {"etape": "on_hold", "au_31_decembre": 2025})) == {"En pause"}
    # Today's stage without the year: the paused project is still at its stage, flagged.
    assert titles(client.get(URL, {"etape": "opportunity_study"})) == {"Lancé", "En pause", "Enregistré en 2026"}
    # The year alone: the projects recorded by then.
    assert "Enregistré en 2026" not in titles(client.get(URL, {"au_31_decembre": 2025}))
    # This year: where each stands now.
    this_year = timezone.localdate().year
    assert titles(client.get(URL, {"etape": "opportunity_study", "au_31_decembre": this_year})) == {
        "Lancé",
        "Enregistré en 2026",
    } - ({"Enregistré en 2026"} if this_year < 2026 else set())


def test_created_enterprises_their_jobs_and_follow_up(client_for, coordinator):
    made = {
        "Ressourcerie": dict(creation_date=datetime.date(2025, 3, 1), non_relocatable=True, still_active_3y=True),
        "Garage": dict(creation_date=datetime.date(2025, 9, 1), non_relocatable=False, still_active_3y=False),
        "Épicerie": dict(creation_date=datetime.date(2025, 10, 1), still_active_3y=None),
        "Conserverie": dict(creation_date=datetime.date(2024, 10, 1), non_relocatable=True),
    }
    for title, fields in made.items():
        ProjectFactory(title=title, stage="created", jobs_created_fte=Decimal("1.5"), **fields)
    client = client_for(coordinator)
    created_2025 = {"etape": "created", "creee_en": 2025}
    assert titles(client.get(URL, created_2025)) == {"Ressourcerie", "Garage", "Épicerie"}
    assert titles(client.get(URL, {**created_2025, "emplois_non_delocalisables": "oui"})) == {"Ressourcerie"}
    assert titles(client.get(URL, {**created_2025, "emplois_non_delocalisables": "non"})) == {"Garage", "Épicerie"}
    assert titles(client.get(URL, {**created_2025, "suivi_3_ans": "renseigne"})) == {"Ressourcerie", "Garage"}
    assert titles(client.get(URL, {**created_2025, "suivi_3_ans": "active"})) == {"Ressourcerie"}
    assert titles(client.get(URL, {**created_2025, "suivi_3_ans": "cessee"})) == {"Garage"}


def test_link_filters_show_in_the_form_only_when_set(client_for, coordinator, pipeline):
    client = client_for(coordinator)
    plain = client.get(URL)
    for name in LINK_FILTERS:
        assert f'name="{name}"' not in text(plain)
    assert plain.context["listing"].active_filters == 0
    linked = client.get(URL, {"passage": "etude-lancee", "passe_en": 2025})
    page = text(linked)
    assert 'name="passage"' in page and "Passage" in page and "Année du passage" in page
    assert '<option value="etude-lancee" selected>étude d’opportunité lancée</option>' in page
    assert 'name="au_31_decembre"' not in page
    assert linked.context["listing"].active_filters == 2
    assert "1 projet" in page


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"au_31_decembre": "1899"}, "au_31_decembre", "Saisissez une année entre 1900 et 2100."),
        ({"passe_en": "deux-mille"}, "passe_en", "Saisissez une année entre 1900 et 2100."),
        ({"creee_en": "99999999999"}, "creee_en", "Saisissez une année entre 1900 et 2100."),
        ({"passage": "fusion"}, "passage", "Sélectionnez un choix valide. fusion n’en fait pas partie."),
        ({"suivi_3_ans": "peut-etre"}, "suivi_3_ans", "Sélectionnez un choix valide. peut-etre n’en fait pas partie."),
        ({"emplois_non_delocalisables": "a\x00b"}, "emplois_non_delocalisables", "caractère nul"),
    ],
)
def test_bad_values_are_told_in_french_and_filter_nothing(client_for, coordinator, pipeline, params, field, message):
    response = client_for(coordinator).get(URL, {**params, "etape": "opportunity_study"})
    assert response.status_code == 200
    assert message in text(response)
    assert response.context["listing"].filterset.form.errors[field]
    # The invalid value is left out; the valid filter still applies (today's stage).
    assert titles(response) == {"Lancé", "En pause", "Enregistré en 2026"}


def test_the_board_ignores_the_year_end(client_for, coordinator, pipeline):
    response = client_for(coordinator).get("/projets/tableau/", {"au_31_decembre": 2024})
    assert response.status_code == 200
    assert "Enregistré en 2026" in text(response)


@pytest.mark.parametrize("count", [3, 30])
def test_link_filters_keep_the_query_budget(client_for, coordinator, django_assert_max_num_queries, count):
    territory = EngagedTerritoryFactory()
    for index in range(count):
        walked(
            ("detected", "opportunity_study", f"2025-0{1 + index % 9}-10"),
            stage="opportunity_study",
            territory=territory,
            creation_date=datetime.date(2025, 1, 1),
            still_active_3y=True,
        )
    client = client_for(coordinator)
    queries = [
        {"passage": "etude-lancee", "passe_en": 2025},
        {"etape": "opportunity_study", "au_31_decembre": 2025},
        {"creee_en": 2025, "emplois_non_delocalisables": "non", "suivi_3_ans": "renseigne"},
    ]
    for params in queries:
        with django_assert_max_num_queries(9):
            response = client.get(URL, params)
        assert response.status_code == 200 and response.context["listing"].page.paginator.count == count
