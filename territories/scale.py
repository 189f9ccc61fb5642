"""National-scale data of the territories app, written in bulk for `manage.py seed_scale` and the benchmark.

At scale 1: all of France's official geography, 300 engaged territories (perimeters of real EPCI), their
readiness, 5,000 actors with contact persons, 20,000 needs, 5,000 opportunities, 10,000 events and 1,500
cooperations. Rows are generated from a fixed random seed, so two runs at the same scale give the same
data. They are written with `bulk_create` in batches and through-table inserts for many-to-many links:
no `save()`, no signal, and so no history row (simple_history listens to `post_save`), which is what a
benchmark database wants. A database that already holds scale data is left as it is.
"""

import datetime
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from .geography import geography_load
from .models import (
    EPCI,
    Actor,
    AnimationEvent,
    Commune,
    Contact,
    Cooperation,
    EngagedTerritory,
    LegalCategory,
    Need,
    Opportunity,
    Prerequisite,
    ReadinessAssessment,
    Sector,
)

# Scale rows are recognised by these marks; nothing else of the platform uses them.
SLUG_PREFIX = "echelle-"
MARK = "(échelle)"
CRESS_NAME = f"CRESS nationale {MARK}"
FUNDER_NAME = f"Fondation nationale pour l'ESS {MARK}"
BATCH_SIZE = 2000
RANDOM_SEED = 2026

# Row counts at scale 1 (the whole of France). Sectors do not grow with the country: the five of the
# method and 15 more at every scale.
FULL_SCALE = {
    "territories": 300,
    "actors": 5000,
    "needs": 20000,
    "opportunities": 5000,
    "events": 10000,
    "cooperations": 1500,
}
TERRITORIES_PER_REFERENT = 3
EPCIS_PER_TERRITORY = 4
# A few rows of each kind at any scale, so that every list and detail page has something to show, and two
# referent organisations, so that every referent has territories that are not theirs.
MINIMUM = {"territories": 6, "actors": 30, "needs": 60, "opportunities": 12, "events": 30, "cooperations": 6}

EXTRA_SECTORS = [
    "Numérique solidaire",
    "Culture et patrimoine",
    "Sport et loisirs",
    "Petite enfance",
    "Insertion par l'activité économique",
    "Réemploi et recyclage",
    "Énergies renouvelables citoyennes",
    "Tourisme social et solidaire",
    "Santé et prévention",
    "Services aux entreprises",
    "Éducation populaire",
    "Commerce équitable",
    "Finance solidaire",
    "Agriculture biologique",
    "Silver économie",
]
NEED_SUBJECTS = [
    "Garde d'enfants en horaires décalés",
    "Transport à la demande pour les personnes âgées",
    "Épicerie de proximité en centre-bourg",
    "Réparation et réemploi d'appareils ménagers",
    "Rénovation énergétique des logements anciens",
    "Aide aux aidants familiaux",
    "Accès au numérique pour les seniors",
    "Restauration collective en circuits courts",
    "Location de vélos à assistance électrique",
    "Collecte et valorisation des biodéchets",
    "Habitat inclusif pour personnes handicapées",
    "Tiers-lieu et espace de travail partagé",
    "Conciergerie solidaire d'entreprises",
    "Maraîchage d'insertion",
    "Ressourcerie et recyclerie",
]
ACTOR_KINDS = [
    (Actor.Kind.ASSOCIATION, "Association", LegalCategory.ASSOCIATION_9220),
    (Actor.Kind.ESS_ENTERPRISE, "SCOP", LegalCategory.SCOP_SARL),
    (Actor.Kind.ESS_ENTERPRISE, "Coopérative", LegalCategory.COOP_SARL),
    (Actor.Kind.ESS_NETWORK, "Réseau", LegalCategory.ASSOCIATION_9220),
    (Actor.Kind.FUNDER, "Fonds", LegalCategory.FONDATION),
    (Actor.Kind.INSTITUTION, "Maison de l'emploi", LegalCategory.OTHER),
]
NEED_STATUSES = [
    (Need.Status.TO_REVIEW, 1),
    (Need.Status.IDENTIFIED, 4),
    (Need.Status.QUALIFIED, 3),
    (Need.Status.ADDRESSED, 1),
    (Need.Status.DROPPED, 1),
]
TERRITORY_STATUSES = [
    (EngagedTerritory.Status.ACTIVE, 12),
    (EngagedTerritory.Status.ENGAGED, 5),
    (EngagedTerritory.Status.CANDIDATE, 2),
    (EngagedTerritory.Status.CLOSED, 1),
]
LOREM = (
    "Besoin relevé lors du diagnostic partagé avec les habitants, les élus et les structures de "
    "l'économie sociale et solidaire du territoire ; plusieurs acteurs sont prêts à s'y associer."
)
GEOGRAPHY_MISSING = (
    "Aucun EPCI chargé : lancez d'abord « python manage.py load_territories --all », ou lancez seed_scale "
    "sans --sans-geographie."
)


def row_counts(scale: float) -> dict:
    """The number of rows of each kind at `scale` (1 = the whole of France)."""
    return {name: max(MINIMUM[name], round(count * scale)) for name, count in FULL_SCALE.items()}


@dataclass
class ScaleReport:
    created: dict = field(default_factory=dict)
    seconds: float = 0.0
    seconds_geography: float = 0.0
    already_seeded: bool = False


def is_seeded() -> bool:
    return EngagedTerritory.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def scale_seed(*, scale: float = 1.0, load_geography: bool = True) -> ScaleReport:
    """Write the territories app's scale data; leaves a database that already holds it untouched."""
    started = time.monotonic()
    report = ScaleReport()
    if load_geography:
        # All of France: the perimeters are drawn from every EPCI, as a national deployment would be.
        loaded = geography_load(data_dir=settings.TERRITORY_DATA_DIR, departements=None)
        report.created["communes (géographie officielle)"] = Commune.objects.count()
        report.seconds_geography = loaded.seconds
    if is_seeded():
        report.already_seeded = True
        report.seconds = time.monotonic() - started
        return report
    if not EPCI.objects.exists():
        raise CommandError(GEOGRAPHY_MISSING)
    with transaction.atomic():
        _Generator(scale, report).run()
    report.seconds = time.monotonic() - started
    return report


def _bulk(model, objects, report, label=None):
    created = model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    report.created[label or str(model._meta.verbose_name_plural)] = len(created)
    return created


def _link_each(relation, sources, targets, report, label):
    """Link each saved row of `sources` to the primary keys of its entry in `targets` (a list as long)."""
    _link(relation, [(row.pk, pk) for row, pks in zip(sources, targets, strict=True) for pk in pks], report, label)


def _link(relation, pairs, report, label):
    """Insert many-to-many links (source pk, target pk) straight into the relation's through table."""
    through = relation.through
    source = relation.field.m2m_field_name() + "_id"
    target = relation.field.m2m_reverse_field_name() + "_id"
    rows = [through(**{source: a, target: b}) for a, b in dict.fromkeys(pairs)]
    through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    report.created[label] = len(rows)


class _Generator:
    """One run of the generator: a fixed random sequence, the rows it draws, and their counts."""

    def __init__(self, scale, report):
        self.random = random.Random(RANDOM_SEED)
        self.counts = row_counts(scale)
        self.report = report
        self.today = timezone.localdate()

    def run(self):
        self.sectors = self.sector_ids()
        self.territories, self.territory_communes = self.engaged_territories()
        self.actors_by_territory = self.actors()
        self.readiness()
        self.needs_by_territory = self.needs()
        self.opportunities()
        self.events()
        self.cooperations()

    # --- helpers ---------------------------------------------------------------------------------------

    def date_between(self, first_year, last=None):
        last = last or self.today
        start = datetime.date(first_year, 1, 1)
        return start + datetime.timedelta(days=self.random.randrange(max(1, (last - start).days)))

    def weighted(self, choices):
        values, weights = zip(*choices, strict=True)
        return self.random.choices(values, weights)[0]

    def spread(self, total):
        """`total` items over the territories: every territory gets some, the rest at random."""
        territory_ids = [territory.pk for territory in self.territories]
        picks = territory_ids * (total // len(territory_ids))
        picks += self.random.sample(territory_ids, total % len(territory_ids))
        return picks

    # --- rows ------------------------------------------------------------------------------------------

    def sector_ids(self):
        for index, name in enumerate(EXTRA_SECTORS, start=1):
            Sector.objects.get_or_create(name=name, defaults={"slug": f"{SLUG_PREFIX}{index:02d}"})
        return list(Sector.objects.values_list("pk", flat=True))

    def engaged_territories(self):
        """Territories whose perimeters are real EPCI, a few each, each EPCI in one territory while they last."""
        total = self.counts["territories"]
        epcis = list(
            EPCI.objects.annotate(population=Sum("communes__population"), member_count=Count("communes"))
            .filter(member_count__gt=0)
            .order_by("siren")
            .values("pk", "name", "population", "member_count")
        )
        if not epcis:
            raise CommandError(GEOGRAPHY_MISSING)
        perimeters = []
        for index in range(total):
            size = 1 + self.random.randrange(EPCIS_PER_TERRITORY)
            start = (index * EPCIS_PER_TERRITORY) % len(epcis)
            perimeters.append([epcis[(start + offset) % len(epcis)] for offset in range(size)])
        territories, self.statuses = [], []
        for index, perimeter in enumerate(perimeters, start=1):
            status = self.weighted(TERRITORY_STATUSES)
            self.statuses.append(status)
            application = self.date_between(2012, datetime.date(2022, 12, 31))
            selection = application + datetime.timedelta(days=90)
            launch = selection + datetime.timedelta(days=120)
            territories.append(
                EngagedTerritory(
                    name=f"Territoire {index:03d} — {perimeter[0]['name']}",
                    slug=f"{SLUG_PREFIX}{index:03d}",
                    population=sum(epci["population"] or 0 for epci in perimeter),
                    commune_count=sum(epci["member_count"] for epci in perimeter),
                    # An active territory needs its authority and referent, which are written next.
                    status=EngagedTerritory.Status.CANDIDATE,
                    application_date=application,
                    selection_date=None if status == EngagedTerritory.Status.CANDIDATE else selection,
                    launch_date=launch if status in ("active", "closed") else None,
                    agreement_signed_date=launch if status in ("active", "closed") else None,
                    closing_date=launch + datetime.timedelta(days=1500) if status == "closed" else None,
                    description=f"Territoire d'expérimentation généré pour la mesure à l'échelle nationale {MARK}.",
                )
            )
        territories = _bulk(EngagedTerritory, territories, self.report)
        pairs = [
            (territory.pk, epci["pk"])
            for territory, perimeter in zip(territories, perimeters, strict=True)
            for epci in perimeter
        ]
        _link(EngagedTerritory.epcis, pairs, self.report, "EPCI des périmètres")
        epci_territory = {epci_id: territory_id for territory_id, epci_id in pairs}
        communes = {}
        for commune_id, epci_id in Commune.objects.filter(epci_id__in=epci_territory).values_list("pk", "epci_id"):
            communes.setdefault(epci_territory[epci_id], []).append(commune_id)
        return territories, communes

    def actors(self):
        """The named organisations, one driving authority per territory, referent actors of a few territories
        each, and every other kind of actor; each works in one or more territories."""
        territories = self.territories
        referent_count = max(1, len(territories) // TERRITORIES_PER_REFERENT)
        actors = [
            Actor(name=CRESS_NAME, kind=Actor.Kind.INSTITUTION, legal_category=LegalCategory.ASSOCIATION_9220),
            Actor(name=FUNDER_NAME, kind=Actor.Kind.FUNDER, legal_category=LegalCategory.FONDATION),
        ]
        homes = [list(t.pk for t in territories), []]  # the CRESS works everywhere
        for index, territory in enumerate(territories, start=1):
            actors.append(
                Actor(
                    name=f"Collectivité motrice {index:03d} {MARK}",
                    kind=Actor.Kind.LOCAL_AUTHORITY,
                    legal_category=LegalCategory.CC,
                    town_id=self.town(territory.pk),
                )
            )
            homes.append([territory.pk])
        for index in range(referent_count):
            own = [t.pk for t in territories[index::referent_count]]
            actors.append(
                Actor(
                    name=f"Acteur référent {index + 1:03d} {MARK}",
                    kind=Actor.Kind.REFERENT,
                    legal_category=LegalCategory.ASSOCIATION_9220,
                    town_id=self.town(own[0]),
                    description="Structure d'accompagnement, acteur référent de la Fabrique à initiatives.",
                )
            )
            homes.append(own)
        others = max(0, self.counts["actors"] - len(actors))
        for index in range(1, others + 1):
            kind, label, category = self.random.choice(ACTOR_KINDS)
            own = self.random.sample([t.pk for t in territories], min(len(territories), 1 + self.random.randrange(2)))
            esus = kind == Actor.Kind.ESS_ENTERPRISE and self.random.random() < 0.3
            actors.append(
                Actor(
                    name=f"{label} {index:04d} {MARK}",
                    kind=kind,
                    legal_category=category,
                    is_scic=label == "Coopérative" and self.random.random() < 0.5,
                    esus_approved=esus,
                    esus_end_date=self.date_between(2026, datetime.date(2030, 12, 31)) if esus else None,
                    town_id=self.town(own[0]),
                    description=LOREM,
                )
            )
            homes.append(own)
        actors = _bulk(Actor, actors, self.report)
        by_territory = {}
        for actor, own in zip(actors, homes, strict=True):
            for territory_id in own:
                by_territory.setdefault(territory_id, []).append(actor.pk)
        _link(
            Actor.territories,
            [(a, t) for t, ids in by_territory.items() for a in ids],
            self.report,
            "territoires d'activité des acteurs",
        )
        authorities = actors[2 : 2 + len(territories)]
        referents = actors[2 + len(territories) : 2 + len(territories) + referent_count]
        for index, territory in enumerate(territories):
            territory.driving_authority_id = authorities[index].pk
            territory.referent_actor_id = referents[index % referent_count].pk
            territory.status = self.statuses[index]
        EngagedTerritory.objects.bulk_update(
            territories, ["driving_authority", "referent_actor", "status"], batch_size=BATCH_SIZE
        )
        contacts = []
        for actor in actors:
            for number in range(1 + self.random.randrange(2)):
                contacts.append(
                    Contact(
                        actor_id=actor.pk,
                        name=f"Contact {number + 1} de la structure {actor.pk}",
                        role="Chargé·e de mission",
                        email=f"contact{number + 1}.{actor.pk}@example.org",
                        phone="03 22 00 00 00",
                    )
                )
        _bulk(Contact, contacts, self.report)
        return by_territory

    def town(self, territory_id):
        communes = self.territory_communes.get(territory_id)
        return self.random.choice(communes) if communes else None

    def readiness(self):
        """Five prerequisites scored at application, and a follow-up of two of them a year later."""
        rows = []
        for territory in self.territories:
            first = timezone.make_aware(datetime.datetime.combine(territory.application_date, datetime.time(10)))
            for prerequisite in Prerequisite.values:
                rows.append(self.assessment(territory, prerequisite, first))
            for prerequisite in self.random.sample(Prerequisite.values, 2):
                rows.append(self.assessment(territory, prerequisite, first + datetime.timedelta(days=365)))
        _bulk(ReadinessAssessment, rows, self.report)

    def assessment(self, territory, prerequisite, when):
        return ReadinessAssessment(
            territory_id=territory.pk,
            prerequisite=prerequisite,
            score=self.random.randrange(4),
            evidence="Évaluation partagée avec la collectivité et l'acteur référent.",
            assessed_at=when,
        )

    def needs(self):
        rows = []
        for index, territory_id in enumerate(self.spread(self.counts["needs"]), start=1):
            status = self.weighted(NEED_STATUSES)
            identified = self.date_between(2014)
            from_public = status == Need.Status.TO_REVIEW or self.random.random() < 0.1
            rows.append(
                Need(
                    territory_id=territory_id,
                    sector_id=self.random.choice(self.sectors),
                    title=f"{self.random.choice(NEED_SUBJECTS)} n° {index}",
                    description=LOREM,
                    source=Need.Source.CALL_FOR_IDEAS if from_public else self.random.choice(Need.Source.values),
                    population_concerned="Habitants du territoire",
                    priority=self.random.choice(Need.Priority.values),
                    status=status,
                    identified_on=identified,
                    qualified_on=identified + datetime.timedelta(days=60)
                    if status in (Need.Status.QUALIFIED, Need.Status.ADDRESSED)
                    else None,
                    addressed_on=identified + datetime.timedelta(days=400) if status == Need.Status.ADDRESSED else None,
                    dropped_on=identified + datetime.timedelta(days=200) if status == Need.Status.DROPPED else None,
                    submitter_name=f"Habitant·e {index}" if from_public else "",
                    submitter_email=f"habitant{index}@example.org" if from_public else "",
                    submitter_consents_to_contact=from_public,
                )
            )
        by_territory = {}
        for need in _bulk(Need, rows, self.report):
            by_territory.setdefault(need.territory_id, []).append(need.pk)
        return by_territory

    def some_needs(self, territory_id, most):
        needs = self.needs_by_territory.get(territory_id, [])
        return self.random.sample(needs, min(len(needs), self.random.randrange(most + 1)))

    def some_actors(self, territory_id, least, most):
        actors = self.actors_by_territory.get(territory_id, [])
        return self.random.sample(actors, min(len(actors), self.random.randint(least, most)))

    def opportunities(self):
        rows, links = [], []
        for index, territory_id in enumerate(self.spread(self.counts["opportunities"]), start=1):
            rows.append(
                Opportunity(
                    territory_id=territory_id,
                    sector_id=self.random.choice(self.sectors),
                    title=f"Opportunité {index:05d} : {self.random.choice(NEED_SUBJECTS).lower()}",
                    description=LOREM,
                    estimated_jobs=Decimal(self.random.randrange(1, 80)) / 2,
                    status=self.random.choice(Opportunity.Status.values),
                )
            )
            links.append(self.some_needs(territory_id, 3))
        opportunities = _bulk(Opportunity, rows, self.report)
        _link_each(Opportunity.needs, opportunities, links, self.report, "besoins visés par les opportunités")

    def events(self):
        rows, partners, needs = [], [], []
        for index, territory_id in enumerate(self.spread(self.counts["events"]), start=1):
            kind = self.random.choice(AnimationEvent.Kind.values)
            rows.append(
                AnimationEvent(
                    territory_id=territory_id,
                    kind=kind,
                    title=f"{AnimationEvent.Kind(kind).label.capitalize()} n° {index}",
                    date=self.date_between(2014),
                    participants=self.random.randrange(5, 80),
                    ideas_produced=self.random.randrange(0, 15),
                    summary=LOREM,
                )
            )
            partners.append(self.some_actors(territory_id, 0, 3))
            needs.append(self.some_needs(territory_id, 2))
        events = _bulk(AnimationEvent, rows, self.report)
        _link_each(AnimationEvent.partners_present, events, partners, self.report, "partenaires présents aux actions")
        _link_each(AnimationEvent.needs, events, needs, self.report, "besoins issus des actions")

    def cooperations(self):
        rows, members = [], []
        for index, territory_id in enumerate(self.spread(self.counts["cooperations"]), start=1):
            rows.append(
                Cooperation(
                    territory_id=territory_id,
                    title=f"Coopération {index:04d} {MARK}",
                    description="Mutualisation de moyens et réponse commune à un besoin du territoire.",
                    since=self.date_between(2010),
                )
            )
            members.append(self.some_actors(territory_id, 2, 4))
        cooperations = _bulk(Cooperation, rows, self.report)
        _link_each(Cooperation.actors, cooperations, members, self.report, "acteurs des coopérations")
