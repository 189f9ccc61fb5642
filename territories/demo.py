"""Demonstration data of the territories app: the five 2012 Picardie pilots with their actors, needs and events.

Every run brings the rows back to the values below, keyed by stable names, and writes only what differs:
a second run creates nothing (not even history rows). The pilots' perimeters are the real ones, read from
the official geography, which `load_territories` loads beforehand.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from fabrique.demo import CRESS, FUNDER, PILOT_REFERENTS

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
from .selectors.engaged import perimeter_totals
from .services.engaged import territory_save

DEMO = "[Démo]"
DEMO_NOTE = "Donnée fictive de démonstration, sans lien avec les décisions réelles du territoire."
GEOGRAPHY_MISSING = (
    "Les données géographiques officielles manquent (%(codes)s) : les territoires de démonstration ont besoin "
    "des EPCI et des communes de Picardie. Lancez d'abord « python manage.py load_territories », puis "
    "relancez « python manage.py seed_demo »."
)

ACTIVE = EngagedTerritory.Status.ACTIVE
Kind = Actor.Kind
Source = Need.Source
NeedStatus = Need.Status
OppStatus = Opportunity.Status
EventKind = AnimationEvent.Kind

RESIDENTIAL = "economie-residentielle"
HOUSING = "habitat-batiment-durables"
ENVIRONMENT = "environnement"
MOBILITY = "mobilite"
FOOD = "alimentation-circuits-courts"


@dataclass
class ActorSpec:
    name: str
    kind: str
    legal_category: str = ""
    town: str = ""  # INSEE code of an official commune
    description: str = ""
    is_scic: bool = False
    esus_end_date: datetime.date | None = None
    official_siren: str = ""  # an EPCI SIREN or a commune code whose official SIREN the actor takes


@dataclass
class NeedSpec:
    title: str
    sector: str
    description: str
    source: str
    priority: int
    status: str
    identified_on: datetime.date
    population_concerned: str = ""
    evidence: str = ""
    qualified_on: datetime.date | None = None
    addressed_on: datetime.date | None = None
    submitter: tuple = ()  # (name, email, consents) for a call-for-ideas contribution


@dataclass
class OpportunitySpec:
    title: str
    sector: str
    description: str
    needs: list
    estimated_jobs: str | None
    status: str


@dataclass
class CooperationSpec:
    title: str
    actors: list
    description: str
    since: datetime.date


@dataclass
class EventSpec:
    kind: str
    title: str
    date: datetime.date
    participants: int
    partners: list
    ideas_produced: int
    needs: list
    summary: str


@dataclass
class PilotSpec:
    name: str
    perimeter: list  # official codes: EPCI SIREN, commune INSEE code
    authority: ActorSpec
    referent: str  # one of fabrique.demo.PILOT_REFERENTS
    referent_town: str
    dates: tuple  # application, selection, launch, agreement signed
    description: str
    readiness: list  # (prerequisite, score, evidence) at the first assessment
    readiness_followup: list  # (prerequisite, score, evidence) a year later
    actors: list = field(default_factory=list)
    needs: list = field(default_factory=list)
    opportunities: list = field(default_factory=list)
    cooperations: list = field(default_factory=list)
    events: list = field(default_factory=list)


def d(year, month, day):
    return datetime.date(year, month, day)


PILOTS = [
    PilotSpec(
        name="Beauvaisis",
        perimeter=["200067999"],
        authority=ActorSpec(
            "Communauté d'agglomération du Beauvaisis (démonstration)",
            Kind.LOCAL_AUTHORITY,
            LegalCategory.CA,
            "60057",
            "Collectivité motrice du territoire pilote du Beauvaisis. " + DEMO_NOTE,
            official_siren="200067999",
        ),
        referent=PILOT_REFERENTS[0],
        referent_town="60057",
        dates=(d(2011, 11, 15), d(2012, 2, 10), d(2012, 4, 2), d(2012, 6, 18)),
        description=(
            f"{DEMO} L'un des cinq territoires pilotes retenus en Picardie en 2012. L'agglomération du "
            "Beauvaisis s'appuie sur son acteur référent pour repérer les besoins non satisfaits et faire "
            f"émerger des entreprises de l'ESS créatrices d'emplois non délocalisables. {DEMO_NOTE}"
        ),
        readiness=[
            (1, 3, "Délibération du conseil communautaire engageant l'agglomération dans la Fabrique à initiatives."),
            (2, 2, "Diagnostic partagé : vieillissement, rénovation énergétique et mobilité vers l'emploi."),
            (3, 2, "Une trentaine de structures de l'ESS recensées, dont une recyclerie et une SCOP du bâtiment."),
            (4, 1, "Pas encore de dispositif local de soutien à l'innovation sociale."),
            (5, 3, "Initiatives Beauvaisis accompagne déjà la création d'entreprises sur le territoire."),
        ],
        readiness_followup=[
            (4, 2, "Un fonds d'amorçage de l'agglomération soutient désormais les études d'opportunité."),
        ],
        actors=[
            ActorSpec(
                "Recyclerie du Beauvaisis (démonstration)",
                Kind.ASSOCIATION,
                LegalCategory.ASSOCIATION_9221,
                "60057",
                "Collecte, répare et revend meubles et objets ; chantier d'insertion. " + DEMO_NOTE,
            ),
            ActorSpec(
                "SCOP Bâtir ensemble Oise (démonstration)",
                Kind.ESS_ENTERPRISE,
                LegalCategory.SCOP_SARL,
                "60057",
                "Coopérative du bâtiment spécialisée dans la rénovation énergétique. " + DEMO_NOTE,
            ),
            ActorSpec(
                "Épicerie solidaire de Beauvais (démonstration)",
                Kind.ASSOCIATION,
                LegalCategory.ASSOCIATION_9220,
                "60057",
                "Épicerie à prix réduits et ateliers cuisine. " + DEMO_NOTE,
            ),
        ],
        needs=[
            NeedSpec(
                f"{DEMO} Aide au retour à domicile après une hospitalisation",
                RESIDENTIAL,
                "Les personnes âgées qui sortent de l'hôpital de Beauvais attendent souvent plusieurs jours "
                "une aide à domicile ; certaines restent hospitalisées faute de solution. " + DEMO_NOTE,
                Source.DIAGNOSIS,
                1,
                NeedStatus.QUALIFIED,
                d(2012, 5, 14),
                "Personnes de plus de 75 ans vivant seules",
                "Entretiens avec le service social du centre hospitalier et deux services d'aide à domicile.",
                qualified_on=d(2012, 9, 20),
            ),
            NeedSpec(
                f"{DEMO} Rénovation énergétique des logements de propriétaires modestes",
                HOUSING,
                "De nombreux propriétaires occupants aux revenus modestes renoncent aux travaux d'isolation, "
                "faute d'accompagnement et d'artisans disponibles pour de petits chantiers. " + DEMO_NOTE,
                Source.STUDY,
                1,
                NeedStatus.QUALIFIED,
                d(2012, 6, 5),
                "Propriétaires occupants sous les plafonds de ressources",
                "Étude habitat de l'agglomération.",
                qualified_on=d(2012, 11, 8),
            ),
            NeedSpec(
                f"{DEMO} Réemploi du mobilier et des objets encombrants",
                ENVIRONMENT,
                "Les déchetteries reçoivent beaucoup de mobilier en bon état qui pourrait être réparé et revendu. "
                + DEMO_NOTE,
                Source.ACTORS_FEEDBACK,
                2,
                NeedStatus.IDENTIFIED,
                d(2012, 9, 3),
                "Habitants de l'agglomération",
            ),
            NeedSpec(
                f"{DEMO} Mobilité des demandeurs d'emploi sans permis vers les zones d'activité",
                MOBILITY,
                "Les zones d'activité en périphérie sont mal desservies aux horaires de l'industrie ; des offres "
                "d'emploi restent sans candidat. " + DEMO_NOTE,
                Source.ELECTED_OFFICIALS,
                1,
                NeedStatus.ADDRESSED,
                d(2012, 4, 20),
                "Demandeurs d'emploi sans véhicule",
                qualified_on=d(2012, 7, 2),
                addressed_on=d(2014, 3, 1),
            ),
            NeedSpec(
                f"{DEMO} Approvisionnement local de la restauration collective",
                FOOD,
                "Les cantines scolaires souhaitent davantage de produits locaux mais aucun outil ne regroupe "
                "l'offre des producteurs. " + DEMO_NOTE,
                Source.CREATIVITY_SESSION,
                2,
                NeedStatus.IDENTIFIED,
                d(2012, 10, 11),
                "Écoles et collèges de l'agglomération",
            ),
            NeedSpec(
                f"{DEMO} Garde d'enfants en horaires décalés",
                RESIDENTIAL,
                "Je travaille en équipe de nuit et je ne trouve pas de mode de garde pour mes enfants avant 7 h. "
                "Nous sommes plusieurs parents dans ce cas dans mon quartier. " + DEMO_NOTE,
                Source.CALL_FOR_IDEAS,
                2,
                NeedStatus.IDENTIFIED,
                d(2013, 3, 12),
                "Parents travaillant en horaires décalés",
                submitter=("Habitante d'Argentine (démonstration)", "habitante.beauvaisis@example.org", True),
            ),
            # Still waiting for review: the referent edits out the neighbour's name and the phone number,
            # then makes it "identified"; until then partners do not see it.
            NeedSpec(
                f"{DEMO} Accompagnement des personnes âgées à leurs rendez-vous médicaux",
                MOBILITY,
                "Ma voisine, Mme Lefèvre, 84 ans, manque ses rendez-vous à l'hôpital faute de quelqu'un pour "
                "l'y conduire. Des retraités du quartier seraient prêts à le faire. Appelez-moi au "
                "06 39 98 00 00. " + DEMO_NOTE,
                Source.CALL_FOR_IDEAS,
                3,
                NeedStatus.TO_REVIEW,
                d(2014, 4, 7),
                submitter=("Voisin de Saint-Jean (démonstration)", "voisin.beauvaisis@example.org", True),
            ),
        ],
        opportunities=[
            OpportunitySpec(
                f"{DEMO} Plateforme de rénovation énergétique solidaire",
                HOUSING,
                "Un guichet qui accompagne les propriétaires modestes de l'étude thermique à la fin du chantier, "
                "avec des artisans et une SCOP du territoire. " + DEMO_NOTE,
                [f"{DEMO} Rénovation énergétique des logements de propriétaires modestes"],
                "6.0",
                OppStatus.QUALIFIED,
            ),
            OpportunitySpec(
                f"{DEMO} Garage et auto-école solidaires",
                MOBILITY,
                "Location de véhicules à bas prix, réparation et préparation au permis pour les personnes en "
                "insertion. " + DEMO_NOTE,
                [f"{DEMO} Mobilité des demandeurs d'emploi sans permis vers les zones d'activité"],
                "4.5",
                OppStatus.IN_PROJECT,
            ),
            OpportunitySpec(
                f"{DEMO} Service d'aide au retour à domicile",
                RESIDENTIAL,
                "Une équipe mobile qui prépare le logement et assure les premiers jours après la sortie de "
                "l'hôpital. " + DEMO_NOTE,
                [f"{DEMO} Aide au retour à domicile après une hospitalisation"],
                "3.0",
                OppStatus.IDENTIFIED,
            ),
        ],
        cooperations=[
            CooperationSpec(
                f"{DEMO} Collecte et revalorisation du mobilier",
                [
                    "Recyclerie du Beauvaisis (démonstration)",
                    "Épicerie solidaire de Beauvais (démonstration)",
                    "Communauté d'agglomération du Beauvaisis (démonstration)",
                ],
                "La recyclerie collecte en déchetterie ; l'épicerie solidaire oriente les familles vers la "
                "boutique. " + DEMO_NOTE,
                d(2013, 1, 15),
            ),
        ],
        events=[
            EventSpec(
                EventKind.TERRITORY_MEETING,
                f"{DEMO} Rencontre des acteurs de l'ESS du Beauvaisis",
                d(2012, 6, 28),
                45,
                [
                    "Communauté d'agglomération du Beauvaisis (démonstration)",
                    PILOT_REFERENTS[0],
                    CRESS,
                    "Recyclerie du Beauvaisis (démonstration)",
                    "SCOP Bâtir ensemble Oise (démonstration)",
                ],
                0,
                [],
                "Présentation de la démarche et premier tour d'horizon des besoins. " + DEMO_NOTE,
            ),
            EventSpec(
                EventKind.CREATIVITY_SESSION,
                f"{DEMO} Séance de créativité « Bien vieillir à domicile »",
                d(2012, 10, 11),
                24,
                [PILOT_REFERENTS[0], "Recyclerie du Beauvaisis (démonstration)", FUNDER],
                9,
                [
                    f"{DEMO} Aide au retour à domicile après une hospitalisation",
                    f"{DEMO} Approvisionnement local de la restauration collective",
                ],
                "Neuf idées produites, dont un service de retour à domicile et un groupement d'achat local "
                "pour les cantines. " + DEMO_NOTE,
            ),
            EventSpec(
                EventKind.CALL_FOR_IDEAS,
                f"{DEMO} Appel à idées auprès des habitants du Beauvaisis",
                d(2013, 3, 1),
                37,
                [PILOT_REFERENTS[0]],
                41,
                [f"{DEMO} Garde d'enfants en horaires décalés"],
                "Quarante et une contributions reçues en un mois, en ligne et dans les centres sociaux. " + DEMO_NOTE,
            ),
        ],
    ),
    PilotSpec(
        name="Amiens Métropole",
        perimeter=["248000531"],
        authority=ActorSpec(
            "Amiens Métropole, communauté d'agglomération (démonstration)",
            Kind.LOCAL_AUTHORITY,
            LegalCategory.CA,
            "80021",
            "Collectivité motrice du territoire pilote d'Amiens Métropole. " + DEMO_NOTE,
            official_siren="248000531",
        ),
        referent=PILOT_REFERENTS[1],
        referent_town="80021",
        dates=(d(2011, 12, 1), d(2012, 2, 10), d(2012, 5, 3), d(2012, 9, 12)),
        description=(
            f"{DEMO} Territoire pilote urbain : la Fabrique à initiatives y cible les quartiers prioritaires "
            f"et les liens entre ville et campagne. {DEMO_NOTE}"
        ),
        readiness=[
            (1, 2, "Engagement de la vice-présidence à l'ESS ; délibération attendue."),
            (2, 3, "Filières repérées : vélo, alimentation de proximité, services aux personnes âgées."),
            (3, 3, "Tissu associatif dense, régies de quartier et jardins d'insertion."),
            (4, 2, "Appel à projets annuel d'innovation sociale de la métropole."),
            (5, 2, "Acteur référent désigné, équipe en cours de constitution."),
        ],
        readiness_followup=[
            (1, 3, "Délibération du conseil communautaire votée."),
            (5, 3, "Une chargée de mission recrutée pour la Fabrique à initiatives."),
        ],
        actors=[
            ActorSpec(
                "Régie de quartier Amiens Nord (démonstration)",
                Kind.ASSOCIATION,
                LegalCategory.ASSOCIATION_9221,
                "80021",
                "Entretien des espaces communs et services aux habitants, avec des salariés en insertion. " + DEMO_NOTE,
            ),
            ActorSpec(
                "Vélo Services Amiens, SCIC (démonstration)",
                Kind.ESS_ENTERPRISE,
                LegalCategory.SAS,
                "80021",
                "Coopérative d'intérêt collectif de réparation et de location de vélos. " + DEMO_NOTE,
                is_scic=True,
                esus_end_date=d(2028, 6, 30),
            ),
            ActorSpec(
                "Jardins solidaires de la Somme (démonstration)",
                Kind.ASSOCIATION,
                LegalCategory.ASSOCIATION_9221,
                "80021",
                "Maraîchage biologique en chantier d'insertion et paniers hebdomadaires. " + DEMO_NOTE,
            ),
        ],
        needs=[
            NeedSpec(
                f"{DEMO} Réparation et location de vélos dans les quartiers prioritaires",
                MOBILITY,
                "Beaucoup d'habitants des quartiers nord n'ont ni voiture ni vélo en état de marche ; aucun atelier "
                "de réparation n'existe à proximité. " + DEMO_NOTE,
                Source.DIAGNOSIS,
                1,
                NeedStatus.QUALIFIED,
                d(2012, 6, 12),
                "Habitants des quartiers prioritaires",
                qualified_on=d(2012, 10, 2),
            ),
            NeedSpec(
                f"{DEMO} Accès à une alimentation de qualité dans les quartiers nord",
                FOOD,
                "Peu de commerces alimentaires de proximité, et des prix élevés pour les fruits et légumes frais. "
                + DEMO_NOTE,
                Source.ACTORS_FEEDBACK,
                1,
                NeedStatus.IDENTIFIED,
                d(2012, 11, 20),
                "Familles des quartiers nord",
            ),
            NeedSpec(
                f"{DEMO} Services de proximité pour les personnes âgées isolées",
                RESIDENTIAL,
                "Petits travaux, courses et accompagnement aux rendez-vous : les demandes dépassent l'offre des "
                "services existants. " + DEMO_NOTE,
                Source.ELECTED_OFFICIALS,
                2,
                NeedStatus.IDENTIFIED,
                d(2013, 1, 8),
                "Personnes âgées vivant seules",
            ),
            NeedSpec(
                f"{DEMO} Collecte des biodéchets des restaurants du centre-ville",
                ENVIRONMENT,
                "Les restaurateurs cherchent une solution de collecte et de compostage de leurs biodéchets. "
                + DEMO_NOTE,
                Source.STUDY,
                3,
                NeedStatus.DROPPED,
                d(2012, 9, 14),
                "Restaurateurs du centre-ville",
            ),
            NeedSpec(
                f"{DEMO} Auto-réhabilitation accompagnée des logements",
                HOUSING,
                "Des locataires et propriétaires souhaitent rénover eux-mêmes leur logement avec l'appui d'un "
                "professionnel. " + DEMO_NOTE,
                Source.CREATIVITY_SESSION,
                2,
                NeedStatus.IDENTIFIED,
                d(2013, 2, 7),
            ),
        ],
        opportunities=[
            OpportunitySpec(
                f"{DEMO} Atelier vélo solidaire et livraison à vélo",
                MOBILITY,
                "Un atelier de réparation participative dans les quartiers nord, complété par un service de "
                "livraison à vélo pour les commerces. " + DEMO_NOTE,
                [f"{DEMO} Réparation et location de vélos dans les quartiers prioritaires"],
                "5.0",
                OppStatus.IN_PROJECT,
            ),
            OpportunitySpec(
                f"{DEMO} Légumerie pour la restauration collective",
                FOOD,
                "Laver, éplucher et découper les légumes des producteurs locaux pour les cantines et les "
                "épiceries solidaires. " + DEMO_NOTE,
                [f"{DEMO} Accès à une alimentation de qualité dans les quartiers nord"],
                "8.0",
                OppStatus.IDENTIFIED,
            ),
        ],
        cooperations=[
            CooperationSpec(
                f"{DEMO} Parcours d'insertion autour du vélo",
                ["Régie de quartier Amiens Nord (démonstration)", "Vélo Services Amiens, SCIC (démonstration)"],
                "La régie oriente des salariés en insertion vers l'atelier vélo, qui les forme à la mécanique. "
                + DEMO_NOTE,
                d(2014, 9, 1),
            ),
        ],
        events=[
            EventSpec(
                EventKind.INFORMATION_SESSION,
                f"{DEMO} Réunion d'information sur la Fabrique à initiatives",
                d(2012, 9, 18),
                52,
                [PILOT_REFERENTS[1], CRESS, "Amiens Métropole, communauté d'agglomération (démonstration)"],
                0,
                [],
                "Présentation de la démarche aux associations et aux élus des communes. " + DEMO_NOTE,
            ),
            EventSpec(
                EventKind.CREATIVITY_SESSION,
                f"{DEMO} Séance de créativité « Manger local dans les quartiers »",
                d(2013, 2, 7),
                31,
                [PILOT_REFERENTS[1], "Jardins solidaires de la Somme (démonstration)", FUNDER],
                12,
                [
                    f"{DEMO} Accès à une alimentation de qualité dans les quartiers nord",
                    f"{DEMO} Auto-réhabilitation accompagnée des logements",
                ],
                "Douze idées, dont une légumerie et une épicerie itinérante. " + DEMO_NOTE,
            ),
        ],
    ),
    PilotSpec(
        name="Pays du Vermandois",
        perimeter=["240200493"],
        authority=ActorSpec(
            "Communauté de communes du Pays du Vermandois (démonstration)",
            Kind.LOCAL_AUTHORITY,
            LegalCategory.CC,
            "02095",
            "Collectivité motrice du territoire pilote rural du Vermandois. " + DEMO_NOTE,
            official_siren="240200493",
        ),
        referent=PILOT_REFERENTS[2],
        referent_town="02095",
        dates=(d(2011, 11, 28), d(2012, 2, 10), d(2012, 4, 16), d(2012, 7, 5)),
        description=(
            f"{DEMO} Territoire pilote rural de l'Aisne : vieillissement de la population, éloignement des "
            f"services et mobilité sont au cœur du diagnostic. {DEMO_NOTE}"
        ),
        readiness=[
            (1, 2, "Soutien affirmé du président de la communauté de communes."),
            (2, 2, "Besoins repérés en mobilité rurale et en services aux personnes âgées."),
            (3, 1, "Peu de structures de l'ESS implantées sur le territoire."),
            (4, 1, "Aucun financement dédié à l'innovation sociale à ce stade."),
            (5, 2, "Vermandois Entreprendre accepte le rôle d'acteur référent."),
        ],
        readiness_followup=[
            (3, 2, "Une association d'aide à domicile et une ferme-relais rejoignent la démarche."),
        ],
        actors=[
            ActorSpec(
                "Aide à domicile du Vermandois (démonstration)",
                Kind.ASSOCIATION,
                LegalCategory.ASSOCIATION_9220,
                "02095",
                "Service d'aide et d'accompagnement à domicile en milieu rural. " + DEMO_NOTE,
            ),
            ActorSpec(
                "Ferme-relais du Vermandois (démonstration)",
                Kind.ASSOCIATION,
                LegalCategory.ASSOCIATION_9220,
                "02785",
                "Ferme pédagogique et point de vente collectif de producteurs. " + DEMO_NOTE,
            ),
        ],
        needs=[
            NeedSpec(
                f"{DEMO} Transport à la demande pour les villages sans desserte",
                MOBILITY,
                "La plupart des villages n'ont aucune ligne régulière ; les habitants sans voiture dépendent de "
                "leurs voisins pour les rendez-vous médicaux. " + DEMO_NOTE,
                Source.DIAGNOSIS,
                1,
                NeedStatus.QUALIFIED,
                d(2012, 5, 22),
                "Habitants sans voiture, personnes âgées",
                qualified_on=d(2012, 10, 15),
            ),
            NeedSpec(
                f"{DEMO} Maintien à domicile des personnes âgées en milieu rural",
                RESIDENTIAL,
                "Les services d'aide à domicile peinent à recruter et à couvrir les communes les plus éloignées. "
                + DEMO_NOTE,
                Source.ACTORS_FEEDBACK,
                1,
                NeedStatus.IDENTIFIED,
                d(2012, 7, 3),
                "Personnes âgées en perte d'autonomie",
            ),
            NeedSpec(
                f"{DEMO} Débouchés locaux pour les producteurs du Vermandois",
                FOOD,
                "Les producteurs vendent presque tout hors du territoire ; les habitants ne trouvent pas leurs "
                "produits sur place. " + DEMO_NOTE,
                Source.CREATIVITY_SESSION,
                2,
                NeedStatus.IDENTIFIED,
                d(2013, 4, 16),
                "Producteurs et habitants",
            ),
            NeedSpec(
                f"{DEMO} Adaptation des logements au vieillissement",
                HOUSING,
                "Salles de bains et escaliers inadaptés obligent des personnes âgées à quitter leur maison. "
                + DEMO_NOTE,
                Source.ELECTED_OFFICIALS,
                2,
                NeedStatus.IDENTIFIED,
                d(2013, 6, 11),
                "Propriétaires âgés",
            ),
            NeedSpec(
                f"{DEMO} Ressourcerie itinérante dans les communes rurales",
                ENVIRONMENT,
                "Pourquoi ne pas faire passer un camion dans les villages pour récupérer ce qui peut resservir ? "
                "La déchetterie est loin pour beaucoup d'entre nous. " + DEMO_NOTE,
                Source.CALL_FOR_IDEAS,
                3,
                NeedStatus.IDENTIFIED,
                d(2013, 10, 14),
                submitter=("Habitant de Vermand (démonstration)", "", False),
            ),
        ],
        opportunities=[
            OpportunitySpec(
                f"{DEMO} Transport solidaire en milieu rural",
                MOBILITY,
                "Un service de transport à la demande associant chauffeurs salariés et bénévoles, réservé par "
                "téléphone. " + DEMO_NOTE,
                [f"{DEMO} Transport à la demande pour les villages sans desserte"],
                "3.0",
                OppStatus.QUALIFIED,
            ),
            OpportunitySpec(
                f"{DEMO} Magasin de producteurs en circuit court",
                FOOD,
                "Un point de vente collectif géré par les producteurs, avec un rayon de produits transformés. "
                + DEMO_NOTE,
                [f"{DEMO} Débouchés locaux pour les producteurs du Vermandois"],
                "4.0",
                OppStatus.IDENTIFIED,
            ),
        ],
        cooperations=[
            CooperationSpec(
                f"{DEMO} Portage de repas avec les produits des fermes",
                ["Aide à domicile du Vermandois (démonstration)", "Ferme-relais du Vermandois (démonstration)"],
                "Les repas portés à domicile sont cuisinés avec les produits de la ferme-relais. " + DEMO_NOTE,
                d(2014, 1, 6),
            ),
        ],
        events=[
            EventSpec(
                EventKind.CREATIVITY_SESSION,
                f"{DEMO} Séance de créativité « Se déplacer sans voiture à la campagne »",
                d(2013, 4, 16),
                19,
                [PILOT_REFERENTS[2], "Aide à domicile du Vermandois (démonstration)"],
                8,
                [
                    f"{DEMO} Transport à la demande pour les villages sans desserte",
                    f"{DEMO} Débouchés locaux pour les producteurs du Vermandois",
                ],
                "Huit idées, dont un transport solidaire et un covoiturage organisé par les mairies. " + DEMO_NOTE,
            ),
            EventSpec(
                EventKind.CALL_FOR_IDEAS,
                f"{DEMO} Appel à idées « Vivre et vieillir au village »",
                d(2013, 10, 1),
                23,
                [PILOT_REFERENTS[2]],
                26,
                [f"{DEMO} Ressourcerie itinérante dans les communes rurales"],
                "Vingt-six contributions, surtout sur la mobilité et les services à domicile. " + DEMO_NOTE,
            ),
        ],
    ),
    PilotSpec(
        name="Sud de l'Aisne",
        perimeter=["200072031", "240200584"],
        authority=ActorSpec(
            "Communauté d'agglomération de la Région de Château-Thierry (démonstration)",
            Kind.LOCAL_AUTHORITY,
            LegalCategory.CA,
            "02168",
            "Collectivité motrice du territoire pilote du Sud de l'Aisne. " + DEMO_NOTE,
            official_siren="200072031",
        ),
        referent=PILOT_REFERENTS[3],
        referent_town="02168",
        dates=(d(2011, 12, 9), d(2012, 2, 10), d(2012, 5, 21), d(2012, 10, 3)),
        description=(
            f"{DEMO} Deux intercommunalités du sud de l'Aisne, autour de Château-Thierry et de Charly-sur-Marne, "
            f"portent ensemble la Fabrique à initiatives. {DEMO_NOTE}"
        ),
        readiness=[
            (1, 2, "Les deux intercommunalités ont signé une lettre d'engagement commune."),
            (2, 2, "Filières repérées : agriculture et transformation, tourisme vert, bâti ancien."),
            (3, 2, "Des chantiers d'insertion actifs en bord de Marne."),
            (4, 2, "Le programme européen de développement rural finance l'animation."),
            (5, 2, "Sud de l'Aisne Initiatives désigné acteur référent."),
        ],
        readiness_followup=[],
        actors=[
            ActorSpec(
                "Communauté de communes du Canton de Charly-sur-Marne (démonstration)",
                Kind.LOCAL_AUTHORITY,
                LegalCategory.CC,
                "02163",
                "Seconde intercommunalité du périmètre. " + DEMO_NOTE,
                official_siren="240200584",
            ),
            ActorSpec(
                "Champagne Insertion (démonstration)",
                Kind.ASSOCIATION,
                LegalCategory.ASSOCIATION_9221,
                "02168",
                "Chantier d'insertion d'entretien des espaces naturels. " + DEMO_NOTE,
            ),
        ],
        needs=[
            NeedSpec(
                f"{DEMO} Valorisation des fruits et légumes déclassés",
                FOOD,
                "Une part de la récolte des maraîchers et arboriculteurs est perdue faute de débouché pour les "
                "produits hors calibre. " + DEMO_NOTE,
                Source.ACTORS_FEEDBACK,
                1,
                NeedStatus.QUALIFIED,
                d(2012, 9, 25),
                "Producteurs du sud de l'Aisne",
                qualified_on=d(2013, 2, 14),
            ),
            NeedSpec(
                f"{DEMO} Entretien des bords de Marne et des chemins de randonnée",
                ENVIRONMENT,
                "Les communes n'ont pas les moyens d'entretenir régulièrement les berges et les sentiers, "
                "pourtant essentiels au tourisme. " + DEMO_NOTE,
                Source.ELECTED_OFFICIALS,
                2,
                NeedStatus.ADDRESSED,
                d(2012, 6, 19),
                addressed_on=d(2013, 9, 2),
                qualified_on=d(2012, 12, 4),
            ),
            NeedSpec(
                f"{DEMO} Accueil de jour pour les personnes atteintes de troubles cognitifs",
                RESIDENTIAL,
                "Les aidants familiaux ne disposent d'aucun accueil de jour à moins de quarante minutes. " + DEMO_NOTE,
                Source.DIAGNOSIS,
                1,
                NeedStatus.IDENTIFIED,
                d(2012, 7, 10),
                "Aidants familiaux",
            ),
            NeedSpec(
                f"{DEMO} Accès des jeunes aux stages et apprentissages sans véhicule",
                MOBILITY,
                "Les jeunes des villages renoncent à des apprentissages faute de moyen de transport. " + DEMO_NOTE,
                Source.CREATIVITY_SESSION,
                2,
                NeedStatus.IDENTIFIED,
                d(2013, 5, 23),
                "Jeunes de 16 à 25 ans",
            ),
            NeedSpec(
                f"{DEMO} Matériaux biosourcés pour la rénovation du bâti ancien",
                HOUSING,
                "Les artisans manquent d'un approvisionnement local en chanvre et en chaux pour restaurer le "
                "bâti ancien. " + DEMO_NOTE,
                Source.STUDY,
                3,
                NeedStatus.IDENTIFIED,
                d(2013, 8, 29),
                "Artisans et propriétaires de bâti ancien",
            ),
        ],
        opportunities=[
            OpportunitySpec(
                f"{DEMO} Conserverie solidaire",
                FOOD,
                "Transformer les fruits et légumes déclassés en conserves, soupes et jus vendus localement. "
                + DEMO_NOTE,
                [f"{DEMO} Valorisation des fruits et légumes déclassés"],
                "5.5",
                OppStatus.IN_PROJECT,
            ),
            OpportunitySpec(
                f"{DEMO} Filière chanvre pour la rénovation",
                HOUSING,
                "Structurer avec les agriculteurs une production de chanvre de construction. " + DEMO_NOTE,
                [f"{DEMO} Matériaux biosourcés pour la rénovation du bâti ancien"],
                "3.0",
                OppStatus.IDENTIFIED,
            ),
        ],
        cooperations=[
            CooperationSpec(
                f"{DEMO} Chantier d'insertion « Bords de Marne »",
                [
                    "Champagne Insertion (démonstration)",
                    "Communauté d'agglomération de la Région de Château-Thierry (démonstration)",
                    "Communauté de communes du Canton de Charly-sur-Marne (démonstration)",
                ],
                "Les deux intercommunalités confient l'entretien des berges au chantier d'insertion. " + DEMO_NOTE,
                d(2013, 9, 2),
            ),
        ],
        events=[
            EventSpec(
                EventKind.TERRITORY_MEETING,
                f"{DEMO} Rencontre territoriale de lancement",
                d(2012, 5, 10),
                38,
                [
                    PILOT_REFERENTS[3],
                    CRESS,
                    "Communauté d'agglomération de la Région de Château-Thierry (démonstration)",
                    "Communauté de communes du Canton de Charly-sur-Marne (démonstration)",
                ],
                0,
                [],
                "Lancement de la Fabrique à initiatives avec les élus des deux intercommunalités. " + DEMO_NOTE,
            ),
            EventSpec(
                EventKind.CREATIVITY_SESSION,
                f"{DEMO} Séance de créativité « Transformer les produits du Sud de l'Aisne »",
                d(2013, 5, 23),
                16,
                [PILOT_REFERENTS[3], "Champagne Insertion (démonstration)", FUNDER],
                7,
                [
                    f"{DEMO} Valorisation des fruits et légumes déclassés",
                    f"{DEMO} Accès des jeunes aux stages et apprentissages sans véhicule",
                ],
                "Sept idées ; la conserverie solidaire est retenue pour une étude d'opportunité. " + DEMO_NOTE,
            ),
        ],
    ),
    PilotSpec(
        name="Nogent-sur-Oise",
        perimeter=["60463"],
        authority=ActorSpec(
            "Ville de Nogent-sur-Oise (démonstration)",
            Kind.LOCAL_AUTHORITY,
            LegalCategory.COMMUNE,
            "60463",
            "Collectivité motrice du territoire pilote de Nogent-sur-Oise. " + DEMO_NOTE,
            official_siren="60463",
        ),
        referent=PILOT_REFERENTS[4],
        referent_town="60463",
        dates=(d(2011, 12, 14), d(2012, 2, 10), d(2012, 6, 4), d(2012, 11, 22)),
        description=(
            f"{DEMO} Le seul territoire pilote à l'échelle d'une ville : la démarche s'appuie sur les centres "
            f"sociaux et les habitants des quartiers. {DEMO_NOTE}"
        ),
        readiness=[
            (1, 3, "Le maire porte personnellement la démarche ; délibération du conseil municipal."),
            (2, 1, "Opportunités encore peu liées à des filières identifiées."),
            (3, 2, "Centres sociaux et entreprise d'insertion très présents."),
            (4, 2, "Politique de la ville : financements mobilisables pour l'innovation sociale."),
            (5, 2, "Nogent-sur-Oise Développement solidaire désigné acteur référent."),
        ],
        readiness_followup=[
            (2, 2, "Deux filières retenues : services aux familles et réemploi."),
        ],
        actors=[
            ActorSpec(
                "Centre social et culturel de Nogent (démonstration)",
                Kind.ASSOCIATION,
                LegalCategory.ASSOCIATION_9220,
                "60463",
                "Accueil des familles, ateliers et permanences. " + DEMO_NOTE,
            ),
            ActorSpec(
                "Oise Services Insertion (démonstration)",
                Kind.ESS_ENTERPRISE,
                LegalCategory.SAS,
                "60463",
                "Entreprise d'insertion : services aux particuliers et petits travaux. " + DEMO_NOTE,
                esus_end_date=d(2027, 12, 31),
            ),
        ],
        needs=[
            NeedSpec(
                f"{DEMO} Conciergerie de quartier pour les familles monoparentales",
                RESIDENTIAL,
                "Les parents seuls qui travaillent manquent de temps pour les démarches, les courses et les "
                "petites réparations. " + DEMO_NOTE,
                Source.DIAGNOSIS,
                1,
                NeedStatus.QUALIFIED,
                d(2012, 9, 6),
                "Familles monoparentales",
                qualified_on=d(2013, 1, 30),
            ),
            NeedSpec(
                f"{DEMO} Apprentissage du vélo pour les adultes",
                MOBILITY,
                "De nombreuses femmes des quartiers n'ont jamais appris à faire du vélo, ce qui limite leurs "
                "déplacements vers l'emploi. " + DEMO_NOTE,
                Source.CREATIVITY_SESSION,
                2,
                NeedStatus.IDENTIFIED,
                d(2013, 1, 24),
                "Adultes des quartiers, surtout des femmes",
            ),
            NeedSpec(
                f"{DEMO} Réparation des appareils électroménagers",
                ENVIRONMENT,
                "Les appareils en panne sont jetés faute de réparateur abordable à proximité. " + DEMO_NOTE,
                Source.ACTORS_FEEDBACK,
                2,
                NeedStatus.IDENTIFIED,
                d(2013, 3, 19),
            ),
            NeedSpec(
                f"{DEMO} Cuisine partagée pour les habitants",
                FOOD,
                "Un lieu où cuisiner ensemble, apprendre à préparer des produits frais et partager les repas "
                "entre voisins. " + DEMO_NOTE,
                Source.CALL_FOR_IDEAS,
                3,
                NeedStatus.IDENTIFIED,
                d(2013, 6, 12),
                submitter=("Association de locataires (démonstration)", "locataires.nogent@example.org", True),
            ),
        ],
        opportunities=[
            OpportunitySpec(
                f"{DEMO} Repair café professionnel et atelier de réemploi",
                ENVIRONMENT,
                "Un atelier de réparation d'électroménager employant des techniciens en insertion. " + DEMO_NOTE,
                [f"{DEMO} Réparation des appareils électroménagers"],
                "2.5",
                OppStatus.QUALIFIED,
            ),
            OpportunitySpec(
                f"{DEMO} Conciergerie solidaire",
                RESIDENTIAL,
                "Une conciergerie de quartier portée par l'entreprise d'insertion et le centre social. " + DEMO_NOTE,
                [f"{DEMO} Conciergerie de quartier pour les familles monoparentales"],
                "3.5",
                OppStatus.IN_PROJECT,
            ),
        ],
        cooperations=[
            CooperationSpec(
                f"{DEMO} Conciergerie solidaire du quartier",
                [
                    "Centre social et culturel de Nogent (démonstration)",
                    "Oise Services Insertion (démonstration)",
                    "Ville de Nogent-sur-Oise (démonstration)",
                ],
                "Le centre social accueille la conciergerie ; l'entreprise d'insertion assure les services. "
                + DEMO_NOTE,
                d(2014, 2, 3),
            ),
        ],
        events=[
            EventSpec(
                EventKind.CREATIVITY_SESSION,
                f"{DEMO} Séance de créativité avec les habitants des quartiers",
                d(2013, 1, 24),
                27,
                [PILOT_REFERENTS[4], "Centre social et culturel de Nogent (démonstration)"],
                11,
                [
                    f"{DEMO} Apprentissage du vélo pour les adultes",
                    f"{DEMO} Conciergerie de quartier pour les familles monoparentales",
                ],
                "Onze idées ; les habitants ont classé la conciergerie en tête. " + DEMO_NOTE,
            ),
            EventSpec(
                EventKind.CALL_FOR_IDEAS,
                f"{DEMO} Appel à idées « Nogent solidaire »",
                d(2013, 6, 3),
                18,
                [PILOT_REFERENTS[4], "Ville de Nogent-sur-Oise (démonstration)"],
                21,
                [f"{DEMO} Cuisine partagée pour les habitants"],
                "Vingt et une idées déposées en ligne et lors de la fête de quartier. " + DEMO_NOTE,
            ),
        ],
    ),
]

PILOT_NAMES = [pilot.name for pilot in PILOTS]


# --- Writing only what differs ---------------------------------------------------------------------------


def _upsert(model, lookup, values):
    """Create the row named by `lookup`, or bring it to `values`, saving only when something differs.

    Unlike update_or_create, an unchanged row is not saved again, so no history row is added.
    """
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        if hasattr(instance, "version"):
            # Someone editing this record from a page will be told it changed meanwhile.
            instance.version += 1
            changed.append("version")
        instance.save(update_fields=changed)
    return instance, False


def _official_siren(code):
    if len(code) == 9:
        return EPCI.objects.filter(siren=code).values_list("siren", flat=True).first() or ""
    return Commune.objects.filter(code=code).values_list("siren", flat=True).first() or ""


def check_geography():
    """Raise a CommandError naming what is missing when the pilots' official geography is not loaded."""
    codes = {code for pilot in PILOTS for code in pilot.perimeter}
    epci_codes = {code for code in codes if len(code) == 9}
    commune_codes = codes - epci_codes
    loaded_epcis = set(
        Commune.objects.filter(epci__siren__in=epci_codes).values_list("epci__siren", flat=True).distinct()
    )
    loaded_communes = set(Commune.objects.filter(code__in=commune_codes).values_list("code", flat=True))
    missing = sorted((epci_codes - loaded_epcis) | (commune_codes - loaded_communes))
    if missing:
        raise CommandError(GEOGRAPHY_MISSING % {"codes": ", ".join(missing)})


def _actor(spec, towns, territory):
    siren = _official_siren(spec.official_siren) if spec.official_siren else ""
    actor, _created = _upsert(
        Actor,
        {"name": spec.name},
        {
            "kind": spec.kind,
            "legal_category": spec.legal_category,
            "town": towns.get(spec.town),
            "description": spec.description,
            "is_scic": spec.is_scic,
            "esus_approved": spec.esus_end_date is not None,
            "esus_end_date": spec.esus_end_date,
            "siret": siren,
        },
    )
    if territory is not None:
        actor.territories.add(territory)
    return actor


def _territory(pilot, authority, referent):
    """The pilot territory, saved through the territories service (which computes population and commune
    count from the official data) when it is new or differs from the demonstration values."""
    application, selection, launch, agreement = pilot.dates
    wanted = {
        "status": ACTIVE,
        "driving_authority": authority,
        "referent_actor": referent,
        "application_date": application,
        "selection_date": selection,
        "launch_date": launch,
        "agreement_signed_date": agreement,
        "closing_date": None,
        "description": pilot.description,
    }
    territory = EngagedTerritory.objects.filter(name=pilot.name).first()
    if territory is not None:
        epci_codes = set(territory.epcis.values_list("siren", flat=True))
        commune_codes = set(territory.communes.values_list("code", flat=True))
        population, count = perimeter_totals(
            list(territory.epcis.values_list("pk", flat=True)), list(territory.communes.values_list("pk", flat=True))
        )
        same = (
            all(getattr(territory, name) == value for name, value in wanted.items())
            and epci_codes | commune_codes == set(pilot.perimeter)
            and (territory.population, territory.commune_count) == (population, count)
        )
        if same:
            return territory
    return territory_save(
        territory=territory or EngagedTerritory(),
        perimeter_codes=pilot.perimeter,
        expected_version=territory.version if territory else None,
        name=pilot.name,
        **wanted,
    )


def _readiness(territory, pilot, assessed_by):
    first, followup = pilot.dates[0], pilot.dates[1]
    moments = [
        (timezone.make_aware(datetime.datetime.combine(first, datetime.time(10, 0))), pilot.readiness),
        (
            timezone.make_aware(datetime.datetime.combine(followup.replace(year=followup.year + 1), datetime.time(10))),
            pilot.readiness_followup,
        ),
    ]
    for assessed_at, scores in moments:
        for prerequisite, score, evidence in scores:
            _upsert(
                ReadinessAssessment,
                {"territory": territory, "prerequisite": Prerequisite(prerequisite), "assessed_at": assessed_at},
                {"score": score, "evidence": f"{DEMO} {evidence}", "assessed_by": assessed_by},
            )


def _needs(territory, pilot, sectors, recorded_by):
    needs = {}
    for spec in pilot.needs:
        name, email, consents = spec.submitter or ("", "", False)
        from_public = spec.source == Source.CALL_FOR_IDEAS
        needs[spec.title], _created = _upsert(
            Need,
            {"territory": territory, "title": spec.title},
            {
                "sector": sectors[spec.sector],
                "description": spec.description,
                "source": spec.source,
                "evidence": spec.evidence,
                "population_concerned": spec.population_concerned,
                "priority": spec.priority,
                "status": spec.status,
                "identified_on": spec.identified_on,
                "qualified_on": spec.qualified_on,
                "addressed_on": spec.addressed_on,
                "dropped_on": spec.identified_on.replace(year=spec.identified_on.year + 1)
                if spec.status == NeedStatus.DROPPED
                else None,
                "recorded_by": None if from_public else recorded_by,
                "submitter_name": name,
                "submitter_email": email,
                "submitter_consents_to_contact": consents,
            },
        )
    return needs


@transaction.atomic
def demo_territories_seed(*, organisations):
    """Create or refresh the five pilot territories with their demonstration content; returns them.

    `organisations` maps the names of fabrique.demo's organisations (CRESS, funder, pilot referents) to
    their actors. Raises CommandError when the official geography is not loaded.
    """
    check_geography()
    User = get_user_model()
    coordinator = User.objects.filter(organisation=organisations[CRESS], role="coordinator").order_by("pk").first()
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    town_codes = {pilot.referent_town for pilot in PILOTS} | {
        spec.town for pilot in PILOTS for spec in [pilot.authority, *pilot.actors]
    }
    towns = {commune.code: commune for commune in Commune.objects.filter(code__in=town_codes)}
    territories = []
    for pilot in PILOTS:
        referent = organisations[pilot.referent]
        authority = _actor(pilot.authority, towns, None)
        territory = _territory(pilot, authority, referent)
        authority.territories.add(territory)
        _upsert(
            Actor,
            {"name": referent.name},
            {
                "kind": Actor.Kind.REFERENT,
                "town": towns.get(pilot.referent_town),
                "description": f"Acteur référent de la Fabrique à initiatives pour « {pilot.name} ». {DEMO_NOTE}",
            },
        )
        referent.territories.add(territory)
        organisations[CRESS].territories.add(territory)
        _upsert(
            Contact,
            {"actor": referent, "name": f"Chargé·e de mission Fabrique, {pilot.name} (démonstration)"},
            {
                "role": "Chargé·e de mission Fabrique à initiatives",
                "email": f"fabrique.{territory.slug}@example.org",
                "phone": "03 22 00 00 00",
            },
        )
        actors = {actor.name: actor for actor in organisations.values()}
        actors[authority.name] = authority
        for spec in pilot.actors:
            actors[spec.name] = _actor(spec, towns, territory)

        referent_user = User.objects.filter(organisation=referent, role="referent").order_by("pk").first()
        recorded_by = referent_user or coordinator
        _readiness(territory, pilot, coordinator)
        needs = _needs(territory, pilot, sectors, recorded_by)

        for spec in pilot.opportunities:
            opportunity, _created = _upsert(
                Opportunity,
                {"territory": territory, "title": spec.title},
                {
                    "sector": sectors[spec.sector],
                    "description": spec.description,
                    "estimated_jobs": Decimal(spec.estimated_jobs) if spec.estimated_jobs else None,
                    "status": spec.status,
                    "recorded_by": recorded_by,
                },
            )
            opportunity.needs.set([needs[title] for title in spec.needs])

        for spec in pilot.cooperations:
            cooperation, _created = _upsert(
                Cooperation,
                {"territory": territory, "title": spec.title},
                {"description": spec.description, "since": spec.since},
            )
            cooperation.actors.set([actors[name] for name in spec.actors])

        for spec in pilot.events:
            event, _created = _upsert(
                AnimationEvent,
                {"territory": territory, "title": spec.title},
                {
                    "kind": spec.kind,
                    "date": spec.date,
                    "participants": spec.participants,
                    "ideas_produced": spec.ideas_produced,
                    "summary": spec.summary,
                    "recorded_by": recorded_by,
                },
            )
            event.partners_present.set([actors[name] for name in spec.partners])
            event.needs.set([needs[title] for title in spec.needs])
        territories.append(territory)
    return territories
