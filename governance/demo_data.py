"""Demonstration data of the governance app: the regional steering and technical committees, their meetings,
the decisions that drove the demonstration projects' stages, targets and the published pack of last year.

Plain data, read by `governance.demo`. The member organisations are the public bodies and networks of the seed
document (the Region, the Départements of the Oise and the Somme, Amiens Métropole, the CRESS, Avise), named
by the actors of the territories' and projects' demonstration; their representatives are invented and marked
« démonstration ». Dates are counted in days before the day the demonstration is loaded, like the projects'
data: loaded on 7 December 2026, the steering committee meets from January 2025 to October 2026 and is
convened for January 2027. Projects are named by their titles in `projects.demo_data` (without "[Démo]").
"""

from projects.demo_data import FUNDERS
from territories.demo_data import CRESS, FUNDER

NOTE = "Données fictives de démonstration."
AVISE = "Avise, agence d’ingénierie pour entreprendre autrement (démonstration)"

# Organisations of the committees, by key → (name of the actor, kind). The Avise is added by the loader; the
# others exist already (territories' and projects' demonstration).
ORGANISATIONS = {
    "region": FUNDERS["region"],
    "oise": FUNDERS["oise"],
    "somme": FUNDERS["somme"],
    "amiens": FUNDERS["amiens"],
    "cress": (CRESS, "institution"),
    "avise": (AVISE, "institution"),
    "fondation": (FUNDER, "funder"),
}

STEERING = {
    "name": "Comité de pilotage régional de la Fabrique à initiatives",
    "kind": "steering",
    "purpose": (
        "Réunit les financeurs et les partenaires de la Fabrique à initiatives : lance les études d’opportunité, "
        "approuve la transmission des projets aux porteurs, examine le bilan de l’année et fixe les objectifs. " + NOTE
    ),
}
TECHNICAL = {
    "name": "Comité technique régional de la Fabrique à initiatives",
    "kind": "technical",
    "purpose": (
        "Suit le travail des acteurs référents entre deux comités de pilotage : avancement des études, "
        "recherche de porteurs, préparation des dossiers présentés au comité de pilotage. " + NOTE
    ),
}

# Members: (organisation key, representative, e-mail, position) — or ("user", email of a demo account, position).
STEERING_MEMBERS = [
    ("region", "Hélène Marchand (démonstration)", "helene.marchand@example.org", "chair"),
    ("amiens", "Olivier Dufresne (démonstration)", "olivier.dufresne@example.org", "vice_chair"),
    ("oise", "Bruno Lefèvre (démonstration)", "bruno.lefevre@example.org", "member"),
    ("somme", "Nadia Benali (démonstration)", "nadia.benali@example.org", "member"),
    ("avise", "Claire Fontaine (démonstration)", "claire.fontaine@example.org", "member"),
    ("user", "coordination@demo.fabrique.fr", "secretary"),
    ("user", "partenaire@demo.fabrique.fr", "member"),
]
TECHNICAL_MEMBERS = [
    ("cress", "Julien Caron (démonstration)", "julien.caron@example.org", "chair"),
    ("avise", "Claire Fontaine (démonstration)", "claire.fontaine@example.org", "member"),
    ("region", "Sophie Lambert (démonstration)", "sophie.lambert@example.org", "member"),
    ("oise", "Marc Delattre (démonstration)", "marc.delattre@example.org", "member"),
    ("somme", "Isabelle Petit (démonstration)", "isabelle.petit@example.org", "member"),
    ("user", "referent@demo.fabrique.fr", "member"),
    ("user", "coordination@demo.fabrique.fr", "secretary"),
]
# Members are seated this many days before the load, before the first meeting.
SEATED_DAYS_AGO = 760

PLACES = [
    "Maison régionale de l’ESS, Amiens",
    "Hôtel de Région, Amiens",
    "Hôtel du Département de l’Oise, Beauvais",
    "Hôtel du Département de la Somme, Amiens",
]

# The steering committee's meetings: (number, days before the load, status). A meeting on a weekend moves to
# the Friday before. Every past meeting but the latest has its minutes approved.
STEERING_MEETINGS = [
    (1, 703, "minutes_approved"),
    (2, 625, "minutes_approved"),
    (3, 525, "minutes_approved"),
    (4, 455, "minutes_approved"),
    (5, 405, "minutes_approved"),
    (6, 335, "minutes_approved"),
    (7, 265, "minutes_approved"),
    (8, 205, "minutes_approved"),
    (9, 125, "minutes_approved"),
    (10, 65, "held"),
    (11, -40, "convened"),
    (12, -180, "planned"),
]
TECHNICAL_MEETINGS = [
    (1, 95, "minutes_approved"),
    (2, 25, "held"),
    (3, -30, "planned"),
]

# What a steering committee decides before a project enters a step: step → outcome.
OUTCOMES = {
    "opportunity_study": "launch_study",
    "leader_search": "go",
    "transmitted": "approve_transfer",
    "abandoned": "no_go",
    "on_hold": "postpone",
}
# Outcome → (rationale, conditions).
DECISION_TEXTS = {
    "launch_study": (
        "Le besoin est documenté par le diagnostic du territoire et la collectivité motrice s’engage à "
        "co-financer l’étude.",
        "Restitution de l’étude au comité technique sous douze mois.",
    ),
    "go": (
        "L’étude d’opportunité confirme le besoin, un modèle économique crédible et l’engagement des partenaires.",
        "Profil de porteur à valider en comité technique.",
    ),
    "approve_transfer": (
        "Le porteur identifié a les compétences et le réseau nécessaires ; la collectivité soutient la reprise.",
        "Étude de faisabilité et plan d’affaires social présentés dans les six mois.",
    ),
    "no_go": ("L’étude ne confirme pas de modèle économique viable sur le territoire.", ""),
    "postpone": (
        "Le comité attend les éléments manquants avant de se prononcer à nouveau.",
        "Réexamen lorsque les conditions seront réunies.",
    ),
}
# A funding decision of the steering committee, beside a stage decision: meeting number → (project, amount, text).
FUNDING_DECISIONS = {
    6: ("Repair café professionnel", "12000", "Aide au démarrage de la Région, versée en deux tranches."),
}

# The agenda of the convened meeting: (project, outcome proposed, presenter) and a topic.
NEXT_AGENDA = [
    ("Épicerie partagée des quartiers nord", "approuver la transmission au porteur", "Amiens Métropole"),
    ("Restaurant d’insertion de Château-Thierry", "approuver la transmission au porteur", "Sud de l’Aisne"),
    ("Vélo-école pour adultes", "lancer l’étude d’opportunité", "Nogent-sur-Oise"),
    ("Crèche à horaires décalés", "lancer l’étude d’opportunité", "Beauvaisis"),
]
NEXT_TOPIC = "Bilan de l’année écoulée et objectifs de l’année à venir"
PLANNED_TOPIC = "Programme des études d’opportunité de l’année"
STEERING_TOPIC = "Point d’étape sur les indicateurs de l’année"

TECHNICAL_TOPICS = {
    1: ["Revue des études d’opportunité en cours", "Recherche de porteurs : profils et candidatures"],
    2: ["Préparation du prochain comité de pilotage", "Suivi des projets en pause"],
    3: ["Revue des études d’opportunité en cours"],
}
TECHNICAL_MINUTES = {
    1: (
        "## Études en cours\n\n"
        "Le comité technique passe en revue les études d’opportunité en cours sur les cinq territoires. "
        "L’étude de la légumerie du Beauvaisis reste bloquée faute de local.\n\n"
        "## Recherche de porteurs\n\n"
        "Deux candidatures sont examinées pour l’épicerie partagée d’Amiens Nord ; "
        "un entretien est prévu avec chacune.\n\n" + NOTE
    ),
    2: (
        "## Préparation du comité de pilotage\n\n"
        "Les dossiers de l’épicerie partagée et du restaurant d’insertion seront présentés pour une transmission "
        "au porteur.\n\n" + NOTE
    ),
}
# Action items of the technical committee: meeting number → [(description, owner, due in days after the
# meeting, done days after the meeting or None)]. Owner: the email of a demo account, or a name.
TECHNICAL_ACTIONS = {
    1: [
        ("Transmettre au comité de pilotage la note sur les études en cours", "coordination@demo.fabrique.fr", 20, 14),
        (
            "Relancer la Banque des Territoires sur le cofinancement de l’étude de la légumerie",
            "Sophie Lambert (démonstration)",
            30,
            None,
        ),
    ],
    2: [
        ("Préparer la présentation de l’épicerie partagée au comité", "referent@demo.fabrique.fr", 45, None),
        ("Recenser les locaux vacants pour la légumerie du Beauvaisis", "Marc Delattre (démonstration)", 70, None),
    ],
}
# Action items of the steering committee: meeting number → [(description, owner, due in days, done in days)].
STEERING_ACTIONS = {
    9: [("Envoyer aux membres le dossier annuel publié", "coordination@demo.fabrique.fr", 15, 10)],
    10: [("Consulter les financeurs sur les objectifs de l’an prochain", "coordination@demo.fabrique.fr", 75, None)],
}

PACK_FOREWORD = (
    "Ce dossier rassemble les indicateurs de l’année, les décisions du comité de pilotage et l’avancement des "
    "projets des cinq territoires pilotes. " + NOTE
)
PACK_NEXT_YEAR = (
    "Lancer trois nouvelles études d’opportunité, transmettre deux projets à leurs porteurs et ouvrir un "
    "sixième territoire d’expérimentation. " + NOTE
)

# Targets: indicator → value, for last year and this year; the region's and a few territories'.
REGION_TARGETS = {
    "ideas_detected": (20, 24),
    "creativity_sessions": (6, 8),
    "studies_launched": (8, 8),
    "projects_transmitted": (4, 5),
    "enterprises_created": (2, 3),
    "jobs_created": (10, 15),
    "funding_granted": (150000, 180000),
    "partners_mobilised": (30, 35),
}
TERRITORY_TARGETS = {
    "Amiens Métropole": {"ideas_detected": (5, 6), "studies_launched": (2, 2), "projects_transmitted": (1, 1)},
    "Beauvaisis": {"ideas_detected": (4, 5), "studies_launched": (2, 2), "projects_transmitted": (1, 1)},
    "Pays du Vermandois": {"ideas_detected": (3, 4), "studies_launched": (1, 2), "enterprises_created": (1, 1)},
}
