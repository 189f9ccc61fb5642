"""Loads the territories' demonstration data (`demo_data`): the demo organisations, then the five pilots.

Every run brings the rows back to the data, keyed by stable names, writing only what differs: a second run
creates nothing (not even history rows). Perimeters are read from the official geography (`load_territories`
first). `fabrique.demo` runs `organisations_seed()`, makes the accounts of those organisations, then `seed()`.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from core.roles import Role
from core.seeding import upsert

from .demo_data import CRESS, ORGANISATIONS, PILOTS
from .models import (
    EPCI,
    Actor,
    AnimationEvent,
    Commune,
    Contact,
    Cooperation,
    EngagedTerritory,
    Need,
    Opportunity,
    Prerequisite,
    ReadinessAssessment,
    Sector,
)
from .selectors.engaged import perimeter_totals
from .services.engaged import territory_create, territory_update

DEMO = "[Démo]"
DEMO_NOTE = "Donnée fictive de démonstration, sans lien avec les décisions réelles du territoire."
GEOGRAPHY_MISSING = (
    "Les données géographiques officielles manquent (%(codes)s) : les territoires de démonstration ont besoin "
    "des EPCI et des communes de Picardie. Lancez d'abord « python manage.py load_territories », puis "
    "relancez « python manage.py seed_demo »."
)
PILOT_NAMES = [pilot["name"] for pilot in PILOTS]


def _title(text):
    return f"{DEMO} {text}"


def _described(text):
    return f"{text} {DEMO_NOTE}"


def check_geography():
    """Raise a CommandError naming what is missing when the pilots' official geography is not loaded."""
    codes = {code for pilot in PILOTS for code in pilot["perimeter"]}
    epci_codes = {code for code in codes if len(code) == 9}
    commune_codes = codes - epci_codes
    loaded_epcis = set(
        Commune.objects.filter(epci__siren__in=epci_codes).values_list("epci__siren", flat=True).distinct()
    )
    loaded_communes = set(Commune.objects.filter(code__in=commune_codes).values_list("code", flat=True))
    missing = sorted((epci_codes - loaded_epcis) | (commune_codes - loaded_communes))
    if missing:
        raise CommandError(GEOGRAPHY_MISSING % {"codes": ", ".join(missing)})


def organisations_seed():
    """The organisations the demonstration accounts belong to (CRESS, funder, the pilots' referents), by name."""
    return {name: upsert(Actor, {"name": name}, {"kind": kind}) for name, kind in ORGANISATIONS.items()}


def _official_siren(code):
    """The SIREN of the EPCI (a 9-digit code) or of the commune (an INSEE code) named by `code`."""
    if not code:
        return ""
    if len(code) == 9:
        return EPCI.objects.filter(siren=code).values_list("siren", flat=True).first() or ""
    return Commune.objects.filter(code=code).values_list("siren", flat=True).first() or ""


def _actor(spec, towns, territory=None):
    actor = upsert(
        Actor,
        {"name": spec["name"]},
        {
            "kind": spec["kind"],
            "legal_category": spec.get("legal_category", ""),
            "town": towns.get(spec.get("town", "")),
            "description": _described(spec["description"]),
            "is_scic": spec.get("is_scic", False),
            "esus_approved": "esus_end_date" in spec,
            "esus_end_date": spec.get("esus_end_date"),
            "siret": _official_siren(spec.get("official_siren")),
        },
    )
    if territory is not None:
        actor.territories.add(territory)
    return actor


def _territory(pilot, authority, referent, by):
    """The pilot territory, saved through the territories services (which compute population and commune
    count from the official data) when it is new or differs from the demonstration values."""
    application, selection, launch, agreement = pilot["dates"]
    wanted = {
        "status": EngagedTerritory.Status.ACTIVE,
        "driving_authority": authority,
        "referent_actor": referent,
        "application_date": application,
        "selection_date": selection,
        "launch_date": launch,
        "agreement_signed_date": agreement,
        "closing_date": None,
        "description": f"{DEMO} {_described(pilot['description'])}",
    }
    territory = EngagedTerritory.objects.filter(name=pilot["name"]).first()
    if territory is not None:
        epcis, communes = territory.epcis.values_list("pk", "siren"), territory.communes.values_list("pk", "code")
        codes = {code for _pk, code in [*epcis, *communes]}
        totals = perimeter_totals([pk for pk, _code in epcis], [pk for pk, _code in communes])
        if (
            all(getattr(territory, name) == value for name, value in wanted.items())
            and codes == set(pilot["perimeter"])
            and (territory.population, territory.commune_count) == totals
        ):
            return territory
    values = {"by": by, "perimeter_codes": pilot["perimeter"], "name": pilot["name"], **wanted}
    if territory is None:
        return territory_create(**values)
    return territory_update(territory=territory, expected_version=territory.version, **values)


def _readiness(territory, pilot, assessed_by):
    selection = pilot["dates"][1]
    moments = [
        (pilot["dates"][0], pilot["readiness"]),
        (selection.replace(year=selection.year + 1), pilot["readiness_followup"]),
    ]
    for day, scores in moments:
        assessed_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
        for prerequisite, score, evidence in scores:
            upsert(
                ReadinessAssessment,
                {"territory": territory, "prerequisite": Prerequisite(prerequisite), "assessed_at": assessed_at},
                {"score": score, "evidence": f"{DEMO} {evidence}", "assessed_by": assessed_by},
            )


def _titled(model, territory, spec, *, copied=(), **values):
    """Create or refresh the row of `model` with the spec's title in `territory`; `copied` fields come as they are."""
    values |= {name: spec[name] for name in copied}
    return upsert(model, {"territory": territory, "title": _title(spec["title"])}, values)


def _need(spec, territory, sectors, recorded_by):
    submitter, identified_on = spec.get("submitter", {}), spec["identified_on"]
    dropped = spec["status"] == Need.Status.DROPPED
    return _titled(
        Need,
        territory,
        spec,
        copied=("source", "priority", "status", "identified_on"),
        sector=sectors[spec["sector"]],
        description=_described(spec["description"]),
        evidence=spec.get("evidence", ""),
        population_concerned=spec.get("population_concerned", ""),
        qualified_on=spec.get("qualified_on"),
        addressed_on=spec.get("addressed_on"),
        dropped_on=identified_on.replace(year=identified_on.year + 1) if dropped else None,
        # An idea from the call for ideas was recorded by nobody: its author is the submitter.
        recorded_by=None if spec["source"] == Need.Source.CALL_FOR_IDEAS else recorded_by,
        submitter_name=submitter.get("name", ""),
        submitter_email=submitter.get("email", ""),
        submitter_consents_to_contact=submitter.get("consents_to_contact", False),
    )


def _pilot_seed(pilot, *, organisations, towns, sectors, coordinator):
    referent = organisations[pilot["referent"]]
    authority = _actor(pilot["authority"], towns)
    territory = _territory(pilot, authority, referent, coordinator)
    authority.territories.add(territory)
    description = _described(f"Acteur référent de la Fabrique à initiatives pour « {pilot['name']} ».")
    town = towns.get(pilot["referent_town"])
    upsert(Actor, {"name": referent.name}, {"kind": Actor.Kind.REFERENT, "town": town, "description": description})
    referent.territories.add(territory)
    organisations[CRESS].territories.add(territory)
    upsert(
        Contact,
        {"actor": referent, "name": f"Chargé·e de mission Fabrique, {pilot['name']} (démonstration)"},
        {
            "role": "Chargé·e de mission Fabrique à initiatives",
            "email": f"fabrique.{territory.slug}@example.org",
            "phone": "03 22 00 00 00",
        },
    )
    actors = {**organisations, authority.name: authority}
    actors |= {spec["name"]: _actor(spec, towns, territory) for spec in pilot["actors"]}
    users = get_user_model().objects.filter(organisation=referent, role=Role.REFERENT)
    recorded_by = users.order_by("pk").first() or coordinator
    _readiness(territory, pilot, coordinator)
    needs = {spec["title"]: _need(spec, territory, sectors, recorded_by) for spec in pilot["needs"]}
    for spec in pilot["opportunities"]:
        jobs = Decimal(spec["estimated_jobs"]) if spec["estimated_jobs"] else None
        opportunity = _titled(
            Opportunity,
            territory,
            spec,
            copied=("status",),
            sector=sectors[spec["sector"]],
            description=_described(spec["description"]),
            estimated_jobs=jobs,
            recorded_by=recorded_by,
        )
        opportunity.needs.set([needs[title] for title in spec["needs"]])
    for spec in pilot["cooperations"]:
        description = _described(spec["description"])
        cooperation = _titled(Cooperation, territory, spec, copied=("since",), description=description)
        cooperation.actors.set([actors[name] for name in spec["actors"]])
    for spec in pilot["events"]:
        copied = ("kind", "date", "participants", "ideas_produced")
        summary = _described(spec["summary"])
        event = _titled(AnimationEvent, territory, spec, copied=copied, summary=summary, recorded_by=recorded_by)
        event.partners_present.set([actors[name] for name in spec["partners"]])
        event.needs.set([needs[title] for title in spec["needs"]])
    return territory


@transaction.atomic
def seed():
    """Create or refresh the five pilot territories with their content; returns them.

    The territories are saved in the name of the CRESS coordinator's account, which `fabrique.demo` makes
    before; the content is recorded by the pilot's referent account, or else by that coordinator. Raises
    CommandError when the official geography is not loaded.
    """
    check_geography()
    organisations = organisations_seed()
    coordinator = (
        get_user_model().objects.filter(organisation=organisations[CRESS], role=Role.COORDINATOR).order_by("pk").first()
    )
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    town_codes = {pilot["referent_town"] for pilot in PILOTS} | {
        spec.get("town", "") for pilot in PILOTS for spec in [pilot["authority"], *pilot["actors"]]
    }
    towns = {commune.code: commune for commune in Commune.objects.filter(code__in=town_codes)}
    context = {"organisations": organisations, "towns": towns, "sectors": sectors, "coordinator": coordinator}
    return [_pilot_seed(pilot, **context) for pilot in PILOTS]
