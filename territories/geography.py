"""Loads the official geography (regions, départements, EPCI, communes) from @etalab/decoupage-administratif."""

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import EPCI, Commune, Departement, Region

PICARDIE_DEPARTEMENTS = ("02", "60", "80")
# The 2026 edition of the package carries INSEE's legal populations of 2023 (in force on 1 January 2026).
POPULATION_YEAR = 2023
SOURCE_FILES = ("regions.json", "departements.json", "communes.json", "epci.json")
REQUIRED_KEYS = {
    "regions.json": ("code", "nom"),
    "departements.json": ("code", "nom", "region"),
    "communes.json": ("code", "nom", "type"),
    "epci.json": ("code", "nom", "type", "membres"),
}


class GeographySourceError(Exception):
    """A source file is missing or malformed; the message is meant for the user."""


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def changed(self):
        return any(self.created.values()) or any(self.updated.values())


def read_sources(data_dir):
    data_dir = Path(data_dir)
    sources = {}
    for name in SOURCE_FILES:
        path = data_dir / name
        try:
            with path.open(encoding="utf-8") as handle:
                records = json.load(handle)
        except FileNotFoundError as error:
            raise GeographySourceError(
                _("Fichier source introuvable : %(path)s (lancez « npm install »).") % {"path": path}
            ) from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise GeographySourceError(
                _("Fichier source illisible : %(path)s (%(error)s).") % {"path": path, "error": error}
            ) from error
        if not isinstance(records, list):
            raise GeographySourceError(_("%(name)s doit contenir une liste d’enregistrements.") % {"name": name})
        for index, record in enumerate(records, start=1):
            missing = [key for key in REQUIRED_KEYS[name] if not isinstance(record, dict) or key not in record]
            if missing:
                raise GeographySourceError(
                    _("%(name)s, enregistrement n° %(index)s : champ « %(key)s » manquant.")
                    % {"name": name, "index": index, "key": missing[0]}
                )
        sources[name] = records
    return sources


def _select(sources, departements):
    """The records in scope: communes of the départements, every EPCI with a member there, and
    the other member communes of those EPCI, so that each loaded EPCI is complete."""
    all_communes = {c["code"]: c for c in sources["communes.json"] if c["type"] == "commune-actuelle"}
    if departements is None:
        communes = dict(all_communes)
        epcis = list(sources["epci.json"])
    else:
        wanted = set(departements)
        unknown = wanted - {d["code"] for d in sources["departements.json"]}
        if unknown:
            raise GeographySourceError(_("Département inconnu : %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
        communes = {code: c for code, c in all_communes.items() if c.get("departement") in wanted}
        epcis = [e for e in sources["epci.json"] if any(m["code"] in communes for m in e["membres"])]
        for epci in epcis:
            for member in epci["membres"]:
                if member["code"] in all_communes:
                    communes.setdefault(member["code"], all_communes[member["code"]])
    dep_codes = {c["departement"] for c in communes.values()}
    departements_rows = [d for d in sources["departements.json"] if d["code"] in dep_codes]
    region_codes = {d["region"] for d in departements_rows}
    regions_rows = [r for r in sources["regions.json"] if r["code"] in region_codes]
    return regions_rows, departements_rows, epcis, communes, all_communes


def _upsert(model, key, rows, fields, report, label):
    """Create missing rows and update changed ones, comparing field by field; returns key → instance."""
    existing = {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": list(rows)})}
    to_create, to_update = [], []
    for code, values in rows.items():
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(**{key: code}, **values))
        elif any(getattr(obj, name) != values[name] for name in fields):
            for name in fields:
                setattr(obj, name, values[name])
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=2000)
    report.created[label] = len(to_create)
    report.updated[label] = len(to_update)
    return {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": list(rows)})}


def geography_load(*, data_dir, departements=PICARDIE_DEPARTEMENTS):
    """Upsert the official geography by official code, in one transaction. `departements=None`
    loads all of France."""
    started = time.monotonic()
    sources = read_sources(data_dir)
    regions_rows, departements_rows, epcis, communes, all_communes = _select(sources, departements)
    report = LoadReport()
    epci_of_commune = {m["code"]: e["code"] for e in epcis for m in e["membres"]}

    with transaction.atomic():
        regions = _upsert(
            Region, "code", {r["code"]: {"name": r["nom"]} for r in regions_rows}, ["name"], report, "regions"
        )
        deps = _upsert(
            Departement,
            "code",
            {d["code"]: {"name": d["nom"], "region_id": regions[d["region"]].pk} for d in departements_rows},
            ["name", "region_id"],
            report,
            "departements",
        )
        epci_objs = _upsert(
            EPCI,
            "siren",
            {e["code"]: {"name": e["nom"], "kind": e["type"]} for e in epcis},
            ["name", "kind"],
            report,
            "epci",
        )
        _upsert(
            Commune,
            "code",
            {
                code: {
                    "name": c["nom"],
                    "departement_id": deps[c["departement"]].pk,
                    "epci_id": epci_objs[epci_of_commune[code]].pk if code in epci_of_commune else None,
                    "siren": c.get("siren", ""),
                    "postcodes": sorted(c.get("codesPostaux", [])),
                    "population": c.get("population"),
                    "population_year": POPULATION_YEAR if c.get("population") is not None else None,
                }
                for code, c in communes.items()
            },
            ["name", "departement_id", "epci_id", "siren", "postcodes", "population", "population_year"],
            report,
            "communes",
        )
        _sync_epci_departements(epcis, epci_objs, all_communes, report)
    report.seconds = time.monotonic() - started
    return report


def _sync_epci_departements(epcis, epci_objs, all_communes, report):
    """The départements an EPCI spans are those of all its member communes."""
    Through = EPCI.departements.through
    dep_ids = dict(Departement.objects.values_list("code", "pk"))
    wanted = set()
    for epci in epcis:
        for member in epci["membres"]:
            commune = all_communes.get(member["code"])
            if commune and commune["departement"] in dep_ids:
                wanted.add((epci_objs[epci["code"]].pk, dep_ids[commune["departement"]]))
    epci_ids = [obj.pk for obj in epci_objs.values()]
    existing = set(Through.objects.filter(epci_id__in=epci_ids).values_list("epci_id", "departement_id"))
    Through.objects.bulk_create([Through(epci_id=e, departement_id=d) for e, d in wanted - existing], batch_size=2000)
    stale = existing - wanted
    for epci_id, departement_id in stale:
        Through.objects.filter(epci_id=epci_id, departement_id=departement_id).delete()
    report.created["epci_departements"] = len(wanted - existing)
    report.updated["epci_departements"] = len(stale)
