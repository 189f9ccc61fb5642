"""National-scale data of the projects app, written in bulk for `manage.py seed_scale` and the benchmark.

At scale 1: 20,000 projects over the territories of `territories.scale`, spread over stages, side states,
sectors and years (references FAB-YYYY-NNNN of the year of detection, with their counters), each with its
stage changes (one per step of its path), 200,000 journal entries and 30,000 funding lines; once the accounts
exist (`after_accounts_seed`), the open next steps that the projects' due dates announce, a done one here and
there, and the referents of the projects. The two dates a stalled project is read from (last_activity_on,
next_step_due) agree with those rows. Rows come from a fixed random seed and `bulk_create` in batches: no
`save()`, no signal, no history row. A database that already holds them is left as it is. Beside them, 5,000
initiatives of the library (`_initiatives_seed`), added on their own to a database seeded before the library.
"""

import datetime
import random
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from core.roles import Role
from territories.models import Actor, Commune, EngagedTerritory, Need, Opportunity, Sector
from territories.scale import BATCH_SIZE, MARK, SLUG_PREFIX, ScaleReport

from .models import FundingLine, Initiative, JournalEntry, NextStep, Project, ReferenceCounter, StageChange

RANDOM_SEED = 2027
FULL_SCALE = {"projects": 20000, "journal entries": 200000, "funding lines": 30000}
MINIMUM = {"projects": 60, "journal entries": 300, "funding lines": 60}
FIRST_YEAR = 2013

STAGES = list(Project.Stage.values)
# Where projects stand: most are early in the pipeline, as in the method's years of practice.
STAGE_WEIGHTS = [30, 20, 12, 10, 10, 18]
ON_HOLD_SHARE = 0.07
ABANDONED_SHARE = 0.08
# Active projects left without a journal entry for more than PROJECT_STALLED_DAYS, or with an overdue step.
QUIET_SHARE = 0.15
OPEN_STEP_SHARE = 0.7

SUBJECTS = [
    "Garage solidaire",
    "Conciergerie solidaire",
    "Épicerie partagée",
    "Auto-école sociale",
    "Restaurant d’insertion",
    "Repair café",
    "Autopartage rural",
    "Plateforme alimentaire locale",
    "Ressourcerie",
    "Légumerie",
    "Crèche à horaires décalés",
    "Transport solidaire",
    "Tiers-lieu rural",
    "Conserverie solidaire",
    "Rénovation énergétique solidaire",
]
JOURNAL_TEXTS = [
    "Réunion avec la collectivité motrice sur l’avancement du projet.",
    "Entretien avec le porteur : plan de financement à compléter.",
    "Étape de l’étude : enquête auprès des habitants.",
    "Visite d’une structure similaire sur un territoire voisin.",
    "Contact avec un financeur sur le calendrier des demandes.",
]
SCHEMES = ["Fonds d’innovation sociale", "Étude d’opportunité", "Prêt solidaire", "Garantie", "Aide au démarrage"]
LEGAL_FORMS = ["SCIC SAS", "SCOP SARL", "Association", "SAS ESUS"]


def row_counts(scale: float) -> dict:
    """The number of rows of each kind at `scale` (1 = the whole of France)."""
    return {name: max(MINIMUM[name], round(count * scale)) for name, count in FULL_SCALE.items()}


def _scale_projects():
    return Project.objects.filter(title__endswith=MARK)


def is_seeded() -> bool:
    return _scale_projects().exists()


def scale_seed(*, scale: float = 1.0, load_geography: bool = True) -> ScaleReport:
    """Write the projects app's scale data on the scale territories; leaves a database that holds it untouched."""
    started = time.monotonic()
    report = ScaleReport()
    if is_seeded() or not EngagedTerritory.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        report.already_seeded = is_seeded()
    else:
        with transaction.atomic():
            _Generator(scale, report).run()
    # The library stands apart from the territories: added to a database seeded before it.
    if _scale_initiatives().exists():
        report.already_seeded = report.already_seeded and not report.created
    else:
        report.already_seeded = False
        with transaction.atomic():
            _initiatives_seed(scale, report)
    report.seconds = time.monotonic() - started
    return report


def _bulk(model, rows, report, label):
    model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    report.created[label] = report.created.get(label, 0) + len(rows)


def _siret(rng):
    """A 14-digit number whose Luhn key is right."""
    digits = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(12)]
    for last in range(10):
        candidate = [*digits, last]
        total = 0
        for position, digit in enumerate(reversed(candidate)):
            doubled = digit * 2 if position % 2 else digit
            total += doubled - 9 if doubled > 9 else doubled
        if total % 10 == 0:
            return "".join(map(str, candidate))
    raise AssertionError("unreachable")


class _Generator:
    def __init__(self, scale, report):
        self.random = random.Random(RANDOM_SEED)
        self.counts = row_counts(scale)
        self.report = report
        self.today = timezone.localdate()
        self.now = timezone.now()

    def run(self):
        territories = list(
            EngagedTerritory.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", "referent_actor_id")
        )
        self.sectors = list(Sector.objects.values_list("pk", flat=True))
        self.needs = {}
        for pk, territory_id in Need.objects.filter(territory_id__in=[t for t, _ in territories]).values_list(
            "pk", "territory_id"
        ):
            self.needs.setdefault(territory_id, []).append(pk)
        self.opportunities = {}
        for pk, territory_id in Opportunity.objects.filter(territory_id__in=[t for t, _ in territories]).values_list(
            "pk", "territory_id"
        ):
            self.opportunities.setdefault(territory_id, []).append(pk)
        self.funders = list(
            Actor.objects.filter(
                name__endswith=MARK, kind__in=[Actor.Kind.FUNDER, Actor.Kind.LOCAL_AUTHORITY]
            ).values_list("pk", flat=True)[:400]
        )
        projects, paths, links = self.projects(territories)
        self.stage_changes(projects, paths)
        self.journal(projects, paths)
        self.funding(projects)
        _link(Project.needs, links, self.report, "besoins auxquels répondent les projets")
        # A project's creation is its detection, as the first stage change says.
        first = StageChange.objects.filter(project=OuterRef("pk"), from_stage="").values("at")[:1]
        _scale_projects().update(created_at=Subquery(first))
        Opportunity.objects.filter(projects__title__endswith=MARK).exclude(status=Opportunity.Status.IN_PROJECT).update(
            status=Opportunity.Status.IN_PROJECT
        )

    def moment(self, day, position):
        """An instant of `day`, later in the day for a later step of a path (two steps may share a day)."""
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8 + position)))

    def path(self):
        """(steps with their days, side state): the stages walked one at a time from detection to where the
        project stands, then perhaps a pause or an abandonment."""
        reached = self.random.choices(range(len(STAGES)), STAGE_WEIGHTS)[0]
        detected = datetime.date(FIRST_YEAR, 1, 1) + datetime.timedelta(
            days=self.random.randrange((self.today - datetime.date(FIRST_YEAR, 1, 1)).days - 30)
        )
        span = (self.today - detected).days
        days = sorted(self.random.randrange(span) for _ in range(reached))
        steps = [(STAGES[0], detected)] + [
            (STAGES[index + 1], detected + datetime.timedelta(days=day)) for index, day in enumerate(days)
        ]
        side = ""
        if STAGES[reached] != Project.Stage.CREATED:
            draw = self.random.random()
            side = "on_hold" if draw < ON_HOLD_SHARE else "abandoned" if draw < ON_HOLD_SHARE + ABANDONED_SHARE else ""
        if side:
            last = steps[-1][1]
            steps.append((side, last + datetime.timedelta(days=1 + self.random.randrange((self.today - last).days))))
        return steps, side

    def projects(self, territories):
        rows, paths, links = [], [], []
        counters = dict(ReferenceCounter.objects.values_list("year", "last"))
        for index in range(self.counts["projects"]):
            territory_id, referent_actor_id = territories[index % len(territories)]
            steps, side = self.path()
            stage = [step for step, _day in steps if step not in ("on_hold", "abandoned")][-1]
            detected = steps[0][1]
            counters[detected.year] = counters.get(detected.year, 0) + 1
            position, stage_day = [(n, day) for n, (step, day) in enumerate(steps) if step == stage][0]
            created = stage == Project.Stage.CREATED
            active = not side and not created
            last_day = steps[-1][1]
            # Recent activity for most active projects, long silence for a share of them.
            if active and self.random.random() >= QUIET_SHARE:
                last_day = max(last_day, self.today - datetime.timedelta(days=self.random.randrange(45)))
            due = None
            if active and self.random.random() < OPEN_STEP_SHARE:
                due = self.today + datetime.timedelta(days=self.random.randrange(-30, 60))
            jobs = Decimal(self.random.randrange(2, 30)) / 2
            opportunities = self.opportunities.get(territory_id) or []
            rows.append(
                Project(
                    reference=f"FAB-{detected.year}-{counters[detected.year]:04d}",
                    title=f"{self.random.choice(SUBJECTS)} n° {index + 1} {MARK}",
                    territory_id=territory_id,
                    sector_id=self.random.choice(self.sectors),
                    opportunity_id=self.random.choice(opportunities)
                    if opportunities and self.random.random() < 0.2
                    else None,
                    origin=self.random.choice(Project.Origin.values),
                    referent_actor_id=referent_actor_id,
                    summary="Projet généré pour la mesure à l’échelle nationale.",
                    target_public="Habitants du territoire",
                    target_legal_form=self.random.choice(LEGAL_FORMS),
                    jobs_planned_fte=jobs,
                    jobs_created_fte=jobs if created else Decimal(0),
                    non_relocatable=self.random.random() < 0.8,
                    budget=Decimal(self.random.randrange(20, 800) * 1000),
                    creation_date=stage_day if created else None,
                    siret=_siret(self.random) if created else "",
                    stage=stage,
                    side_state=side,
                    stage_since=self.moment(stage_day, position),
                    last_activity_on=last_day,
                    next_step_due=due,
                )
            )
            paths.append(steps)
            needs = self.needs.get(territory_id) or []
            links.append(self.random.sample(needs, min(len(needs), self.random.randrange(3))))
        _bulk(Project, rows, self.report, "projets")
        for year, last in counters.items():
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
        pairs = [(project.pk, need) for project, needs in zip(rows, links, strict=True) for need in needs]
        return rows, paths, pairs

    def stage_changes(self, projects, paths):
        rows = []
        for project, steps in zip(projects, paths, strict=True):
            previous = ""
            for position, (step, day) in enumerate(steps):
                rows.append(
                    StageChange(
                        project_id=project.pk,
                        from_stage=previous,
                        to_stage=step,
                        at=project.stage_since if step == project.stage else self.moment(day, position),
                        reason="Motif de la pause ou de l’abandon." if step in ("on_hold", "abandoned") else "",
                        is_without_decision=step in ("opportunity_study", "transmitted"),
                    )
                )
                previous = step
        _bulk(StageChange, rows, self.report, "changements d’étape")

    def journal(self, projects, paths):
        """Entries spread between each project's detection and its last activity, which is the latest entry."""
        total = self.counts["journal entries"]
        per_project = max(1, total // len(projects))
        rows = []
        kinds = JournalEntry.Kind.values
        for index, project in enumerate(projects):
            count = per_project + (1 if index < total - per_project * len(projects) else 0)
            first = paths[index][0][1]
            span = max(1, (project.last_activity_on - first).days)
            days = [project.last_activity_on] + [
                first + datetime.timedelta(days=self.random.randrange(span)) for _ in range(count - 1)
            ]
            for day in days:
                rows.append(
                    JournalEntry(
                        project_id=project.pk,
                        date=day,
                        kind=self.random.choice(kinds),
                        text=self.random.choice(JOURNAL_TEXTS),
                        is_internal=self.random.random() < 0.7,
                    )
                )
            if len(rows) >= 20 * BATCH_SIZE:
                _bulk(JournalEntry, rows, self.report, "entrées du journal")
                rows = []
        _bulk(JournalEntry, rows, self.report, "entrées du journal")

    def funding(self, projects):
        if not self.funders:
            return
        funded = [project for project in projects if project.stage != Project.Stage.DETECTED] or projects
        rows = []
        statuses = FundingLine.Status.values
        for index in range(self.counts["funding lines"]):
            project = funded[index % len(funded)]
            requested = Decimal(self.random.randrange(2, 120) * 500)
            status = self.random.choice(statuses)
            granted = requested if status in ("granted", "paid") else None
            rows.append(
                FundingLine(
                    project_id=project.pk,
                    funder_id=self.random.choice(self.funders),
                    year=self.random.randrange(max(FIRST_YEAR, project.stage_since.year - 2), self.today.year + 1),
                    scheme=self.random.choice(SCHEMES),
                    amount_requested=requested,
                    amount_granted=granted,
                    status=status,
                )
            )
        _bulk(FundingLine, rows, self.report, "lignes de financement")


def _link(relation, pairs, report, label):
    through = relation.through
    source = relation.field.m2m_field_name() + "_id"
    target = relation.field.m2m_reverse_field_name() + "_id"
    rows = [through(**{source: a, target: b}) for a, b in dict.fromkeys(pairs)]
    through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    report.created[label] = len(rows)


# --- The library of inspiring initiatives -------------------------------------------------------------------------

INITIATIVES_AT_FULL_SCALE = 5000
INITIATIVES_MINIMUM = 50
# What an initiative does: (title, sector slug, what it does, tags). The titles are the catalogue's usual words, so
# that a search (one word, a phrase, a typo) has thousands of texts to read and a few hundred to find.
INITIATIVE_SUBJECTS = [
    ("Garage solidaire", "mobilite", "répare à prix réduit les véhicules des ménages modestes", "garage, mobilité"),
    ("Auto-école sociale", "mobilite", "prépare au permis de conduire à un rythme adapté", "permis, mobilité"),
    ("Autopartage rural", "mobilite", "met des voitures partagées à disposition dans les bourgs", "autopartage"),
    ("Transport solidaire", "mobilite", "conduit les personnes isolées vers leurs rendez-vous", "transport, bénévolat"),
    ("Atelier vélo participatif", "mobilite", "apprend aux habitants à réparer leur vélo", "vélo, réparation"),
    ("Location de vélos électriques", "mobilite", "loue des vélos à assistance électrique au mois", "vélo, mobilité"),
    ("Conciergerie solidaire", "economie-residentielle", "rend les services du quotidien aux salariés", "conciergerie"),
    ("Crèche à horaires décalés", "economie-residentielle", "garde les enfants tôt le matin et tard le soir", "garde"),
    ("Plateforme de répit", "economie-residentielle", "relaie à domicile les proches aidants", "aidants, répit"),
    (
        "Médiation numérique",
        "economie-residentielle",
        "accompagne les habitants dans leurs démarches en ligne",
        "numérique",
    ),
    ("Café multiservice", "economie-residentielle", "tient le dernier commerce du village", "commerce, village"),
    (
        "Adaptation du logement des aînés",
        "economie-residentielle",
        "adapte les logements au vieillissement",
        "domicile",
    ),
    ("Atelier partagé", "habitat-batiment-durables", "ouvre des machines et de l’outillage aux habitants", "bricolage"),
    (
        "Rénovation énergétique solidaire",
        "habitat-batiment-durables",
        "isole les logements des ménages modestes",
        "isolation",
    ),
    (
        "Matériauthèque",
        "habitat-batiment-durables",
        "récupère et revend les matériaux de chantier",
        "réemploi, bâtiment",
    ),
    (
        "Habitat inclusif",
        "habitat-batiment-durables",
        "loge ensemble des personnes en situation de handicap",
        "habitat",
    ),
    ("Colocation intergénérationnelle", "habitat-batiment-durables", "loge des jeunes chez des aînés", "logement"),
    ("Repair café", "environnement", "répare avec les habitants leurs objets en panne", "réparation, déchets"),
    ("Ressourcerie", "environnement", "collecte, remet en état et revend les objets", "réemploi, recyclerie"),
    ("Collecte des biodéchets", "environnement", "collecte à vélo les déchets alimentaires et les composte", "compost"),
    ("Jardin partagé", "environnement", "fait cultiver ensemble les habitants d’un quartier", "jardin, nature"),
    ("Recyclerie du sport", "environnement", "remet en état le matériel de sport inutilisé", "sport, réemploi"),
    (
        "Restaurant d’insertion",
        "alimentation-circuits-courts",
        "forme aux métiers de la cuisine",
        "restaurant, cuisine",
    ),
    ("Épicerie solidaire", "alimentation-circuits-courts", "vend des produits de qualité à petit prix", "épicerie"),
    (
        "Plateforme alimentaire locale",
        "alimentation-circuits-courts",
        "livre les produits des fermes aux cantines",
        "circuits courts",
    ),
    (
        "Légumerie",
        "alimentation-circuits-courts",
        "prépare les légumes locaux pour la restauration collective",
        "légumes",
    ),
    ("Conserverie solidaire", "alimentation-circuits-courts", "transforme les invendus des producteurs", "conserves"),
    (
        "Maraîchage d’insertion",
        "alimentation-circuits-courts",
        "cultive des légumes biologiques vendus en paniers",
        "maraîchage",
    ),
]
INITIATIVE_CARRIERS = [
    "une association du territoire",
    "une coopérative d’intérêt collectif",
    "une entreprise d’insertion",
    "un collectif d’habitants",
    "une régie de quartier",
    "un centre social",
    "une société coopérative de production",
    "un groupement d’employeurs",
]
STRUCTURE_NAMES = [
    "Association solidaire",
    "Coopérative",
    "Régie de quartier",
    "Centre social",
    "Entreprise d’insertion",
]
PUBLIC_WORDS = {
    "everyone": "pour tous les habitants",
    "low_income": "pour les ménages aux revenus modestes",
    "job_seekers": "pour les personnes éloignées de l’emploi",
    "youth": "pour les jeunes du bassin de vie",
    "elderly": "pour les personnes âgées vivant seules",
    "disabled": "pour les personnes en situation de handicap",
    "families": "pour les familles et les parents isolés",
    "rural": "pour les habitants des villages éloignés des services",
    "organisations": "pour les entreprises et les associations du secteur",
}
INITIATIVE_METHODS = [
    "avec des salariés en parcours d’insertion encadrés par des professionnels",
    "grâce à un réseau de bénévoles formés et à une coordinatrice salariée",
    "en s’appuyant sur les producteurs et les artisans des communes voisines",
    "avec l’appui de la commune, de l’intercommunalité et du département",
    "dans un local partagé avec d’autres associations du quartier",
    "en lien étroit avec les travailleurs sociaux et les prescripteurs de l’emploi",
    "en mutualisant ses moyens avec un tiers-lieu de la ville",
]
INITIATIVE_OUTCOMES = [
    "Le service a trouvé son équilibre économique en trois ans.",
    "L’initiative a déjà essaimé dans deux communes voisines.",
    "Les usagers participent à la gouvernance de la structure.",
    "Les emplois créés sont durables et non délocalisables.",
    "Le modèle repose sur des recettes propres et des aides publiques.",
]
INITIATIVE_MODELS = [
    "Ventes de services et subventions de fonctionnement",
    "Prestations aux collectivités et aides aux postes d’insertion",
    "Adhésions, dons et mécénat d’entreprises",
    "Recettes propres et contrats pluriannuels avec la collectivité",
]
INITIATIVE_LEGAL_FORMS = ["Association", "SCIC SAS", "SCOP SARL", "SAS agréée ESUS", "Entreprise d’insertion"]
INITIATIVE_CONDITIONS = [
    "Un local adapté, un encadrant technique et des partenaires prescripteurs.",
    "Une collectivité engagée dès le départ et un noyau de bénévoles.",
    "Des clients ou des usagers identifiés avant le lancement, et un plan de financement sur trois ans.",
    "Un porteur formé au modèle et l’appui d’un réseau national de structures semblables.",
]
DRAFT_SHARE = 0.05
VOWELS = tuple("AEIOUYÀÂÉÈÊÎÔH")


def _of_town(town):
    """« de Lille », « d’Amiens », « du Havre », « des Andelys »."""
    if town.startswith("Le "):
        return f"du {town[3:]}"
    if town.startswith("Les "):
        return f"des {town[4:]}"
    return f"d’{town}" if town.startswith(VOWELS) else f"de {town}"


def initiative_count(scale: float) -> int:
    return max(INITIATIVES_MINIMUM, round(INITIATIVES_AT_FULL_SCALE * scale))


def _scale_initiatives():
    return Initiative.objects.filter(title__endswith=MARK)


def _initiatives_seed(scale, report):
    """The library at scale: initiatives of the catalogue's kinds from the towns of the loaded geography, each
    summary of 20 to 40 words built from the lists above, in bulk (the database's trigger writes their search
    vector). Left as it is when it holds them already."""
    rng = random.Random(RANDOM_SEED + 2)
    sectors = dict(Sector.objects.values_list("slug", "pk"))
    towns = list(Commune.objects.order_by("code").values_list("name", "departement__region_id"))
    if not towns:
        towns = [("Villeneuve", None)]
    publics = list(PUBLIC_WORDS)
    this_year = timezone.localdate().year
    rows = []
    for _index in range(initiative_count(scale)):
        title, sector, activity, tags = rng.choice(INITIATIVE_SUBJECTS)
        town, region_id = rng.choice(towns)
        public = rng.choice(publics)
        carrier = rng.choice(INITIATIVE_CARRIERS)
        year = rng.randrange(1990, this_year + 1)
        summary = (
            f"{title}\u00a0: depuis {year}, {carrier} {_of_town(town)} {activity} {PUBLIC_WORDS[public]}, "
            f"{rng.choice(INITIATIVE_METHODS)}."
        )
        rows.append(
            Initiative(
                title=f"{title} {_of_town(town)} {MARK}",
                summary=summary,
                description=f"{rng.choice(INITIATIVE_OUTCOMES)} {rng.choice(INITIATIVE_CONDITIONS)}",
                origin_region_id=region_id,
                origin_town=town,
                sector_id=sectors.get(sector),
                target_public=public,
                economic_model=rng.choice(INITIATIVE_MODELS),
                legal_form=rng.choice(INITIATIVE_LEGAL_FORMS),
                structure_name=f"{rng.choice(STRUCTURE_NAMES)} {_of_town(town)}",
                year_started=year,
                jobs_fte=Decimal(rng.randrange(0, 60)) / 2,
                results=rng.choice(INITIATIVE_OUTCOMES),
                replication_conditions=rng.choice(INITIATIVE_CONDITIONS),
                tags=f"{tags}, {rng.choice(['insertion', 'ESS', 'territoire', 'coopération', 'solidarité'])}",
                status=Initiative.Status.DRAFT if rng.random() < DRAFT_SHARE else Initiative.Status.PUBLISHED,
            )
        )
    _bulk(Initiative, rows, report, "initiatives inspirantes")


def after_accounts_seed(*, scale: float = 1.0) -> dict:
    """Once the accounts exist: the open next step of each scale project with a due date (owned by a referent
    of its territory, else a coordinator), a done one for some, and the referents of the projects. Returns the
    rows created by kind; nothing when they exist already or no account does."""
    created = {}
    projects = _scale_projects()
    if NextStep.objects.filter(project__in=projects).exists():
        return created
    users = get_user_model().objects
    coordinator = users.filter(role=Role.COORDINATOR).order_by("pk").values_list("pk", flat=True).first()
    referents = dict(
        users.filter(role=Role.REFERENT, organisation__isnull=False)
        .order_by("-pk")
        .values_list("organisation_id", "pk")
    )
    if coordinator is None and not referents:
        return created
    rng = random.Random(RANDOM_SEED + 1)
    steps, links = [], []
    rows = projects.filter(side_state="").exclude(stage=Project.Stage.CREATED)
    for pk, actor_id, due in rows.values_list("pk", "referent_actor_id", "next_step_due").order_by("pk"):
        owner = referents.get(actor_id, coordinator)
        if owner is None:
            continue
        if actor_id in referents:
            links.append((pk, referents[actor_id]))
        if due is not None:
            steps.append(NextStep(project_id=pk, text="Relancer le porteur de projet", owner_id=owner, due_date=due))
        if rng.random() < 0.3:
            done_on = timezone.localdate() - datetime.timedelta(days=rng.randrange(30, 400))
            steps.append(
                NextStep(
                    project_id=pk,
                    text="Présenter l’idée au comité technique",
                    owner_id=owner,
                    due_date=done_on,
                    done_at=timezone.make_aware(datetime.datetime.combine(done_on, datetime.time(11))),
                )
            )
    with transaction.atomic():
        NextStep.objects.bulk_create(steps, batch_size=BATCH_SIZE)
        report = ScaleReport()
        _link(Project.referent_users, links, report, "référents des projets")
    created["prochaines étapes"] = len(steps)
    return created | report.created
