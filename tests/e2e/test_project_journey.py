"""A project's life in a real browser, from its creation to the pipeline board.

A referent creates a project on their territory (preselected), logs an internal journal entry and sets a
next step from the project's page, then works on the board: the stage-change dialog refuses the move into
the opportunity study (a steering-committee stage, the coordination's), and a hand-made move two stages
ahead with the reason stages.check_move gives; the referent pauses the project (the card is flagged, it
stays in its column) and reactivates it. A coordinator, in a browser of their own, then opens the
opportunity study with a written reason: both columns' counts change by one, on the referent's board too.
Last, the board and the project's page on a phone (390 px): nothing wider than the screen.

Every page visited is checked by axe-core, the board with its dialog open included.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from core.roles import Role
from projects.models import Project, SocialInnovationCriterion

from ..fabrique.factories import UserFactory
from ..projects.factories import ProjectFactory, StopReasonFactory
from ..territories.factories import EngagedTerritoryFactory
from .test_login import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
TITLE = "Garage solidaire du Pays de Bray"
CRITERIA = [
    "Répond à un besoin non satisfait du territoire",
    "Crée des emplois non délocalisables",
    "Place l’humain et non le profit au cœur du projet",
]


def column(page, label):
    """A column of the board, by its heading (« Idée détectée 3 »: the label, then the count)."""
    return page.get_by_role("region", name=re.compile(f"^{label}"))


def expect_counts(page, **counts):
    for label, count in counts.items():
        expect(column(page, label).locator(".board-count")).to_have_text(str(count))


def open_move_dialog(page, check_accessibility):
    """Opens the stage-change dialog from the project's card (htmx loads the form into a Bootstrap modal)."""
    page.get_by_role("link", name=f"Changer d’étape — {TITLE}").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name=re.compile("^Changer l’étape de"))).to_be_visible()
    expect(dialog.get_by_role("button", name="Changer d’étape")).to_be_visible()
    # Wait for the end of Bootstrap's fade: axe would otherwise judge half-transparent colours.
    expect(page.locator("#move-dialog.show")).to_have_css("opacity", "1")
    check_accessibility(page)
    return dialog


def submit_move(dialog):
    dialog.get_by_role("button", name="Changer d’étape").click()


@pytest.fixture
def check_page(check_accessibility):
    """check(page): axe-core, and no horizontal overflow of the page itself on a phone."""

    def check(page):
        check_accessibility(page)
        width = page.viewport_size["width"]
        if width <= PHONE["width"]:
            overflow = page.evaluate("() => document.documentElement.scrollWidth")
            assert overflow <= width, f"{page.url} is {overflow} px wide on a {width} px screen"

    return check


@pytest.fixture
def second_page(browser):
    """A page in a browser context of its own (another person at another desk), with the same checks."""
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    broken = []
    page.on(
        "response",
        lambda response: (
            broken.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.on("requestfailed", lambda request: broken.append(f"{request.failure} {request.url}"))
    yield page
    context.close()
    assert not broken, "resources that failed to load:\n" + "\n".join(broken)


def test_a_referent_takes_a_project_from_its_creation_to_the_board(page, second_page, live_server, check_page):
    page.set_viewport_size(LAPTOP)
    referent = UserFactory(role=Role.REFERENT, first_name="Camille", last_name="Lefèvre")
    coordinator = UserFactory(role=Role.COORDINATOR, first_name="Dominique", last_name="Roux")
    territory = EngagedTerritoryFactory(name="Pays de Bray", status="active", referent_actor=referent.organisation)
    # The territory's board already holds two detected ideas and a study under way.
    ProjectFactory.create_batch(2, territory=territory)
    ProjectFactory(territory=territory, stage=Project.Stage.OPPORTUNITY_STUDY, title="Épicerie partagée")
    StopReasonFactory(name="Porteur indisponible")
    # The social-innovation grid a migration seeds (gone if an earlier browser test's flush emptied the tables).
    for position, name in enumerate(CRITERIA, start=1):
        SocialInnovationCriterion.objects.get_or_create(name=name, defaults={"position": position})
    today = timezone.localdate()
    due = today + datetime.timedelta(days=14)

    # 1. The referent creates the project from the list: their only territory is already chosen.
    log_in(page, live_server, referent, check_page)
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Projets").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page)
    page.locator("main").get_by_role("link", name="Nouveau projet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau projet")
    check_page(page)
    expect(page.locator("#id_territory")).to_have_value(str(territory.pk))
    page.fill("#id_title", TITLE)
    page.select_option("#id_origin", value="creativity_session")
    page.fill("#id_summary", "Un garage où les personnes en insertion font réparer leur voiture à petit prix.")
    page.fill("#id_social_utility", "La mobilité des demandeurs d’emploi des villages.")
    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    project = Project.objects.get(title=TITLE)
    assert project.territory == territory and project.stage == Project.Stage.DETECTED
    steps = page.get_by_role("navigation", name="Étapes du projet")
    expect(steps.locator("[aria-current=step]")).to_contain_text("idée détectée")
    check_page(page)

    # 2. An internal journal entry, dated today.
    page.get_by_role("link", name="Ajouter au journal").click()
    check_page(page)
    expect(page.locator("#id_date")).to_have_value(today.strftime("%d/%m/%Y"))
    page.select_option("#id_kind", value="meeting")
    page.fill("#id_text", "Réunion avec la mairie de Forges-les-Eaux : un local est libre en septembre.")
    page.get_by_label("Interne").check()
    page.locator("main form [type=submit]").click()
    journal = page.get_by_role("region", name="Journal de suivi")
    entry = journal.get_by_role("listitem").filter(has_text="un local est libre en septembre")
    expect(entry).to_be_visible()
    expect(entry).to_contain_text(today.strftime("%d/%m/%Y"))
    expect(entry.locator(".status-internal")).to_have_text("interne")
    check_page(page)

    # 3. A next step, with its owner and due date.
    page.get_by_role("link", name="Prochaine étape").click()
    check_page(page)
    page.fill("#id_text", "Visiter le local avec le porteur")
    page.get_by_label("Responsable").select_option(label="Camille Lefèvre")
    page.fill("#id_due_date", due.strftime("%d/%m/%Y"))
    page.locator("main form [type=submit]").click()
    next_steps = page.get_by_role("region", name="Prochaines étapes")
    step = next_steps.get_by_role("listitem").filter(has_text="Visiter le local avec le porteur")
    expect(step).to_contain_text(f"Camille Lefèvre, pour le {due.strftime('%d/%m/%Y')}")
    check_page(page)

    # 4. The board: the new project is counted among the detected ideas.
    page.get_by_role("navigation", name="Fil d’Ariane").get_by_role("link", name="Tableau").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau des projets")
    check_page(page)
    expect_counts(page, **{"Idée détectée": 3, "Étude d’opportunité": 1})
    expect(column(page, "Idée détectée").get_by_role("link", name=TITLE, exact=True)).to_be_visible()

    # The opportunity study opens on a committee decision: the dialog offers it, and refuses it to a referent.
    dialog = open_move_dialog(page, check_page)
    expect(dialog.get_by_role("radio")).to_have_count(3)
    dialog.get_by_label("étude d’opportunité").check()
    dialog.get_by_label("Motif ou commentaire").fill("Le porteur est prêt.")
    submit_move(dialog)
    expect(dialog).to_contain_text(
        "L’étape « étude d’opportunité » s’ouvre sur une décision du comité de pilotage, enregistrée à sa "
        "séance : seule la coordination peut y faire passer un projet."
    )
    # The error summary takes the focus, inside the dialog.
    expect(dialog.get_by_role("alert").filter(has_text="Le formulaire contient")).to_be_focused()
    check_page(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "project-board-move-refused-1366.png")

    # A move two stages ahead, made by hand in the form (the dialog only offers the allowed ones).
    dialog.get_by_label("étude d’opportunité").evaluate("radio => { radio.value = 'leader_search'; }")
    dialog.get_by_label("étude d’opportunité").check()
    submit_move(dialog)
    expect(dialog).to_contain_text(
        "Le passage de « idée détectée » à « recherche de porteur » n’est pas possible : un projet avance "
        "d’une étape à la fois, ou revient d’une étape en arrière."
    )
    check_page(page)
    project.refresh_from_db()
    assert project.stage == Project.Stage.DETECTED and project.side_state == ""

    # Paused with a reason from the list: the card stays in its column, flagged.
    dialog.get_by_label("en pause").check()
    dialog.get_by_label("Motif de la pause ou de l’abandon").select_option(label="Porteur indisponible")
    submit_move(dialog)
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_text(f"Projet « {project} » : étape « en pause ».")).to_be_visible()
    card = page.locator(f"#carte-{project.pk}")
    expect(card.locator(".status-badge")).to_have_text("en pause")
    expect_counts(page, **{"Idée détectée": 3, "Étude d’opportunité": 1})
    check_page(page)

    # Reactivated where it left off.
    dialog = open_move_dialog(page, check_page)
    expect(dialog).to_contain_text(f"« {TITLE} » est à l’étape « en pause ».")
    dialog.get_by_label("idée détectée").check()
    submit_move(dialog)
    expect(page.get_by_text(f"Projet « {project} » : étape « idée détectée ».")).to_be_visible()
    expect(card.locator(".status-badge")).to_have_count(0)
    check_page(page)
    page.screenshot(path=ARTIFACTS / "project-board-referent-1366.png", full_page=True)

    # 5. A coordinator, at another desk, opens the study without a committee decision: a reason is asked for.
    coordinator_page = second_page
    coordinator_page.set_viewport_size(LAPTOP)
    log_in(coordinator_page, live_server, coordinator, check_page)
    coordinator_page.goto(live_server.url + "/projets/tableau/")
    check_page(coordinator_page)
    expect_counts(coordinator_page, **{"Idée détectée": 3, "Étude d’opportunité": 1})
    dialog = open_move_dialog(coordinator_page, check_page)
    dialog.get_by_label("étude d’opportunité").check()
    submit_move(dialog)
    expect(dialog).to_contain_text(
        "Sans décision du comité de pilotage, indiquez par écrit pourquoi le projet passe à l’étape "
        "« étude d’opportunité »."
    )
    check_page(coordinator_page)
    dialog.get_by_label("Motif ou commentaire").fill("Le local est trouvé : l’étude peut commencer avant le comité.")
    submit_move(dialog)
    expect(coordinator_page.get_by_text(f"Projet « {project} » : étape « étude d’opportunité ».")).to_be_visible()
    expect_counts(coordinator_page, **{"Idée détectée": 2, "Étude d’opportunité": 2})
    expect(column(coordinator_page, "Étude d’opportunité").get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    check_page(coordinator_page)
    project.refresh_from_db()
    assert project.stage == Project.Stage.OPPORTUNITY_STUDY

    # The referent's board shows the same counts once read again.
    page.reload()
    expect_counts(page, **{"Idée détectée": 2, "Étude d’opportunité": 2})
    expect(column(page, "Étude d’opportunité").get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    expect(column(page, "Idée détectée").get_by_role("link", name=TITLE, exact=True)).to_have_count(0)
    check_page(page)

    # 6. On a phone: the board and the project's page fit the screen.
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau des projets")
    check_page(page)
    page.screenshot(path=ARTIFACTS / "project-board-referent-390.png", full_page=True)
    column(page, "Étude d’opportunité").get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(steps.locator("[aria-current=step]")).to_contain_text("étude d’opportunité")
    # The grid's table scrolls in its own frame, which the keyboard reaches.
    expect(page.get_by_role("region", name="Note de 0 à 3 du projet sur chaque critère")).to_be_visible()
    check_page(page)
    page.screenshot(path=ARTIFACTS / "project-detail-referent-390.png", full_page=True)
