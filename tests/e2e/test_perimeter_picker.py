"""The perimeter picker of the territory form: a combobox driven by the keyboard, a list of the chosen places
with a remove button each, and the field of codes it keeps in step; without JavaScript, the codes typed."""

import pytest
from playwright.sync_api import expect

from core.roles import Role
from territories.models import EngagedTerritory

from ..fabrique.factories import PASSWORD, UserFactory
from .test_login import log_in

pytestmark = pytest.mark.e2e

CHATEAU_THIERRY = "200072031"
NOGENT_SUR_OISE = "60463"


def choose_with_the_keyboard(page, query, expected_label):
    combobox = page.get_by_role("combobox", name="Ajouter un EPCI ou une commune (nom ou code)")
    combobox.fill(query)
    option = page.get_by_role("option", name=expected_label)
    expect(option).to_be_visible()
    expect(combobox).to_have_attribute("aria-expanded", "true")
    combobox.press("ArrowDown")
    expect(combobox).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    expect(option).to_have_attribute("aria-selected", "true")
    return combobox


def test_the_picker_adds_with_the_keyboard_and_removes_by_name(
    page, live_server, check_accessibility, official_territories
):
    coordinator = UserFactory(role=Role.COORDINATOR)
    log_in(page, live_server, coordinator, check_accessibility)
    page.goto(live_server.url + "/territoires/experimentation/nouveau/")
    codes = page.locator("#id_perimeter")
    expect(codes).to_be_hidden()  # the script shows the picker in its place and keeps it in step
    page.fill("#id_name", "Sud de l’Aisne d’essai")

    combobox = choose_with_the_keyboard(page, CHATEAU_THIERRY, f"({CHATEAU_THIERRY}) — EPCI")
    check_accessibility(page)  # with the suggestions open
    combobox.press("Enter")
    chosen = page.locator("#perimeter-chosen")
    expect(chosen).to_contain_text(f"CA de la Région de Château-Thierry ({CHATEAU_THIERRY}) — EPCI")
    expect(codes).to_have_value(CHATEAU_THIERRY)
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(combobox).to_be_focused()

    choose_with_the_keyboard(page, NOGENT_SUR_OISE, f"Nogent-sur-Oise ({NOGENT_SUR_OISE}) — commune").press("Enter")
    expect(codes).to_have_value(f"{CHATEAU_THIERRY}, {NOGENT_SUR_OISE}")

    # Escape closes the suggestions without choosing.
    combobox.fill("Amiens")
    expect(page.get_by_role("listbox")).to_be_visible()
    combobox.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(codes).to_have_value(f"{CHATEAU_THIERRY}, {NOGENT_SUR_OISE}")
    check_accessibility(page)

    page.get_by_role("button", name="Retirer Nogent-sur-Oise").click()
    expect(codes).to_have_value(CHATEAU_THIERRY)
    expect(chosen).not_to_contain_text("Nogent-sur-Oise")

    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sud de l’Aisne d’essai")
    territory = EngagedTerritory.objects.get(name="Sud de l’Aisne d’essai")
    assert [epci.siren for epci in territory.epcis.all()] == [CHATEAU_THIERRY]
    assert not territory.communes.exists()


def test_an_error_keeps_the_chosen_places_by_name(page, live_server, check_accessibility, official_territories):
    coordinator = UserFactory(role=Role.COORDINATOR)
    log_in(page, live_server, coordinator, check_accessibility)
    page.goto(live_server.url + "/territoires/experimentation/nouveau/")
    choose_with_the_keyboard(page, NOGENT_SUR_OISE, f"Nogent-sur-Oise ({NOGENT_SUR_OISE}) — commune").press("Enter")
    page.locator("main form [type=submit]").click()  # no name

    expect(page).to_have_title("Erreur — Nouveau territoire d’expérimentation · Fabrique")
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Le formulaire contient 1 erreur")
    expect(page.locator("#perimeter-chosen")).to_contain_text(f"Nogent-sur-Oise ({NOGENT_SUR_OISE}) — commune")
    check_accessibility(page)
    summary.get_by_role("link", name="Nom").click()
    expect(page.locator("#id_name")).to_be_focused()


def test_without_javascript_the_codes_are_typed(browser, live_server, official_territories):
    coordinator = UserFactory(role=Role.COORDINATOR)
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/comptes/login/")
        page.fill("input[name=login]", coordinator.email)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form [type=submit]").click()
        page.goto(live_server.url + "/territoires/experimentation/nouveau/")
        expect(page.locator("#perimeter-search")).to_be_hidden()
        page.fill("#id_name", "Nogent sans script")
        page.fill("#id_perimeter", f"{NOGENT_SUR_OISE}; {CHATEAU_THIERRY}")
        page.locator("main form [type=submit]").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Nogent sans script")
    finally:
        context.close()
    territory = EngagedTerritory.objects.get(name="Nogent sans script")
    assert [commune.code for commune in territory.communes.all()] == [NOGENT_SUR_OISE]
    assert [epci.siren for epci in territory.epcis.all()] == [CHATEAU_THIERRY]
