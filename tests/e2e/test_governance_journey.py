"""A steering committee's year in a real browser, from a meeting to the published annual pack.

A coordinator plans a meeting that started two hours ago (« Nouvelle séance »), puts a project and a free topic
on its agenda, convenes the members (the convocation page lists the recipients; the emails go out through a
background job, which runs inline in tests), records the attendance, marks the meeting as held, records the
decision « lancer l’étude d’opportunité » on the project (the project's page then shows the opportunity
study), drafts the minutes from the agenda and approves them. Then the annual pack: asked for from the
committee's page, built in the background (its page polls until it is ready), published. A partner who sits
on the committee then opens the pack and downloads its PDF, and reads the project's page (the project is on
the agenda of their committee's meeting) without the internal journal entry, nor the leader's personal data,
nor the internal document.

Every page visited is checked by axe-core.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core.models import SentEmail
from core.roles import Role
from governance.models import Attendance, CommitteeMember, CommitteePack, Decision, Meeting
from projects.models import Project

from ..fabrique.factories import UserFactory
from ..governance.factories import CommitteeFactory, CommitteeMemberFactory
from ..projects.factories import JournalEntryFactory, ProjectDocumentFactory, ProjectFactory
from ..territories.factories import ActorFactory, EngagedTerritoryFactory
from .test_login import log_in

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 900}
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
COMMITTEE = "Comité de pilotage régional"
TITLE = "Garage solidaire du Pays de Bray"
INTERNAL_TEXT = "Le porteur hésite encore : son banquier refuse le prêt (à ne pas diffuser)."
SHARED_TEXT = "Visite du local de Forges-les-Eaux avec la mairie : il convient au garage."


def meeting_times(now):
    """A start two hours ago and an end two hours ahead, on today's date (the form takes one day): the meeting
    may be convened (it has not ended) and marked as held (it has started)."""
    # (Run in the last minute before midnight, the meeting would already be over: it could not be convened.)
    today = now.date()
    start = now - datetime.timedelta(hours=2)
    start = start.time() if start.date() == today else datetime.time(0, 0)
    end = now + datetime.timedelta(hours=2)
    end = end.time() if end.date() == today else datetime.time(23, 59)
    return today, start.strftime("%H:%M"), end.strftime("%H:%M")


def submit(page, name):
    page.locator("main").get_by_role("button", name=name, exact=True).click()


def current_step(page):
    return page.get_by_role("navigation", name="Étapes du projet").locator("[aria-current=step]")


def test_a_coordinator_runs_a_meeting_and_publishes_the_annual_pack_a_partner_reads(
    page, browser, live_server, check_accessibility
):
    page.set_viewport_size(LAPTOP)
    coordinator = UserFactory(role=Role.COORDINATOR, first_name="Dominique", last_name="Roux")
    territory = EngagedTerritoryFactory(name="Pays de Bray", status="active")
    project = ProjectFactory(
        territory=territory,
        title=TITLE,
        leader_name="Jeanne Porteuse",
        leader_email="jeanne.porteuse@exemple.fr",
        leader_phone="06 12 34 56 78",
    )
    JournalEntryFactory(project=project, text=INTERNAL_TEXT, is_internal=True)
    JournalEntryFactory(project=project, text=SHARED_TEXT, is_internal=False)
    internal_document = ProjectDocumentFactory(project=project, title="Plan de financement confidentiel")
    committee = CommitteeFactory(name=COMMITTEE)
    partner = UserFactory(
        role=Role.PARTNER,
        first_name="Claire",
        last_name="Dubois",
        email="claire.dubois@exemple.fr",
        organisation=ActorFactory(name="Caisse solidaire de Picardie"),
    )
    CommitteeMemberFactory(committee=committee, user=partner, position=CommitteeMember.Position.CHAIR)
    CommitteeMemberFactory(
        committee=committee,
        user=None,
        actor=ActorFactory(name="Conseil régional"),
        representative_name="Paul Lemaire",
        representative_email="paul.lemaire@exemple.fr",
    )
    now = timezone.localtime()
    day, start, end = meeting_times(now)

    # 1. The committee's page: a new meeting, that started two hours ago.
    log_in(page, live_server, coordinator, check_accessibility)
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Comités").click()
    page.locator("main").get_by_role("link", name=COMMITTEE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COMMITTEE)
    check_accessibility(page)
    page.locator("main").get_by_role("link", name="Nouvelle séance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle séance")
    check_accessibility(page)
    page.fill("#id_title", "Comité de pilotage de printemps")
    page.fill("#id_day", day.strftime("%d/%m/%Y"))
    page.fill("#id_start_time", start)
    page.fill("#id_end_time", end)
    page.fill("#id_place", "Maison de l’ESS, Amiens")
    submit(page, "Prévoir la séance")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comité de pilotage de printemps")
    expect(page.get_by_text("Séance prévue. Préparez son ordre du jour, puis convoquez les membres.")).to_be_visible()
    meeting = Meeting.objects.get(committee=committee)
    assert meeting.status == Meeting.Status.PLANNED
    check_accessibility(page)

    # 2. The agenda: the project, then a free topic.
    agenda = page.get_by_role("region", name="Ordre du jour")
    agenda.get_by_role("link", name="Ajouter un point").click()
    check_accessibility(page)
    page.select_option("#id_project", label=f"{project.reference} — {TITLE}")
    page.fill("#id_presenter", "Référent du Pays de Bray")
    page.fill("#id_duration_minutes", "20")
    submit(page, "Enregistrer")
    expect(agenda.get_by_role("heading", name=re.compile(TITLE))).to_be_visible()
    agenda.get_by_role("link", name="Ajouter un point").click()
    page.fill("#id_topic", "Questions diverses")
    page.fill("#id_duration_minutes", "10")
    submit(page, "Enregistrer")
    expect(agenda.get_by_role("heading", name=re.compile("Questions diverses"))).to_be_visible()
    expect(agenda).to_contain_text("Durée prévue")
    check_accessibility(page)

    # 3. The convocation: the recipients are listed, then the emails go out (a job per member).
    page.get_by_role("link", name="Convoquer les membres").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Convoquer les membres")
    recipients = page.locator("main")
    expect(recipients.get_by_role("heading", name="2 destinataires")).to_be_visible()
    expect(recipients).to_contain_text("Claire Dubois — claire.dubois@exemple.fr")
    expect(recipients).to_contain_text("Paul Lemaire — paul.lemaire@exemple.fr")
    check_accessibility(page)
    submit(page, "Envoyer la convocation")
    expect(page.get_by_text("Convocation envoyée aux membres : chacun la reçoit par e-mail.")).to_be_visible()
    expect(page.locator("main .status-badge").first).to_have_text("convoquée")
    check_accessibility(page)
    assert set(SentEmail.objects.values_list("to", flat=True)) == {
        "claire.dubois@exemple.fr",
        "paul.lemaire@exemple.fr",
    }
    convocations = [message for message in mail.outbox if message.subject.startswith("Convocation\u00a0: ")]
    assert sorted(message.to[0] for message in convocations) == ["claire.dubois@exemple.fr", "paul.lemaire@exemple.fr"]
    assert all(COMMITTEE in message.subject for message in convocations)

    # 4. The attendance, then the meeting is held (it has started).
    page.get_by_role("link", name="Enregistrer les présences").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enregistrer les présences")
    check_accessibility(page)
    page.get_by_label("Claire Dubois", exact=True).select_option(label="présent·e")
    page.get_by_label("Paul Lemaire", exact=True).select_option(label="représenté·e")
    page.get_by_label("Paul Lemaire représenté·e par").fill("Anne Vasseur")
    submit(page, "Enregistrer")
    expect(page.get_by_text("Présences enregistrées.")).to_be_visible()
    attendance = page.get_by_role("region", name="Présences")
    expect(attendance.get_by_role("row", name=re.compile("Claire Dubois"))).to_contain_text("présent·e")
    expect(attendance.get_by_role("row", name=re.compile("Paul Lemaire"))).to_contain_text(
        "représenté·e (par Anne Vasseur)"
    )
    assert Attendance.objects.filter(meeting=meeting).count() == 2
    page.get_by_role("button", name="Marquer la séance comme tenue").click()
    expect(page.get_by_text("Séance marquée comme tenue. Enregistrez les présences et les décisions.")).to_be_visible()
    check_accessibility(page)

    # 5. The decision on the project's item: the project moves to the opportunity study.
    item = agenda.get_by_role("listitem").filter(has=page.get_by_role("heading", name=re.compile(TITLE)))
    item.get_by_role("link", name="Enregistrer une décision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enregistrer une décision")
    expect(page.locator("main")).to_contain_text("idée détectée")
    check_accessibility(page)
    page.select_option("#id_outcome", label="lancer l’étude d’opportunité")
    page.fill("#id_rationale", "Le besoin est confirmé par la mairie et deux garages du territoire.")
    submit(page, "Enregistrer la décision")
    expect(page.get_by_text(f"Décision « lancer l’étude d’opportunité ({day:%d/%m/%Y}) » enregistrée.")).to_be_visible()
    expect(item).to_contain_text("« idée détectée » → « étude d’opportunité »")
    check_accessibility(page)
    decision = Decision.objects.get(agenda_item__meeting=meeting)
    assert decision.outcome == Decision.Outcome.LAUNCH_STUDY and decision.stage_change_id is not None
    item.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(current_step(page)).to_contain_text("étude d’opportunité")
    check_accessibility(page)
    project.refresh_from_db()
    assert project.stage == Project.Stage.OPPORTUNITY_STUDY
    page.go_back()

    # 6. The minutes: drafted from the agenda, then approved.
    minutes = page.get_by_role("region", name="Compte rendu")
    minutes.get_by_role("link", name="Rédiger à partir de l’ordre du jour").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rédiger le compte rendu à partir de l’ordre du jour")
    check_accessibility(page)
    submit(page, "Rédiger le brouillon")
    expect(page.get_by_text("rédigé à partir de l’ordre du jour : relisez-le.")).to_be_visible()
    expect(page.locator("#id_minutes")).to_contain_text("lancer l’étude d’opportunité")
    check_accessibility(page)
    submit(page, "Enregistrer le compte rendu")
    minutes.get_by_role("link", name="Approuver le compte rendu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approuver le compte rendu")
    check_accessibility(page)
    submit(page, "Approuver le compte rendu")
    expect(page.get_by_text("approuvé : il ne change plus, ni ses décisions.")).to_be_visible()
    expect(minutes).to_contain_text(TITLE)
    expect(minutes.locator(".status-badge")).to_have_text("approuvé")
    check_accessibility(page)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "governance-meeting-approved-1366.png", full_page=True)

    # 7. The annual pack, asked for from the committee's page; its page shows the files once it is built.
    page.get_by_role("navigation", name="Fil d’Ariane").get_by_role("link", name=COMMITTEE).click()
    packs = page.get_by_role("region", name="Dossiers annuels")
    packs.get_by_role("link", name="Préparer le dossier annuel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Préparer le dossier annuel de « {COMMITTEE} »")
    check_accessibility(page)
    page.fill("#id_year", str(day.year))
    page.fill("#id_foreword", "Une année de lancement : le premier garage solidaire entre en étude.")
    submit(page, "Préparer le dossier")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier annuel {day.year} — {COMMITTEE}")
    # The build runs in the background: the page polls its progress and reloads once it is ready.
    expect(page.get_by_role("link", name="Télécharger le PDF")).to_be_visible(timeout=30_000)
    pack = CommitteePack.objects.get(committee=committee)
    assert pack.status == CommitteePack.Status.READY and pack.published_at is None
    expect(page.locator("main")).to_contain_text("non publié : seule la coordination le voit")
    expect(page.get_by_role("region", name="Décisions de l’année")).to_contain_text("lancer l’étude d’opportunité")
    check_accessibility(page)
    submit(page, "Publier")
    expect(page.get_by_text("Dossier publié : les membres du comité peuvent le lire")).to_be_visible()
    expect(page.locator("main").get_by_role("button", name="Publier")).to_have_count(0)
    check_accessibility(page)
    pack.refresh_from_db()
    assert pack.published_at is not None
    page.screenshot(path=ARTIFACTS / "governance-pack-published-1366.png", full_page=True)

    # 8. The partner, at their own desk: the pack from their committee's page, and its PDF.
    pack_url = reverse("pack_detail", kwargs={"pack": pack.pk})
    project_url = reverse("project_detail", kwargs={"project": project.pk})
    internal_document_url = reverse("document_download", kwargs={"document": internal_document.pk})
    context = browser.new_context(locale="fr-FR", accept_downloads=True)
    context.set_default_timeout(15_000)
    partner_page = context.new_page()
    partner_page.set_viewport_size(LAPTOP)
    broken = []
    partner_page.on(
        "response",
        lambda response: (
            broken.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith(("/favicon.ico", internal_document_url))
            else None
        ),
    )
    try:
        log_in(partner_page, live_server, partner, check_accessibility)
        partner_page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Comités").click()
        partner_page.locator("main").get_by_role("link", name=COMMITTEE).click()
        expect(partner_page.get_by_role("heading", level=1)).to_have_text(COMMITTEE)
        check_accessibility(partner_page)
        partner_packs = partner_page.get_by_role("region", name="Dossiers annuels")
        partner_packs.get_by_role("link", name=f"Dossier {day.year}").click()
        expect(partner_page).to_have_url(live_server.url + pack_url)
        expect(partner_page.get_by_role("heading", level=1)).to_have_text(f"Dossier annuel {day.year} — {COMMITTEE}")
        expect(partner_page.locator("main").get_by_role("button", name="Publier")).to_have_count(0)
        check_accessibility(partner_page)
        with partner_page.expect_download() as download_info:
            partner_page.get_by_role("link", name="Télécharger le PDF").click()
        download = download_info.value
        assert download.suggested_filename == f"dossier-annuel-{day.year}-v1.pdf"
        with open(download.path(), "rb") as handle:
            assert handle.read(5) == b"%PDF-"

        # The project's page: the shared journal entry, never the internal one nor the leader's details.
        partner_page.goto(live_server.url + project_url)
        expect(partner_page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(current_step(partner_page)).to_contain_text("étude d’opportunité")
        main = partner_page.locator("main")
        expect(main).to_contain_text(SHARED_TEXT)
        expect(main).not_to_contain_text(INTERNAL_TEXT)
        for personal in ("Jeanne Porteuse", "jeanne.porteuse@exemple.fr", "06 12 34 56 78"):
            expect(main).not_to_contain_text(personal)
        expect(main).not_to_contain_text("Plan de financement confidentiel")
        check_accessibility(partner_page)
        # Journal entries have no page of their own: the whole journal leaves the internal entry out too.
        partner_page.goto(live_server.url + reverse("project_journal", kwargs={"project": project.pk}))
        expect(partner_page.locator("main")).to_contain_text(SHARED_TEXT)
        expect(partner_page.locator("main")).not_to_contain_text(INTERNAL_TEXT)
        check_accessibility(partner_page)
        # The internal document, asked for by its address: refused.
        response = partner_page.goto(live_server.url + internal_document_url)
        assert response.status in (403, 404), response.status
    finally:
        context.close()
    assert not broken, "resources that failed to load:\n" + "\n".join(broken)
