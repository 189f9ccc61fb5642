"""Demonstration data of the territories app: the five 2012 Picardie pilots and the organisations around them.

Plain data, read by `territories.demo`, which marks every title with "[Démo]" and ends every description with
the note that the data is fictitious. Values are the stored ones: actor kinds and INSEE legal categories
(models/actors.py), sector slugs, need sources and statuses, opportunity statuses, event kinds. Towns are
commune INSEE codes; a perimeter lists EPCI SIRENs and commune codes; `official_siren` names the EPCI or
commune whose official SIREN the actor takes. Readiness rows are (prerequisite 1–5, score 0–3, evidence);
`dates` are (application, selection, launch, agreement signed); a follow-up assessment comes a year after
selection. Names are keys: cooperations and events name their actors, opportunities and events their needs.
"""

from datetime import date

CRESS = "CRESS Hauts-de-France (démonstration)"
FUNDER = "Fondation régionale pour l'ESS (démonstration)"

PILOTS = [
    {
        "name": "Beauvaisis",
        "perimeter": ["200067999"],
        "authority": {
            "name": "Communauté d'agglomération du Beauvaisis (démonstration)",
            "kind": "local_authority",
            "legal_category": "7348",
            "town": "60057",
            "description": "Collectivité motrice du territoire pilote du Beauvaisis.",
            "official_siren": "200067999",
        },
        "referent": "Initiatives Beauvaisis (démonstration)",
        "referent_town": "60057",
        "dates": (date(2011, 11, 15), date(2012, 2, 10), date(2012, 4, 2), date(2012, 6, 18)),
        "description": (
            "L'un des cinq territoires pilotes retenus en Picardie en 2012. L'agglomération du Beauvaisis s'appuie sur "
            "son acteur référent pour repérer les besoins non satisfaits et faire émerger des entreprises de l'ESS "
            "créatrices d'emplois non délocalisables."
        ),
        "readiness": [
            (1, 3, "Délibération du conseil communautaire engageant l'agglomération dans la Fabrique à initiatives."),
            (2, 2, "Diagnostic partagé : vieillissement, rénovation énergétique et mobilité vers l'emploi."),
            (3, 2, "Une trentaine de structures de l'ESS recensées, dont une recyclerie et une SCOP du bâtiment."),
            (4, 1, "Pas encore de dispositif local de soutien à l'innovation sociale."),
            (5, 3, "Initiatives Beauvaisis accompagne déjà la création d'entreprises sur le territoire."),
        ],
        "readiness_followup": [
            (4, 2, "Un fonds d'amorçage de l'agglomération soutient désormais les études d'opportunité."),
        ],
        "actors": [
            {
                "name": "Recyclerie du Beauvaisis (démonstration)",
                "kind": "association",
                "legal_category": "9221",
                "town": "60057",
                "description": "Collecte, répare et revend meubles et objets ; chantier d'insertion.",
            },
            {
                "name": "SCOP Bâtir ensemble Oise (démonstration)",
                "kind": "ess_enterprise",
                "legal_category": "5458",
                "town": "60057",
                "description": "Coopérative du bâtiment spécialisée dans la rénovation énergétique.",
            },
            {
                "name": "Épicerie solidaire de Beauvais (démonstration)",
                "kind": "association",
                "legal_category": "9220",
                "town": "60057",
                "description": "Épicerie à prix réduits et ateliers cuisine.",
            },
        ],
        "needs": [
            {
                "title": "Aide au retour à domicile après une hospitalisation",
                "sector": "economie-residentielle",
                "description": (
                    "Les personnes âgées qui sortent de l'hôpital de Beauvais attendent souvent plusieurs jours une "
                    "aide à domicile ; certaines restent hospitalisées faute de solution."
                ),
                "source": "diagnosis",
                "priority": 1,
                "status": "qualified",
                "identified_on": date(2012, 5, 14),
                "population_concerned": "Personnes de plus de 75 ans vivant seules",
                "evidence": (
                    "Entretiens avec le service social du centre hospitalier et deux services d'aide à domicile."
                ),
                "qualified_on": date(2012, 9, 20),
            },
            {
                "title": "Rénovation énergétique des logements de propriétaires modestes",
                "sector": "habitat-batiment-durables",
                "description": (
                    "De nombreux propriétaires occupants aux revenus modestes renoncent aux travaux d'isolation, faute "
                    "d'accompagnement et d'artisans disponibles pour de petits chantiers."
                ),
                "source": "study",
                "priority": 1,
                "status": "qualified",
                "identified_on": date(2012, 6, 5),
                "population_concerned": "Propriétaires occupants sous les plafonds de ressources",
                "evidence": "Étude habitat de l'agglomération.",
                "qualified_on": date(2012, 11, 8),
            },
            {
                "title": "Réemploi du mobilier et des objets encombrants",
                "sector": "environnement",
                "description": (
                    "Les déchetteries reçoivent beaucoup de mobilier en bon état qui pourrait être réparé et revendu."
                ),
                "source": "actors_feedback",
                "priority": 2,
                "status": "identified",
                "identified_on": date(2012, 9, 3),
                "population_concerned": "Habitants de l'agglomération",
            },
            {
                "title": "Mobilité des demandeurs d'emploi sans permis vers les zones d'activité",
                "sector": "mobilite",
                "description": (
                    "Les zones d'activité en périphérie sont mal desservies aux horaires de l'industrie ; des offres "
                    "d'emploi restent sans candidat."
                ),
                "source": "elected_officials",
                "priority": 1,
                "status": "addressed",
                "identified_on": date(2012, 4, 20),
                "population_concerned": "Demandeurs d'emploi sans véhicule",
                "qualified_on": date(2012, 7, 2),
                "addressed_on": date(2014, 3, 1),
            },
            {
                "title": "Approvisionnement local de la restauration collective",
                "sector": "alimentation-circuits-courts",
                "description": (
                    "Les cantines scolaires souhaitent davantage de produits locaux mais aucun outil ne regroupe "
                    "l'offre des producteurs."
                ),
                "source": "creativity_session",
                "priority": 2,
                "status": "identified",
                "identified_on": date(2012, 10, 11),
                "population_concerned": "Écoles et collèges de l'agglomération",
            },
            {
                "title": "Garde d'enfants en horaires décalés",
                "sector": "economie-residentielle",
                "description": (
                    "Je travaille en équipe de nuit et je ne trouve pas de mode de garde pour mes enfants avant 7 h. "
                    "Nous sommes plusieurs parents dans ce cas dans mon quartier."
                ),
                "source": "call_for_ideas",
                "priority": 2,
                "status": "identified",
                "identified_on": date(2013, 3, 12),
                "population_concerned": "Parents travaillant en horaires décalés",
                "submitter": {
                    "name": "Habitante d'Argentine (démonstration)",
                    "email": "habitante.beauvaisis@example.org",
                    "consents_to_contact": True,
                },
            },
            # Still waiting for review: the referent edits out the neighbour's name and the phone number,
            # then makes it "identified"; until then partners do not see it.
            {
                "title": "Accompagnement des personnes âgées à leurs rendez-vous médicaux",
                "sector": "mobilite",
                "description": (
                    "Ma voisine, Mme Lefèvre, 84 ans, manque ses rendez-vous à l'hôpital faute de quelqu'un pour l'y "
                    "conduire. Des retraités du quartier seraient prêts à le faire. Appelez-moi au 06 39 98 00 00."
                ),
                "source": "call_for_ideas",
                "priority": 3,
                "status": "to_review",
                "identified_on": date(2014, 4, 7),
                "submitter": {
                    "name": "Voisin de Saint-Jean (démonstration)",
                    "email": "voisin.beauvaisis@example.org",
                    "consents_to_contact": True,
                },
            },
        ],
        "opportunities": [
            {
                "title": "Plateforme de rénovation énergétique solidaire",
                "sector": "habitat-batiment-durables",
                "description": (
                    "Un guichet qui accompagne les propriétaires modestes de l'étude thermique à la fin du chantier, "
                    "avec des artisans et une SCOP du territoire."
                ),
                "needs": [
                    "Rénovation énergétique des logements de propriétaires modestes",
                ],
                "estimated_jobs": "6.0",
                "status": "qualified",
            },
            {
                "title": "Garage et auto-école solidaires",
                "sector": "mobilite",
                "description": (
                    "Location de véhicules à bas prix, réparation et préparation au permis pour les personnes en "
                    "insertion."
                ),
                "needs": [
                    "Mobilité des demandeurs d'emploi sans permis vers les zones d'activité",
                ],
                "estimated_jobs": "4.5",
                "status": "in_project",
            },
            {
                "title": "Service d'aide au retour à domicile",
                "sector": "economie-residentielle",
                "description": (
                    "Une équipe mobile qui prépare le logement et assure les premiers jours après la sortie de "
                    "l'hôpital."
                ),
                "needs": [
                    "Aide au retour à domicile après une hospitalisation",
                ],
                "estimated_jobs": "3.0",
                "status": "identified",
            },
        ],
        "cooperations": [
            {
                "title": "Collecte et revalorisation du mobilier",
                "actors": [
                    "Recyclerie du Beauvaisis (démonstration)",
                    "Épicerie solidaire de Beauvais (démonstration)",
                    "Communauté d'agglomération du Beauvaisis (démonstration)",
                ],
                "description": (
                    "La recyclerie collecte en déchetterie ; l'épicerie solidaire oriente les familles vers la "
                    "boutique."
                ),
                "since": date(2013, 1, 15),
            },
        ],
        "events": [
            {
                "kind": "territory_meeting",
                "title": "Rencontre des acteurs de l'ESS du Beauvaisis",
                "date": date(2012, 6, 28),
                "participants": 45,
                "partners": [
                    "Communauté d'agglomération du Beauvaisis (démonstration)",
                    "Initiatives Beauvaisis (démonstration)",
                    CRESS,
                    "Recyclerie du Beauvaisis (démonstration)",
                    "SCOP Bâtir ensemble Oise (démonstration)",
                ],
                "ideas_produced": 0,
                "needs": [],
                "summary": "Présentation de la démarche et premier tour d'horizon des besoins.",
            },
            {
                "kind": "creativity_session",
                "title": "Séance de créativité « Bien vieillir à domicile »",
                "date": date(2012, 10, 11),
                "participants": 24,
                "partners": [
                    "Initiatives Beauvaisis (démonstration)",
                    "Recyclerie du Beauvaisis (démonstration)",
                    FUNDER,
                ],
                "ideas_produced": 9,
                "needs": [
                    "Aide au retour à domicile après une hospitalisation",
                    "Approvisionnement local de la restauration collective",
                ],
                "summary": (
                    "Neuf idées produites, dont un service de retour à domicile et un groupement d'achat local pour "
                    "les cantines."
                ),
            },
            {
                "kind": "call_for_ideas",
                "title": "Appel à idées auprès des habitants du Beauvaisis",
                "date": date(2013, 3, 1),
                "participants": 37,
                "partners": [
                    "Initiatives Beauvaisis (démonstration)",
                ],
                "ideas_produced": 41,
                "needs": [
                    "Garde d'enfants en horaires décalés",
                ],
                "summary": ("Quarante et une contributions reçues en un mois, en ligne et dans les centres sociaux."),
            },
        ],
    },
    {
        "name": "Amiens Métropole",
        "perimeter": ["248000531"],
        "authority": {
            "name": "Amiens Métropole, communauté d'agglomération (démonstration)",
            "kind": "local_authority",
            "legal_category": "7348",
            "town": "80021",
            "description": "Collectivité motrice du territoire pilote d'Amiens Métropole.",
            "official_siren": "248000531",
        },
        "referent": "Amiens Métropole Accompagnement ESS (démonstration)",
        "referent_town": "80021",
        "dates": (date(2011, 12, 1), date(2012, 2, 10), date(2012, 5, 3), date(2012, 9, 12)),
        "description": (
            "Territoire pilote urbain : la Fabrique à initiatives y cible les quartiers prioritaires et les liens "
            "entre ville et campagne."
        ),
        "readiness": [
            (1, 2, "Engagement de la vice-présidence à l'ESS ; délibération attendue."),
            (2, 3, "Filières repérées : vélo, alimentation de proximité, services aux personnes âgées."),
            (3, 3, "Tissu associatif dense, régies de quartier et jardins d'insertion."),
            (4, 2, "Appel à projets annuel d'innovation sociale de la métropole."),
            (5, 2, "Acteur référent désigné, équipe en cours de constitution."),
        ],
        "readiness_followup": [
            (1, 3, "Délibération du conseil communautaire votée."),
            (5, 3, "Une chargée de mission recrutée pour la Fabrique à initiatives."),
        ],
        "actors": [
            {
                "name": "Régie de quartier Amiens Nord (démonstration)",
                "kind": "association",
                "legal_category": "9221",
                "town": "80021",
                "description": (
                    "Entretien des espaces communs et services aux habitants, avec des salariés en insertion."
                ),
            },
            {
                "name": "Vélo Services Amiens, SCIC (démonstration)",
                "kind": "ess_enterprise",
                "legal_category": "5710",
                "town": "80021",
                "description": "Coopérative d'intérêt collectif de réparation et de location de vélos.",
                "is_scic": True,
                "esus_end_date": date(2028, 6, 30),
            },
            {
                "name": "Jardins solidaires de la Somme (démonstration)",
                "kind": "association",
                "legal_category": "9221",
                "town": "80021",
                "description": "Maraîchage biologique en chantier d'insertion et paniers hebdomadaires.",
            },
        ],
        "needs": [
            {
                "title": "Réparation et location de vélos dans les quartiers prioritaires",
                "sector": "mobilite",
                "description": (
                    "Beaucoup d'habitants des quartiers nord n'ont ni voiture ni vélo en état de marche ; aucun "
                    "atelier de réparation n'existe à proximité."
                ),
                "source": "diagnosis",
                "priority": 1,
                "status": "qualified",
                "identified_on": date(2012, 6, 12),
                "population_concerned": "Habitants des quartiers prioritaires",
                "qualified_on": date(2012, 10, 2),
            },
            {
                "title": "Accès à une alimentation de qualité dans les quartiers nord",
                "sector": "alimentation-circuits-courts",
                "description": (
                    "Peu de commerces alimentaires de proximité, et des prix élevés pour les fruits et légumes frais."
                ),
                "source": "actors_feedback",
                "priority": 1,
                "status": "identified",
                "identified_on": date(2012, 11, 20),
                "population_concerned": "Familles des quartiers nord",
            },
            {
                "title": "Services de proximité pour les personnes âgées isolées",
                "sector": "economie-residentielle",
                "description": (
                    "Petits travaux, courses et accompagnement aux rendez-vous : les demandes dépassent l'offre des "
                    "services existants."
                ),
                "source": "elected_officials",
                "priority": 2,
                "status": "identified",
                "identified_on": date(2013, 1, 8),
                "population_concerned": "Personnes âgées vivant seules",
            },
            {
                "title": "Collecte des biodéchets des restaurants du centre-ville",
                "sector": "environnement",
                "description": (
                    "Les restaurateurs cherchent une solution de collecte et de compostage de leurs biodéchets."
                ),
                "source": "study",
                "priority": 3,
                "status": "dropped",
                "identified_on": date(2012, 9, 14),
                "population_concerned": "Restaurateurs du centre-ville",
            },
            {
                "title": "Auto-réhabilitation accompagnée des logements",
                "sector": "habitat-batiment-durables",
                "description": (
                    "Des locataires et propriétaires souhaitent rénover eux-mêmes leur logement avec l'appui d'un "
                    "professionnel."
                ),
                "source": "creativity_session",
                "priority": 2,
                "status": "identified",
                "identified_on": date(2013, 2, 7),
            },
        ],
        "opportunities": [
            {
                "title": "Atelier vélo solidaire et livraison à vélo",
                "sector": "mobilite",
                "description": (
                    "Un atelier de réparation participative dans les quartiers nord, complété par un service de "
                    "livraison à vélo pour les commerces."
                ),
                "needs": [
                    "Réparation et location de vélos dans les quartiers prioritaires",
                ],
                "estimated_jobs": "5.0",
                "status": "in_project",
            },
            {
                "title": "Légumerie pour la restauration collective",
                "sector": "alimentation-circuits-courts",
                "description": (
                    "Laver, éplucher et découper les légumes des producteurs locaux pour les cantines et les épiceries "
                    "solidaires."
                ),
                "needs": [
                    "Accès à une alimentation de qualité dans les quartiers nord",
                ],
                "estimated_jobs": "8.0",
                "status": "identified",
            },
        ],
        "cooperations": [
            {
                "title": "Parcours d'insertion autour du vélo",
                "actors": [
                    "Régie de quartier Amiens Nord (démonstration)",
                    "Vélo Services Amiens, SCIC (démonstration)",
                ],
                "description": (
                    "La régie oriente des salariés en insertion vers l'atelier vélo, qui les forme à la mécanique."
                ),
                "since": date(2014, 9, 1),
            },
        ],
        "events": [
            {
                "kind": "information_session",
                "title": "Réunion d'information sur la Fabrique à initiatives",
                "date": date(2012, 9, 18),
                "participants": 52,
                "partners": [
                    "Amiens Métropole Accompagnement ESS (démonstration)",
                    CRESS,
                    "Amiens Métropole, communauté d'agglomération (démonstration)",
                ],
                "ideas_produced": 0,
                "needs": [],
                "summary": "Présentation de la démarche aux associations et aux élus des communes.",
            },
            {
                "kind": "creativity_session",
                "title": "Séance de créativité « Manger local dans les quartiers »",
                "date": date(2013, 2, 7),
                "participants": 31,
                "partners": [
                    "Amiens Métropole Accompagnement ESS (démonstration)",
                    "Jardins solidaires de la Somme (démonstration)",
                    FUNDER,
                ],
                "ideas_produced": 12,
                "needs": [
                    "Accès à une alimentation de qualité dans les quartiers nord",
                    "Auto-réhabilitation accompagnée des logements",
                ],
                "summary": "Douze idées, dont une légumerie et une épicerie itinérante.",
            },
        ],
    },
    {
        "name": "Pays du Vermandois",
        "perimeter": ["240200493"],
        "authority": {
            "name": "Communauté de communes du Pays du Vermandois (démonstration)",
            "kind": "local_authority",
            "legal_category": "7346",
            "town": "02095",
            "description": "Collectivité motrice du territoire pilote rural du Vermandois.",
            "official_siren": "240200493",
        },
        "referent": "Vermandois Entreprendre (démonstration)",
        "referent_town": "02095",
        "dates": (date(2011, 11, 28), date(2012, 2, 10), date(2012, 4, 16), date(2012, 7, 5)),
        "description": (
            "Territoire pilote rural de l'Aisne : vieillissement de la population, éloignement des services et "
            "mobilité sont au cœur du diagnostic."
        ),
        "readiness": [
            (1, 2, "Soutien affirmé du président de la communauté de communes."),
            (2, 2, "Besoins repérés en mobilité rurale et en services aux personnes âgées."),
            (3, 1, "Peu de structures de l'ESS implantées sur le territoire."),
            (4, 1, "Aucun financement dédié à l'innovation sociale à ce stade."),
            (5, 2, "Vermandois Entreprendre accepte le rôle d'acteur référent."),
        ],
        "readiness_followup": [
            (3, 2, "Une association d'aide à domicile et une ferme-relais rejoignent la démarche."),
        ],
        "actors": [
            {
                "name": "Aide à domicile du Vermandois (démonstration)",
                "kind": "association",
                "legal_category": "9220",
                "town": "02095",
                "description": "Service d'aide et d'accompagnement à domicile en milieu rural.",
            },
            {
                "name": "Ferme-relais du Vermandois (démonstration)",
                "kind": "association",
                "legal_category": "9220",
                "town": "02785",
                "description": "Ferme pédagogique et point de vente collectif de producteurs.",
            },
        ],
        "needs": [
            {
                "title": "Transport à la demande pour les villages sans desserte",
                "sector": "mobilite",
                "description": (
                    "La plupart des villages n'ont aucune ligne régulière ; les habitants sans voiture dépendent de "
                    "leurs voisins pour les rendez-vous médicaux."
                ),
                "source": "diagnosis",
                "priority": 1,
                "status": "qualified",
                "identified_on": date(2012, 5, 22),
                "population_concerned": "Habitants sans voiture, personnes âgées",
                "qualified_on": date(2012, 10, 15),
            },
            {
                "title": "Maintien à domicile des personnes âgées en milieu rural",
                "sector": "economie-residentielle",
                "description": (
                    "Les services d'aide à domicile peinent à recruter et à couvrir les communes les plus éloignées."
                ),
                "source": "actors_feedback",
                "priority": 1,
                "status": "identified",
                "identified_on": date(2012, 7, 3),
                "population_concerned": "Personnes âgées en perte d'autonomie",
            },
            {
                "title": "Débouchés locaux pour les producteurs du Vermandois",
                "sector": "alimentation-circuits-courts",
                "description": (
                    "Les producteurs vendent presque tout hors du territoire ; les habitants ne trouvent pas leurs "
                    "produits sur place."
                ),
                "source": "creativity_session",
                "priority": 2,
                "status": "identified",
                "identified_on": date(2013, 4, 16),
                "population_concerned": "Producteurs et habitants",
            },
            {
                "title": "Adaptation des logements au vieillissement",
                "sector": "habitat-batiment-durables",
                "description": (
                    "Salles de bains et escaliers inadaptés obligent des personnes âgées à quitter leur maison."
                ),
                "source": "elected_officials",
                "priority": 2,
                "status": "identified",
                "identified_on": date(2013, 6, 11),
                "population_concerned": "Propriétaires âgés",
            },
            {
                "title": "Ressourcerie itinérante dans les communes rurales",
                "sector": "environnement",
                "description": (
                    "Pourquoi ne pas faire passer un camion dans les villages pour récupérer ce qui peut resservir ? "
                    "La déchetterie est loin pour beaucoup d'entre nous."
                ),
                "source": "call_for_ideas",
                "priority": 3,
                "status": "identified",
                "identified_on": date(2013, 10, 14),
                "submitter": {
                    "name": "Habitant de Vermand (démonstration)",
                    "email": "",
                    "consents_to_contact": False,
                },
            },
        ],
        "opportunities": [
            {
                "title": "Transport solidaire en milieu rural",
                "sector": "mobilite",
                "description": (
                    "Un service de transport à la demande associant chauffeurs salariés et bénévoles, réservé par "
                    "téléphone."
                ),
                "needs": [
                    "Transport à la demande pour les villages sans desserte",
                ],
                "estimated_jobs": "3.0",
                "status": "qualified",
            },
            {
                "title": "Magasin de producteurs en circuit court",
                "sector": "alimentation-circuits-courts",
                "description": (
                    "Un point de vente collectif géré par les producteurs, avec un rayon de produits transformés."
                ),
                "needs": [
                    "Débouchés locaux pour les producteurs du Vermandois",
                ],
                "estimated_jobs": "4.0",
                "status": "identified",
            },
        ],
        "cooperations": [
            {
                "title": "Portage de repas avec les produits des fermes",
                "actors": [
                    "Aide à domicile du Vermandois (démonstration)",
                    "Ferme-relais du Vermandois (démonstration)",
                ],
                "description": "Les repas portés à domicile sont cuisinés avec les produits de la ferme-relais.",
                "since": date(2014, 1, 6),
            },
        ],
        "events": [
            {
                "kind": "creativity_session",
                "title": "Séance de créativité « Se déplacer sans voiture à la campagne »",
                "date": date(2013, 4, 16),
                "participants": 19,
                "partners": [
                    "Vermandois Entreprendre (démonstration)",
                    "Aide à domicile du Vermandois (démonstration)",
                ],
                "ideas_produced": 8,
                "needs": [
                    "Transport à la demande pour les villages sans desserte",
                    "Débouchés locaux pour les producteurs du Vermandois",
                ],
                "summary": ("Huit idées, dont un transport solidaire et un covoiturage organisé par les mairies."),
            },
            {
                "kind": "call_for_ideas",
                "title": "Appel à idées « Vivre et vieillir au village »",
                "date": date(2013, 10, 1),
                "participants": 23,
                "partners": [
                    "Vermandois Entreprendre (démonstration)",
                ],
                "ideas_produced": 26,
                "needs": [
                    "Ressourcerie itinérante dans les communes rurales",
                ],
                "summary": "Vingt-six contributions, surtout sur la mobilité et les services à domicile.",
            },
        ],
    },
    {
        "name": "Sud de l'Aisne",
        "perimeter": ["200072031", "240200584"],
        "authority": {
            "name": "Communauté d'agglomération de la Région de Château-Thierry (démonstration)",
            "kind": "local_authority",
            "legal_category": "7348",
            "town": "02168",
            "description": "Collectivité motrice du territoire pilote du Sud de l'Aisne.",
            "official_siren": "200072031",
        },
        "referent": "Sud de l'Aisne Initiatives (démonstration)",
        "referent_town": "02168",
        "dates": (date(2011, 12, 9), date(2012, 2, 10), date(2012, 5, 21), date(2012, 10, 3)),
        "description": (
            "Deux intercommunalités du sud de l'Aisne, autour de Château-Thierry et de Charly-sur-Marne, portent "
            "ensemble la Fabrique à initiatives."
        ),
        "readiness": [
            (1, 2, "Les deux intercommunalités ont signé une lettre d'engagement commune."),
            (2, 2, "Filières repérées : agriculture et transformation, tourisme vert, bâti ancien."),
            (3, 2, "Des chantiers d'insertion actifs en bord de Marne."),
            (4, 2, "Le programme européen de développement rural finance l'animation."),
            (5, 2, "Sud de l'Aisne Initiatives désigné acteur référent."),
        ],
        "readiness_followup": [],
        "actors": [
            {
                "name": "Communauté de communes du Canton de Charly-sur-Marne (démonstration)",
                "kind": "local_authority",
                "legal_category": "7346",
                "town": "02163",
                "description": "Seconde intercommunalité du périmètre.",
                "official_siren": "240200584",
            },
            {
                "name": "Champagne Insertion (démonstration)",
                "kind": "association",
                "legal_category": "9221",
                "town": "02168",
                "description": "Chantier d'insertion d'entretien des espaces naturels.",
            },
        ],
        "needs": [
            {
                "title": "Valorisation des fruits et légumes déclassés",
                "sector": "alimentation-circuits-courts",
                "description": (
                    "Une part de la récolte des maraîchers et arboriculteurs est perdue faute de débouché pour les "
                    "produits hors calibre."
                ),
                "source": "actors_feedback",
                "priority": 1,
                "status": "qualified",
                "identified_on": date(2012, 9, 25),
                "population_concerned": "Producteurs du sud de l'Aisne",
                "qualified_on": date(2013, 2, 14),
            },
            {
                "title": "Entretien des bords de Marne et des chemins de randonnée",
                "sector": "environnement",
                "description": (
                    "Les communes n'ont pas les moyens d'entretenir régulièrement les berges et les sentiers, pourtant "
                    "essentiels au tourisme."
                ),
                "source": "elected_officials",
                "priority": 2,
                "status": "addressed",
                "identified_on": date(2012, 6, 19),
                "qualified_on": date(2012, 12, 4),
                "addressed_on": date(2013, 9, 2),
            },
            {
                "title": "Accueil de jour pour les personnes atteintes de troubles cognitifs",
                "sector": "economie-residentielle",
                "description": (
                    "Les aidants familiaux ne disposent d'aucun accueil de jour à moins de quarante minutes."
                ),
                "source": "diagnosis",
                "priority": 1,
                "status": "identified",
                "identified_on": date(2012, 7, 10),
                "population_concerned": "Aidants familiaux",
            },
            {
                "title": "Accès des jeunes aux stages et apprentissages sans véhicule",
                "sector": "mobilite",
                "description": ("Les jeunes des villages renoncent à des apprentissages faute de moyen de transport."),
                "source": "creativity_session",
                "priority": 2,
                "status": "identified",
                "identified_on": date(2013, 5, 23),
                "population_concerned": "Jeunes de 16 à 25 ans",
            },
            {
                "title": "Matériaux biosourcés pour la rénovation du bâti ancien",
                "sector": "habitat-batiment-durables",
                "description": (
                    "Les artisans manquent d'un approvisionnement local en chanvre et en chaux pour restaurer le bâti "
                    "ancien."
                ),
                "source": "study",
                "priority": 3,
                "status": "identified",
                "identified_on": date(2013, 8, 29),
                "population_concerned": "Artisans et propriétaires de bâti ancien",
            },
        ],
        "opportunities": [
            {
                "title": "Conserverie solidaire",
                "sector": "alimentation-circuits-courts",
                "description": (
                    "Transformer les fruits et légumes déclassés en conserves, soupes et jus vendus localement."
                ),
                "needs": [
                    "Valorisation des fruits et légumes déclassés",
                ],
                "estimated_jobs": "5.5",
                "status": "in_project",
            },
            {
                "title": "Filière chanvre pour la rénovation",
                "sector": "habitat-batiment-durables",
                "description": "Structurer avec les agriculteurs une production de chanvre de construction.",
                "needs": [
                    "Matériaux biosourcés pour la rénovation du bâti ancien",
                ],
                "estimated_jobs": "3.0",
                "status": "identified",
            },
        ],
        "cooperations": [
            {
                "title": "Chantier d'insertion « Bords de Marne »",
                "actors": [
                    "Champagne Insertion (démonstration)",
                    "Communauté d'agglomération de la Région de Château-Thierry (démonstration)",
                    "Communauté de communes du Canton de Charly-sur-Marne (démonstration)",
                ],
                "description": ("Les deux intercommunalités confient l'entretien des berges au chantier d'insertion."),
                "since": date(2013, 9, 2),
            },
        ],
        "events": [
            {
                "kind": "territory_meeting",
                "title": "Rencontre territoriale de lancement",
                "date": date(2012, 5, 10),
                "participants": 38,
                "partners": [
                    "Sud de l'Aisne Initiatives (démonstration)",
                    CRESS,
                    "Communauté d'agglomération de la Région de Château-Thierry (démonstration)",
                    "Communauté de communes du Canton de Charly-sur-Marne (démonstration)",
                ],
                "ideas_produced": 0,
                "needs": [],
                "summary": "Lancement de la Fabrique à initiatives avec les élus des deux intercommunalités.",
            },
            {
                "kind": "creativity_session",
                "title": "Séance de créativité « Transformer les produits du Sud de l'Aisne »",
                "date": date(2013, 5, 23),
                "participants": 16,
                "partners": [
                    "Sud de l'Aisne Initiatives (démonstration)",
                    "Champagne Insertion (démonstration)",
                    FUNDER,
                ],
                "ideas_produced": 7,
                "needs": [
                    "Valorisation des fruits et légumes déclassés",
                    "Accès des jeunes aux stages et apprentissages sans véhicule",
                ],
                "summary": "Sept idées ; la conserverie solidaire est retenue pour une étude d'opportunité.",
            },
        ],
    },
    {
        "name": "Nogent-sur-Oise",
        "perimeter": ["60463"],
        "authority": {
            "name": "Ville de Nogent-sur-Oise (démonstration)",
            "kind": "local_authority",
            "legal_category": "7210",
            "town": "60463",
            "description": "Collectivité motrice du territoire pilote de Nogent-sur-Oise.",
            "official_siren": "60463",
        },
        "referent": "Nogent-sur-Oise Développement solidaire (démonstration)",
        "referent_town": "60463",
        "dates": (date(2011, 12, 14), date(2012, 2, 10), date(2012, 6, 4), date(2012, 11, 22)),
        "description": (
            "Le seul territoire pilote à l'échelle d'une ville : la démarche s'appuie sur les centres sociaux et les "
            "habitants des quartiers."
        ),
        "readiness": [
            (1, 3, "Le maire porte personnellement la démarche ; délibération du conseil municipal."),
            (2, 1, "Opportunités encore peu liées à des filières identifiées."),
            (3, 2, "Centres sociaux et entreprise d'insertion très présents."),
            (4, 2, "Politique de la ville : financements mobilisables pour l'innovation sociale."),
            (5, 2, "Nogent-sur-Oise Développement solidaire désigné acteur référent."),
        ],
        "readiness_followup": [
            (2, 2, "Deux filières retenues : services aux familles et réemploi."),
        ],
        "actors": [
            {
                "name": "Centre social et culturel de Nogent (démonstration)",
                "kind": "association",
                "legal_category": "9220",
                "town": "60463",
                "description": "Accueil des familles, ateliers et permanences.",
            },
            {
                "name": "Oise Services Insertion (démonstration)",
                "kind": "ess_enterprise",
                "legal_category": "5710",
                "town": "60463",
                "description": "Entreprise d'insertion : services aux particuliers et petits travaux.",
                "esus_end_date": date(2027, 12, 31),
            },
        ],
        "needs": [
            {
                "title": "Conciergerie de quartier pour les familles monoparentales",
                "sector": "economie-residentielle",
                "description": (
                    "Les parents seuls qui travaillent manquent de temps pour les démarches, les courses et les "
                    "petites réparations."
                ),
                "source": "diagnosis",
                "priority": 1,
                "status": "qualified",
                "identified_on": date(2012, 9, 6),
                "population_concerned": "Familles monoparentales",
                "qualified_on": date(2013, 1, 30),
            },
            {
                "title": "Apprentissage du vélo pour les adultes",
                "sector": "mobilite",
                "description": (
                    "De nombreuses femmes des quartiers n'ont jamais appris à faire du vélo, ce qui limite leurs "
                    "déplacements vers l'emploi."
                ),
                "source": "creativity_session",
                "priority": 2,
                "status": "identified",
                "identified_on": date(2013, 1, 24),
                "population_concerned": "Adultes des quartiers, surtout des femmes",
            },
            {
                "title": "Réparation des appareils électroménagers",
                "sector": "environnement",
                "description": "Les appareils en panne sont jetés faute de réparateur abordable à proximité.",
                "source": "actors_feedback",
                "priority": 2,
                "status": "identified",
                "identified_on": date(2013, 3, 19),
            },
            {
                "title": "Cuisine partagée pour les habitants",
                "sector": "alimentation-circuits-courts",
                "description": (
                    "Un lieu où cuisiner ensemble, apprendre à préparer des produits frais et partager les repas entre "
                    "voisins."
                ),
                "source": "call_for_ideas",
                "priority": 3,
                "status": "identified",
                "identified_on": date(2013, 6, 12),
                "submitter": {
                    "name": "Association de locataires (démonstration)",
                    "email": "locataires.nogent@example.org",
                    "consents_to_contact": True,
                },
            },
        ],
        "opportunities": [
            {
                "title": "Repair café professionnel et atelier de réemploi",
                "sector": "environnement",
                "description": ("Un atelier de réparation d'électroménager employant des techniciens en insertion."),
                "needs": [
                    "Réparation des appareils électroménagers",
                ],
                "estimated_jobs": "2.5",
                "status": "qualified",
            },
            {
                "title": "Conciergerie solidaire",
                "sector": "economie-residentielle",
                "description": (
                    "Une conciergerie de quartier portée par l'entreprise d'insertion et le centre social."
                ),
                "needs": [
                    "Conciergerie de quartier pour les familles monoparentales",
                ],
                "estimated_jobs": "3.5",
                "status": "in_project",
            },
        ],
        "cooperations": [
            {
                "title": "Conciergerie solidaire du quartier",
                "actors": [
                    "Centre social et culturel de Nogent (démonstration)",
                    "Oise Services Insertion (démonstration)",
                    "Ville de Nogent-sur-Oise (démonstration)",
                ],
                "description": (
                    "Le centre social accueille la conciergerie ; l'entreprise d'insertion assure les services."
                ),
                "since": date(2014, 2, 3),
            },
        ],
        "events": [
            {
                "kind": "creativity_session",
                "title": "Séance de créativité avec les habitants des quartiers",
                "date": date(2013, 1, 24),
                "participants": 27,
                "partners": [
                    "Nogent-sur-Oise Développement solidaire (démonstration)",
                    "Centre social et culturel de Nogent (démonstration)",
                ],
                "ideas_produced": 11,
                "needs": [
                    "Apprentissage du vélo pour les adultes",
                    "Conciergerie de quartier pour les familles monoparentales",
                ],
                "summary": "Onze idées ; les habitants ont classé la conciergerie en tête.",
            },
            {
                "kind": "call_for_ideas",
                "title": "Appel à idées « Nogent solidaire »",
                "date": date(2013, 6, 3),
                "participants": 18,
                "partners": [
                    "Nogent-sur-Oise Développement solidaire (démonstration)",
                    "Ville de Nogent-sur-Oise (démonstration)",
                ],
                "ideas_produced": 21,
                "needs": [
                    "Cuisine partagée pour les habitants",
                ],
                "summary": "Vingt et une idées déposées en ligne et lors de la fête de quartier.",
            },
        ],
    },
]

# The organisations the demonstration accounts belong to, with their kind: the CRESS, a funder, and the
# referent organisation of each pilot.
PILOT_REFERENTS = [pilot["referent"] for pilot in PILOTS]
ORGANISATIONS = {CRESS: "institution", FUNDER: "funder"} | {name: "referent" for name in PILOT_REFERENTS}
