# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The texts of the demo commons (``demo.py``): its first guides, the topics partners write about, the
lines of their feedback. Fictional, in French like the commons; each line a resource holds is its own,
so that the copy rules (ATT011, ATT018) see what they would see in a real commons: no copy.

Placeholders: ``{city}``, ``{org}``, ``{n}``, ``{n2}``, ``{month}``, ``{title}``, ``{file}``.
"""

from __future__ import annotations

from typing import Any

PHASES = ("montage", "financement", "sourcing", "formation", "placement")

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")

# partner id -> (name, kind, territory, city as written in a sentence)
PARTNERS: dict[str, tuple[str, str, str, str]] = {
    "simplon": ("Simplon.co", "ess-company", "Montreuil", "Montreuil"),
    "e2c-lille": ("École de la 2e chance de Lille (fictive)", "ecole-2e-chance", "Lille", "Lille"),
    "ml-marseille": ("Mission locale de Marseille (fictive)", "mission-locale", "Marseille", "Marseille"),
    "greta-lyon": ("Greta de Lyon (fictif)", "greta", "Lyon", "Lyon"),
    "asso-kerlab": ("Association Kerlab (fictive)", "association", "Rennes", "Rennes"),
    "atelier-sud": ("Atelier Sud, entreprise d'insertion (fictive)", "inclusion-employer", "Nîmes", "Nîmes"),
}

# the first guide of each phase, written by the steward; each holds typos that partners fix later
GUIDES: dict[str, dict[str, Any]] = {
    "montage": {
        "title": "Monter une formation aux métiers du numérique",
        "description": "Les étapes pour ouvrir une promotion de 24 apprenant·es sur un territoire, du premier "
                       "diagnostic à la rentrée, et les pièges qui retardent l'ouverture.",
        "audience": ["porteur-de-projet", "direction"],
        "keywords": ["montage", "diagnostic territorial", "comité de pilotage", "calendrier"],
        "time_required": "PT2H",
        "body": [
            "Ce guide décrit les étapes pour ouvrir une promotion de 24 apprenant·es sur un territoire, du "
            "premier diagnotic à l'entrée en formation.",
            "",
            "## Les étapes",
            "",
            "1. **Faire le diagnostic territorial.** Rencontrer les employeurs du bassin d'emploi et recenser "
            "les métiers en tension, en six semaines environ.",
            "2. **Réunir un comité de pilotage.** La structure porteuse, deux ou trois acteurs de l'emploi et "
            "une entreprise se retrouvent une fois par mois pendant le montage.",
            "3. **Trouver les locaux.** Une salle de 30 places, accesible en transports et en fauteuil, avec une "
            "connexion fiable et un coin pour déjeuner.",
            "4. **Recruter l'équipe.** Un·e formateur·rice principal·e et un·e chargé·e d'insertion, engagé·es "
            "trois mois avant l'ouverture pour préparer le parcours avec les partenaires.",
            "5. **Fixer le calendrier.** Compter neuf mois entre la décision d'ouvrir et l'entrée des premières "
            "personnes : c'est le délai d'instruction habituel des financements publics.",
            "",
            "## Les pièges",
            "",
            "- Sous-estimer le temps de conventionement avec les financeurs et les prescripteurs.",
            "- Ouvrir sans l'engagement écrit d'au moins cinq entreprises d'acceuil pour les stages.",
            "- Oublier le matériel des apprenant·es qui n'ont pas d'ordinateur personel à la maison.",
        ],
        "typos": [("diagnotic", "diagnostic"), ("accesible", "accessible"), ("conventionement", "conventionnement"),
                  ("acceuil", "accueil"), ("personel", "personnel")],
        "en": {
            "title": "Setting up a digital skills training programme",
            "description": "The steps to open a cohort of 24 learners in a territory, from the first diagnosis "
                           "to the first day, and the traps that delay the opening.",
            "body": [
                "This guide lists the steps to open a cohort of 24 learners in a territory.",
                "",
                "## Steps",
                "",
                "1. **Map the local job market.** Meet the employers and list the jobs they struggle to fill.",
                "2. **Gather a steering committee.** The host organisation, two or three employment agencies "
                "and one employer meet once a month.",
                "3. **Find the premises.** A room for 30 people, reachable by public transport and wheelchair.",
                "4. **Hire the team.** A lead trainer and an employment adviser, three months before opening.",
                "5. **Set the calendar.** Allow nine months between the decision and the first learners.",
            ],
        },
    },
    "financement": {
        "title": "Financer une promotion",
        "description": "Qui finance une formation gratuite pour les apprenant·es, dans quel ordre solliciter "
                       "les financeurs et comment présenter un budget qu'ils comprennent.",
        "audience": ["porteur-de-projet", "direction", "financeur"],
        "keywords": ["financement", "subvention", "budget", "plan de financement"],
        "time_required": "PT3H",
        "body": [
            "Une promotion de 24 personnes sur sept mois coûte de l'ordre de 130 000 à 150 000 euros. Aucun "
            "financeur ne paie tout : le plan de financement assemble trois à cinq sources.",
            "",
            "## Les sources habituelles",
            "",
            "| Source | Part indicative | Délai de réponse |",
            "|---|---:|---|",
            "| Région (programme de formation) | 40 à 60 % | quatre à six mois |",
            "| France Travail et OPCO | 10 à 30 % | deux à trois mois |",
            "| Fondations d'entreprise | 10 à 20 % | trois mois |",
            "| Fonds européens | 10 à 30 % | six mois et plus |",
            "",
            "## Dans quel ordre",
            "",
            "1. Présenter le projet à la Région avant même d'avoir un budget définitf : elle oriente vers le bon "
            "dispositif.",
            "2. Déposer les demandes aux fondations en parallèle, avec le même dossier adapté à leur calendier.",
            "3. Garder une trésorerie de trois mois : les versements arrivent souvent après le démarage.",
            "",
            "## Présenter le budget",
            "",
            "Un financeur lit d'abord le coût par apprenant·e et les hypothèses. Donnez le détail des postes et "
            "justifiez chaque montant par une quantité et un coût unitaire ; évitez les lignes « divers ».",
            "Joignez toujours un plan de financement équillibré : le total des ressources égale le total des "
            "charges.",
        ],
        "typos": [("définitf", "définitif"), ("calendier", "calendrier"), ("démarage", "démarrage"),
                  ("équillibré", "équilibré")],
        "en": {
            "title": "Funding a cohort",
            "description": "Who funds a training that is free for learners, in which order to ask the "
                           "funders, and how to present a budget they understand.",
            "body": [
                "A cohort of 24 people over seven months costs about 130,000 to 150,000 euros; no single "
                "funder pays for everything.",
                "",
                "## Usual sources",
                "",
                "- The Region (regional training programme): 40 to 60 %.",
                "- The public employment service and skills operators: 10 to 30 %.",
                "- Corporate foundations: 10 to 20 %.",
                "",
                "## Presenting the budget",
                "",
                "Funders read the cost per learner and the assumptions first: justify every line.",
            ],
        },
    },
    "sourcing": {
        "title": "Recruter sans filtre de diplôme",
        "description": "Faire connaître la formation aux personnes qu'elle vise et choisir sur la motivation "
                       "plutôt que sur le CV : informations collectives, ateliers, entretiens.",
        "audience": ["charge-de-sourcing", "partenaire"],
        "keywords": ["sourcing", "recrutement", "inclusion", "information collective"],
        "time_required": "PT2H30M",
        "body": [
            "Le sourcing commence deux mois avant l'entrée en formation. Il vise les personnes éloignées de "
            "l'emploi, qui ne lisent pas les offres de formation : il passe donc par celles et ceux qui les "
            "accompagnent déjà.",
            "",
            "## Les canaux",
            "",
            "- Les prescripteurs : missions locales, France Travail, structures d'insertion, associations de "
            "quartier.",
            "- Les anciens apprenant·es, qui parlent de la formation autour d'eux mieux que nous.",
            "- Les réseaux sociaux locaux, avec un message court et un numéro de télephone.",
            "",
            "## Le parcours de sélection",
            "",
            "1. Une information collective de deux heures pour présenter le métier et le rythme.",
            "2. Un atelier de découverte d'une demi-journée, où l'on observe la curiosité et l'entraide.",
            "3. Un entretien individuel de trente minutes sur le projet et les contraintes de la personne "
            "(garde d'enfants, transport, resources).",
            "",
            "## Ce qu'on ne demande pas",
            "",
            "Ni diplôme, ni CV, ni test de logique chronométré : ces filtres écartent les personnes que la "
            "formation veut acceuillir. On vérifie seulement la disponiblité sur sept mois.",
        ],
        "typos": [("télephone", "téléphone"), ("resources", "ressources"), ("acceuillir", "accueillir"),
                  ("disponiblité", "disponibilité")],
        "en": {
            "title": "Recruiting without a diploma filter",
            "description": "Reaching the people the training is for and choosing on motivation rather than "
                           "on a CV: information sessions, workshops, interviews.",
            "body": [
                "Recruitment starts two months before the training and goes through the people who already "
                "support job seekers.",
                "",
                "## Selection",
                "",
                "1. A two-hour information session about the job and the pace of the training.",
                "2. A half-day discovery workshop, where curiosity and mutual help are observed.",
                "3. A thirty-minute interview about the person's plans and constraints.",
                "",
                "No diploma, no CV and no timed logic test are asked for.",
            ],
        },
    },
    "formation": {
        "title": "Animer sept mois de formation par projets",
        "description": "Le rythme d'une promotion, la place des projets, l'évaluation par compétences et "
                       "l'accompagnement des apprenant·es pendant les sept mois.",
        "audience": ["formateur", "charge-insertion"],
        "keywords": ["pédagogie active", "projets", "évaluation par compétences", "accompagnement"],
        "time_required": "PT3H",
        "body": [
            "La formation dure sept mois : cinq mois en centre, deux mois en entreprise. Les apprenant·es "
            "apprennent en réalisant des projets en équipe, pas en écoutant des cours magistraux.",
            "",
            "## Le rythme d'une semaine",
            "",
            "- Lundi matin : lancement du projet de la semaine et répartition des rôles.",
            "- Du lundi après-midi au jeudi : travail en équipe, points d'étape quotidiens de quinze minutes.",
            "- Vendredi : démonstration devant la promotion, rétrospective et veille technique.",
            "",
            "## L'évaluation",
            "",
            "Chaque compétence du référentiel est évaluée sur des réalisations concrètes, à trois niveaux : "
            "imiter, adapter, transposer. Les apprenant·es tiennent leur propre portefolio de preuves.",
            "",
            "## L'accompagnement",
            "",
            "Un·e chargé·e d'insertion rencontre chaque personne toutes les deux semaines. Les difficultés de "
            "logement, de transport ou de santé se traitent tôt, avant qu'elles ne provoquent un abandon : "
            "c'est la première cause d'absentéisme que nous obervons.",
            "Les formateur·rices notent chaque semaine les signaux faibles (retards, isolement, baisse "
            "d'énergie) dans un tableau partagé, consulté lors d'un point d'équipe hebdomadaire de trente "
            "minutes. Le taux d'abandon visé reste sous 15 % de la promotion, soit moins de quatre personnes "
            "sur vingt-quatre ; au-delà, l'équipe revoit son organisaton.",
        ],
        "typos": [("obervons", "observons"), ("organisaton", "organisation")],
        "en": {
            "title": "Running seven months of project-based training",
            "description": "The pace of a cohort, the place of projects, competency-based assessment and "
                           "the support learners get during the seven months.",
            "body": [
                "The training lasts seven months: five in the centre and two in a company.",
                "",
                "## A week",
                "",
                "- Monday: the week's project starts and roles are shared out.",
                "- Monday to Thursday: team work with a fifteen-minute daily check-in.",
                "- Friday: demonstration, retrospective and technology watch.",
                "",
                "## Support",
                "",
                "An employment adviser meets each learner every two weeks.",
            ],
        },
    },
    "placement": {
        "title": "Accompagner vers l'emploi",
        "description": "Préparer la période en entreprise, suivre les stages et accompagner chaque personne "
                       "jusqu'à un emploi ou une poursuite de formation, six mois après la sortie.",
        "audience": ["charge-insertion", "charge-relations-entreprises"],
        "keywords": ["placement", "stage", "relations entreprises", "insertion professionnelle"],
        "time_required": "PT2H",
        "body": [
            "Le placement se prépare dès le premier mois : les entreprises qui accueillent des stagiaires "
            "sont souvent celles qui recrutent ensuite.",
            "",
            "## Avant la période en entreprise",
            "",
            "1. Constituer un vivier de quarante entreprises pour vingt-quatre stages, en comptant les refus.",
            "2. Organiser une rencontre entre apprenant·es et employeurs au troisième mois de formation.",
            "3. Préparer avec chaque personne un CV orienté vers les projets réalisés, et non vers son parcour "
            "scolaire.",
            "",
            "## Pendant le stage",
            "",
            "Un appel au tuteur ou à la tutrice la première semaine, une visite au milieu du stage, un bilan à "
            "trois à la fin. Les difficultés se règlent mieux quand elles sont signalées tôt.",
            "",
            "## Après la formation",
            "",
            "Le suivi dure six mois : un contact par mois, une aide à la candidature, la mise en relation avec "
            "le réseau des anciens. Les résultats sont mesurés à trois et six mois, sur l'ensemble de la "
            "promotion, abandons compris, pour que les chiffres soient honêtes.",
        ],
        "typos": [("parcour", "parcours"), ("honêtes", "honnêtes")],
        "en": {
            "title": "Supporting learners into jobs",
            "description": "Preparing the work placement, following internships and supporting each person "
                           "into a job or further training, six months after the course.",
            "body": [
                "Job placement is prepared from the first month: the companies that host interns often "
                "hire afterwards.",
                "",
                "## Before the placement",
                "",
                "1. Build a pool of forty companies for twenty-four internships.",
                "2. Hold a meeting between learners and employers in the third month.",
                "",
                "## After the training",
                "",
                "Follow-up lasts six months, with results measured for the whole cohort.",
            ],
        },
    },
}

CHARTER: dict[str, Any] = {
    "id": "communaute/charte-de-reciprocite",
    "title": "Charte de réciprocité des partenaires",
    "description": "Ce qu'une structure partenaire du commun s'engage à faire, ce que la structure qui "
                   "l'anime s'engage à faire en retour, et comment un partenariat peut être suspendu.",
    "audience": ["partenaire", "direction"],
    "keywords": ["charte", "réciprocité", "partenariat", "communs"],
    "body": [
        "Le commun vit si celles et ceux qui utilisent ses ressources les améliorent et partagent ce qu'ils "
        "apprennent. Cette charte fixe les engagements réciproques des partenaires.",
        "",
        "## Engagements de la structure partenaire",
        "",
        "- Contribuer au moins une fois par an : une ressource nouvelle, une amélioration, une traduction, "
        "un retour d'expérience.",
        "- Citer le commun et ses auteur·rices quand elle réutilise une ressource, comme le demande la licence "
        "CC BY-SA 4.0.",
        "- Proposer la formation gratuitement aux personnes éloignées de l'emploi.",
        "",
        "## En retour",
        "",
        "- L'accès aux ressources réservées aux partenaires et l'inscription dans la liste publique.",
        "- Un accompagnement au montage de la première promotion.",
        "",
        "## Suivi et suspension",
        "",
        "Un audit de réciprocité est publié chaque trimestre. Un partenaire sans contribution depuis douze "
        "mois est dit en sommeil ; il est contacté avant toute suspension.",
    ],
}

# topics of the resources partners add, by phase: (slug, title, type)
TOPICS: dict[str, list[tuple[str, str, str]]] = {
    "montage": [
        ("comite-de-pilotage", "Réunir le comité de pilotage", "guide"),
        ("lettre-d-engagement-employeurs", "Obtenir l'engagement écrit des employeurs", "guide"),
        ("choisir-les-locaux", "Choisir et équiper les locaux", "checklist"),
        ("gouvernance-partagee", "Partager la gouvernance avec les partenaires locaux", "guide"),
        ("ouvrir-une-deuxieme-promotion", "Ouvrir une deuxième promotion", "guide"),
        ("reunion-de-lancement", "Préparer la réunion de lancement", "checklist"),
    ],
    "financement": [
        ("dossier-fondation", "Rédiger un dossier pour une fondation d'entreprise", "guide"),
        ("tresorerie", "Tenir la trésorerie entre deux versements", "guide"),
        ("bilan-financier", "Présenter le bilan financier aux financeurs", "checklist"),
        ("fonds-europeens", "Mobiliser les fonds européens", "guide"),
        ("cout-par-apprenant", "Calculer le coût par apprenant·e", "guide"),
        ("mecenat-de-competences", "Accueillir du mécénat de compétences", "guide"),
    ],
    "sourcing": [
        ("atelier-decouverte", "Animer un atelier de découverte", "guide"),
        ("prescripteurs", "Travailler avec les prescripteurs", "guide"),
        ("entretien-individuel", "Conduire l'entretien individuel", "checklist"),
        ("reseaux-sociaux", "Recruter par les réseaux sociaux locaux", "guide"),
        ("quartiers-prioritaires", "Aller vers les quartiers prioritaires", "guide"),
        ("mixite", "Recruter plus de femmes dans la promotion", "guide"),
    ],
    "formation": [
        ("projet-fil-rouge", "Conduire un projet fil rouge", "guide"),
        ("retrospective", "Animer la rétrospective du vendredi", "checklist"),
        ("portefolio", "Tenir le portefolio de compétences", "guide"),
        ("prevenir-les-abandons", "Prévenir les abandons", "guide"),
        ("intervenants-professionnels", "Faire venir des intervenant·es professionnel·les", "guide"),
        ("jury-du-titre", "Préparer le jury du titre professionnel", "checklist"),
    ],
    "placement": [
        ("job-dating", "Organiser un job dating", "guide"),
        ("suivi-de-stage", "Suivre un stage en entreprise", "checklist"),
        ("reseau-des-anciens", "Animer le réseau des anciens", "guide"),
        ("mesurer-les-sorties", "Mesurer les sorties à six mois", "guide"),
        ("entreprises-inclusives", "Convaincre une entreprise de recruter autrement", "guide"),
        ("premier-emploi", "Accompagner les trois premiers mois en emploi", "guide"),
    ],
}

# the lines of a new resource; each holds its title or its topic, so no two resources share one
TOPIC_BODY = (
    "Cette fiche rassemble ce que {org} a appris à {city} depuis {month} avec la démarche « {title} ».",
    "",
    "## Pourquoi",
    "",
    "Sans méthode écrite, la démarche « {title} » dépend de la bonne volonté de chacun·e ; décrite pas à pas, "
    "elle a réuni {n} personnes dès la première fois à {city}.",
    "",
    "## Étapes",
    "",
    "1. Désigner une personne responsable de la démarche « {title} » et lui réserver {n2} demi-journées par mois.",
    "2. Écrire en une page ce que la démarche « {title} » doit produire, pour qui et à quelle date.",
    "3. Essayer « {title} » avec un petit groupe, puis corriger avant de généraliser.",
    "4. Partager le compte rendu de « {title} » avec les partenaires du territoire de {city}.",
    "",
    "## Pièges",
    "",
    "- Lancer « {title} » sans prévenir les prescripteurs ni les entreprises concernées.",
    "- Juger « {title} » au nombre de réunions plutôt qu'au nombre de personnes réellement aidées.",
)

# the lines of a new document template and its CSV attachment, by phase: (slug, title, header, row)
TEMPLATES: dict[str, tuple[str, str, str, str]] = {
    "montage": ("retroplanning", "Rétroplanning d'ouverture", "Étape;Responsable;Échéance (semaines avant)",
                "Étape {i};{role};{weeks}"),
    "financement": ("plan-de-financement", "Plan de financement", "Financeur;Montant (€);Statut",
                    "Financeur {i};{amount};{status}"),
    "sourcing": ("suivi-des-candidatures", "Suivi des candidatures", "Candidature;Prescripteur;Étape",
                 "Candidature {i};{role};{status}"),
    "formation": ("grille-d-evaluation", "Grille d'évaluation par compétences", "Compétence;Niveau attendu;Observé",
                  "Compétence {i};{level};"),
    "placement": ("suivi-des-stages", "Suivi des stages", "Entreprise;Tuteur ou tutrice;Semaines",
                  "Entreprise {i};{role};{weeks}"),
}

TEMPLATE_BODY = (
    "Le fichier joint `{file}` est le modèle « {title} » que {org} utilise à {city} depuis {month}.",
    "",
    "## Utiliser le modèle",
    "",
    "Ouvrez `{file}` dans un tableur, gardez la première ligne (les colonnes) et remplacez les {n} lignes "
    "d'exemple par les vôtres.",
    "",
    "## L'adapter",
    "",
    "Ajoutez une colonne à « {title} » quand votre financeur ou votre équipe de {city} en demande une ; "
    "gardez les noms des colonnes existantes pour pouvoir comparer d'une promotion à l'autre.",
)

# the feedback a partner adds to a guide: one section, three of these lines
FEEDBACK: dict[str, tuple[str, ...]] = {
    "montage": (
        "À {city}, le diagnostic mené en {month} a réuni {n} employeurs, dont un tiers prêts à accueillir un stage.",
        "Le comité de pilotage de {city} se réunit désormais tous les {n2} mois au lieu de chaque mois depuis {month}.",
        "Pour {city}, la recherche de locaux a pris {n2} mois de plus que prévu ; commencez-la dès {month}.",
        "Notre équipe de {city} a recruté {n2} formateur·rices en {month}, après {n} candidatures reçues.",
        "Depuis {month}, {org} invite {n2} entreprises de {city} à chaque comité de pilotage.",
    ),
    "financement": (
        "À {city}, la Région a répondu en {n2} mois à notre demande de {month} ; prévoyez ce délai.",
        "Notre dossier déposé en {month} auprès de {n2} fondations de {city} a obtenu {n} % du budget.",
        "{org} garde une trésorerie de {n2} mois depuis un versement arrivé en retard en {month}.",
        "À {city}, le coût par apprenant·e a augmenté de {n2} % en {month}, surtout à cause des loyers.",
        "En {month}, {org} a présenté son budget à {n2} financeurs de {city} réunis le même jour.",
    ),
    "sourcing": (
        "À {city}, l'information collective de {month} a accueilli {n} personnes, dont {n2} orientées par un "
        "prescripteur.",
        "Depuis {month}, {org} rappelle chaque personne inscrite la veille : {n} présences de plus à {city}.",
        "Nos ateliers de découverte de {month} à {city} duraient {n2} heures ; trois suffisent.",
        "À {city}, {n2} anciennes apprenantes témoignent à chaque session depuis {month}, avec {n} candidates de plus.",
        "En {month}, {org} a tenu une permanence dans {n2} centres sociaux de {city}.",
    ),
    "formation": (
        "À {city}, la promotion de {month} a mené {n2} projets en équipe, présentés à {n} visiteurs.",
        "Depuis {month}, {org} fait tourner les rôles de chaque équipe toutes les {n2} semaines à {city}.",
        "Les points d'étape de {city} durent {n2} minutes de moins depuis {month}, sans perte d'information.",
        "En {month}, {n} apprenant·es de {city} ont présenté leur portefolio à un jury blanc.",
        "À {city}, {org} a réduit les abandons à {n2} personnes sur la promotion ouverte en {month}.",
    ),
    "placement": (
        "À {city}, le job dating de {month} a réuni {n} entreprises et débouché sur {n2} embauches.",
        "Depuis {month}, {org} appelle chaque tuteur·rice de {city} dès le {n2}e jour du stage.",
        "À six mois, {n} % de la promotion sortie en {month} à {city} était en emploi ou en formation.",
        "En {month}, {n2} anciens de {city} ont parrainé un·e apprenant·e pendant sa recherche d'emploi.",
        "{org} a ajouté {n2} entreprises de {city} à son vivier de stages en {month}.",
    ),
}
