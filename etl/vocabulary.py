"""Every controlled vocabulary of the project, declared once as data.

* ``MEASURES``: the twelve measures of the atlas's 2022 summary tables (plus ``other``),
  with their French label and description, the header the summary tables print
  (misspellings included), and the patterns that label the département pages' bullets.
* ``NEGATIONS`` / ``CARRY_OVER``: bullets that deny a measure, or carry the 2019 ones over.
* ``STATUSES``, ``DISCIPLINES``: the codes used in the tables, with their French labels.

Patterns are regular expressions searched in the *match key* of a bullet
(lower case, accents removed, see ``atlas_text.match_key``). Keeping them here, side by
side, is what lets a reader audit why a bullet got a label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.atlas_text import match_key, name_key

# Words that make a bullet about students rather than about settled doctors.
_STUDENTS = r"(internes?|etudiants?|externes?|stagiaires?|neo-internes?)"
# "bourse ..." not followed, in the same clause, by "stage": a stage grant is aide_financiere_internes_stage.
_NO_STAGE_AHEAD = r"(?![^.;]{0,80}\bstages?\b)"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    description: str
    order: int
    table_headers: tuple[str, ...] = ()  # as printed in the summary tables (None for `other`)
    patterns: tuple[str, ...] = ()
    yields_to: tuple[str, ...] = ()  # keys that, when they match too, take this bullet alone
    compiled: tuple[re.Pattern, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", tuple(re.compile(p) for p in self.patterns))


MEASURES: tuple[Measure, ...] = (
    Measure(
        "aide_financiere_internes_stage",
        "Aide financière aux internes en stage",
        "Indemnité, prime ou bourse versée aux internes (ou externes) pendant un stage dans le département, "
        "y compris l'aide aux déplacements et à la mobilité.",
        1,
        ("AIDE FINANCIERE AUX INTERNES EN STAGE",),
        (
            rf"\b(aides?|primes?|indemnit\w*|allocations?|bourses?|soutien financier)\b[^.;]{{0,80}}\b{_STUDENTS}[^.;]{{0,80}}\bstages?\b",
            r"\b(aides?|primes?|allocations?|bourses?|indemnit\w*)\b (de |aux |pour (un |les )?)(stages?|deplacement pour un stage)",
            rf"\bdeplacements?\b[^.;]{{0,80}}\b({_STUDENTS[1:-1]}|stages?)\b",
            rf"\b{_STUDENTS}[^.;]{{0,60}}\bdeplacements?\b",
            r"\baides? (aux stagiaires|a la mobilite)|\baides? (financieres? )?aux (externes|internes)\b",
            rf"\b(bourses?|aides?|primes?|indemnit\w*|allocations?)\b[^.;]{{0,60}}\bstages?\b[^.;]{{0,60}}\b{_STUDENTS}",
            r"\ballocations? de (deplacement|stage)",
            r"\baide forfaitaire de \d+ ?€ pour faciliter l'acces aux stages",
        ),
    ),
    Measure(
        "accueil_internes_stage",
        "Accueil des internes en stage",
        "Journées, soirées, week-ends ou kits de bienvenue organisés pour les internes en stage.",
        2,
        ("ACCUEIL DES INTERNES EN STAGE",),
        yields_to=("accueil_internes_pmi",),
        patterns=(
            rf"\baccueil\w*( \w+)? (des|d'|les|aux) ?(jeunes )?{_STUDENTS}",
            rf"\b(soirees?|rencontres?|reunions?|animations?|evenements?|journee)\b[^.;]{{0,60}}\b{_STUDENTS}",
            rf"\b{_STUDENTS}[^.;]{{0,40}}\b(soirees?|week-?ends?)\b",
            r"\b(welcome (box|pack)|box de bienvenue|journee d'accueil|soirees? d'accueil)\b",
            r"\bfacilitant la venue des internes\b",
        ),
    ),
    Measure(
        "accompagnement_installation",
        "Accompagnement personnalisé à l'installation",
        "Guichet unique, interlocuteur ou chargé de mission dédié, conciergerie : un accompagnement humain "
        "du projet d'installation (et souvent de la famille).",
        3,
        ("ACCOMPAGNEMENT PERSONNALISE A L'INSTALLATION",),
        (
            r"\baccompagn\w*\b[^.;]{0,50}\b(installation|installer|personnalis\w*|projets?|professionnels? de sante|medecins|familles?|sur mesure)\b",
            r"\b(guichet|interlocuteur|accueil) (d'information |d'accueil |d'aide |unique)",
            r"\bguichet\b",
            r"\binterlocuteur (unique|dedie)|\breferent\b|\bnumero unique\b|\bconciergerie\b|\bpersonne dediee\b",
            r"\b(charge de mission|chef de projet|coordonnateur)\b",
            r"\bcellule (oise sante|d'installation)\b|\bmission « ?accueil\b|\bparcours attentionnes?\b",
            r"\binstall'box\b|\bfiches d'opportunites d'installation\b",
        ),
    ),
    Measure(
        "aide_financiere_installation",
        "Aide financière à l'installation",
        "Subvention, prime, prêt ou aide à l'équipement versés au médecin qui s'installe (ou crée un cabinet secondaire).",
        4,
        ("AIDE FINANCIERE A L'INSTALLATION",),
        (
            r"\b(aides?|primes?|subventions?|bourses?|soutien)\b[^.;]{0,40}\b(a|pour|de|d') ?l'installation\b",
            r"\b(aides?|primes?|bourses?)\b[^.;]{0,30}\bprimo-? ?installation",
            r"\b(premiere|primo-?) ?installation\b",
            r"\b(aides?|subventions?)\b[^.;]{0,40}\b(equipements?|materiel|foncier)\b[^.;]{0,40}\binstall",
            r"\baides? a l'(equipement|achat de materiel)|\bachat de materiel\b|\bsubventions? pour le materiel\b",
            r"\bpret (d'honneur|a taux zero)\b|\brachat de cabinets?\b|\bcabinet secondaire\b",
            r"\bprime pour l'exercice\b|\baides? financieres? pour l'installation\b|\bbourses? d'installation\b",
        ),
    ),
    Measure(
        "bourse_etude_contre_installation",
        "Bourse d'étude contre installation",
        "Bourse versée pendant les études (externat, internat) contre l'engagement de s'installer ensuite dans le département.",
        5,
        ("BOURSE D'ETUDE CONTRE INSTALLATION",),
        (
            rf"\bbourses?\b{_NO_STAGE_AHEAD}(?! (d'aide a l'|d'|pour inciter a la primo-?)installation)",
            r"\b(aides? (financieres? )?aux etudes|indemnite d'etude|wanted|bourse enseignement)",
            r"\bpret a taux zero pour futurs medecins\b",
        ),
    ),
    Measure(
        "soutien_msp",
        "Soutien aux maisons de santé (MSP)",
        "Aide à la création, à l'investissement ou à l'ingénierie des maisons de santé pluriprofessionnelles, "
        "pôles de santé et locaux médicaux partagés.",
        6,
        ("SOUTIEN AUX MSP",),
        (
            r"\bmsp\b|\bpsla\b",
            r"\bmaisons? (de sante|medicales?|pluri\w*)",
            r"\bpoles? (de )?sante\b",
            r"\bexercice (coordonne|regroupe|groupe|partage)\b",
            r"\bstructures? (de sante|a exercice|mutualisees|medicales)\b",
            r"\blocaux (medicaux|professionnels|de sante|publics)\b|\bcabinets? medicaux\b",
            r"\bequipements? (de sante|pluri\w*)\b|\bprojets territoriaux de sante\b|\binvestissements? en sante\b",
        ),
    ),
    Measure(
        "logement_internes",
        "Logement pour les internes",
        "Mise à disposition, financement ou recherche de logements pour les internes et étudiants en stage.",
        7,
        ("LOGEMENT POUR LES INTERNES",),
        (
            r"(?<!pas de )\blogements?\b",
            r"(?<!pas d')\bheberg\w*",
            r"\bmaisons? des internes\b|\binternats? (ruraux|en sante|hospitalier)\b|\bconstruction d'internat\b|\bpavillons?\b",
        ),
    ),
    Measure(
        "formation_msu",
        "Aide à la formation des maîtres de stage (MSU)",
        "Formation, recrutement ou soutien financier des maîtres de stage universitaires et des terrains de stage.",
        8,
        ("AIDE A LA FORMATION DES MSU",),
        (
            r"\bmsu\b",
            r"\bma[iî]tres? de stages?\b|\bmaitrise de stage\b",
            r"\b(developpement|developper) (des |de )?terrains? de stages?\b|\bdeveloppement des stages\b|\bdemandes d'agrement\b",
            r"\badjoint aux? medecins?\b|\bmedecin adjoint\b",
        ),
    ),
    Measure(
        "emploi_conjoint",
        "Aide à l'emploi du conjoint",
        "Aide à la recherche d'emploi du conjoint et accompagnement de la famille du médecin.",
        9,
        ("AIDE A L'EMPLOI DU CONJOINT",),
        (r"\bconjoint",),
    ),
    Measure(
        "developpement_salariat",
        "Développement du salariat",
        "Médecins salariés par le département, centres de santé départementaux ou groupements publics qui les emploient.",
        10,
        ("DEVELOPPEMENT DU SALARIAT",),
        (
            r"\bsalari(at|er|e|es|ales?)\b",
            r"\bcentres? (de sante|territoriaux de sante|departementa\w*)\b",
            r"\bregie directe\b|\bgip sante\b|\bgroupement d'interet public\b",
            r"\brecrutement (des|de) medecins\b|\bmedecins departementaux\b",
        ),
    ),
    Measure(
        "promotion_territoire",
        "Promotion du territoire",
        "Campagnes, salons, congrès, sites et supports de communication, week-ends de découverte du territoire.",
        11,
        ("PROMOTION DU TERRITOIRE",),
        (
            r"\bpromo\w*\b(?! de la (formation|fonction))(?! du dispositif)",
            r"\bcampagnes?\b|\bcommunication\b|\bplaquettes?\b|\bsite (internet|web)\b|\bvideo\b",
            r"\bsalons?\b|\bcongres\b|\bforums?\b|\bweek-?ends?\b|\bambassadeurs?\b",
            r"\bdecouv\w* (du |de la |de l'|le |la |l')?(territoire|departement|region|ville|nievre|aveyron|eure-et-loir)",
            r"\bvaloris\w* (le|du|de la|des) territoire",
        ),
    ),
    Measure(
        "accueil_internes_pmi",
        "Accueil des internes en PMI",
        "Stages d'internes dans les services départementaux de protection maternelle et infantile (PMI).",
        12,
        ("ACCUEIL DES INTERNES EN PMI", "ACCEUIL DES INTERNES EN PMI"),
        (
            rf"\b(pmi|protection maternelle)\b[^.;]{{0,40}}\b({_STUDENTS[1:-1]}|stages?)\b",
            rf"\b({_STUDENTS[1:-1]}|stages?)\b[^.;]{{0,60}}\b(pmi|protection maternelle)\b",
        ),
    ),
    Measure(
        "other",
        "Autre mesure",
        "Action décrite par le département qui ne relève d'aucune des douze mesures de l'atlas "
        "(télémédecine, comités, partenariats, prévention...).",
        13,
    ),
)

# Sub-types of `other`, for the local initiatives the atlas's twelve measures do not describe.
# Declared in the same catalogue (they are published in measure_catalog with parent "other").
OTHER_SUBTYPES: tuple[Measure, ...] = (
    Measure("telemedecine", "Télémédecine", "Téléconsultation, télémédecine assistée ou accompagnée, cabines et équipements.", 14),
    Measure("unite_mobile", "Unité mobile de soins", "Bus ou cabinet médical itinérant qui va vers les communes éloignées de l'offre de soins.", 15),
    Measure("charte_non_concurrence", "Charte de non-concurrence médicale",
            "Engagement des communes d'un territoire à ne pas surenchérir pour attirer les médecins des communes voisines.", 16),
    Measure("plan_partenarial", "Plan ou charte partenariale",
            "Plan d'action signé par plusieurs acteurs (ARS, collectivités, Ordre, Assurance maladie...), souvent doté d'une enveloppe.", 17),
    Measure("rencontres_professionnels", "Rencontres de professionnels de santé",
            "Temps forts réunissant professionnels, étudiants et élus pour échanger et faire connaître le territoire.", 18),
    Measure("coordination_territoriale", "Coordination entre collectivités",
            "Référents, instances ou réflexions communes qui organisent l'accueil des médecins à l'échelle d'un territoire.", 19),
    Measure("aide_maintien_cabinet", "Aide au maintien des cabinets",
            "Aide aux cabinets médicaux confrontés au départ d'un médecin, contre un engagement de maintien d'activité.", 20),
)
SUBTYPE_KEYS: tuple[str, ...] = tuple(m.key for m in OTHER_SUBTYPES)

MEASURE_KEYS: tuple[str, ...] = tuple(m.key for m in MEASURES)
ATLAS_MEASURES: tuple[Measure, ...] = tuple(m for m in MEASURES if m.key != "other")
MEASURE_BY_KEY = {m.key: m for m in MEASURES + OTHER_SUBTYPES}

# Levels of the territories behind local initiatives.
LEVELS: dict[str, str] = {
    "commune": "Commune",
    "epci": "Intercommunalité (EPCI)",
    "departement": "Département",
    "region": "Région",
    "autre": "Autre territoire (territoire de santé, association)",
}

# Levers of the Contrat local de santé action sheet (data/raw/local_sources/fiche_action_cls_...),
# matched by the start of their text, with the atlas measures and local sub-types they put to work.
CLS_LEVERS: tuple[dict, ...] = (
    {"key": "valoriser_territoire", "starts": "Valoriser le territoire", "label": "Valoriser le territoire auprès des (futurs) professionnels",
     "measures": ("promotion_territoire",), "subtypes": ("rencontres_professionnels",)},
    {"key": "accueil_guichet_unique", "starts": "Favoriser l'accueil des professionnels", "label": "Accueillir les nouveaux professionnels, guichet unique santé",
     "measures": ("accompagnement_installation", "accueil_internes_stage"), "subtypes": ()},
    {"key": "locaux_etudiants", "starts": "Prévoir dans la conception des locaux", "label": "Des locaux de santé pensés pour les nouveaux métiers et les étudiants",
     "measures": ("soutien_msp",), "subtypes": ()},
    {"key": "capter_a_l_echelle_du_territoire", "starts": "Agir à l'échelle d'un territoire", "label": "Agir à l'échelle du territoire, mutualiser les recrutements",
     "measures": ("developpement_salariat",), "subtypes": ("coordination_territoriale", "charte_non_concurrence")},
    {"key": "reseaux_visibles", "starts": "Rendre visible les différents réseaux", "label": "Rendre visibles les réseaux de professionnels, lien avec les remplaçants",
     "measures": (), "subtypes": ("rencontres_professionnels",)},
    {"key": "rencontres", "starts": "Favoriser les rencontres entre professionnels", "label": "Favoriser les rencontres entre professionnels de santé",
     "measures": (), "subtypes": ("rencontres_professionnels",)},
    {"key": "interconnaissance", "starts": "Favoriser l'interconnaissance", "label": "Interconnaissance, coordination et mise en réseau",
     "measures": (), "subtypes": ("rencontres_professionnels", "coordination_territoriale")},
    {"key": "pairs_tutorat", "starts": "Faciliter/encourager la création d'espaces", "label": "Espaces d'échanges entre pairs (tutorat, mentorat)",
     "measures": ("formation_msu",), "subtypes": ()},
    {"key": "conditions_exercice", "starts": "Organiser des conditions d'exercice", "label": "Conditions d'exercice : locaux, loyer, matériel",
     "measures": ("soutien_msp", "aide_financiere_installation"), "subtypes": ("aide_maintien_cabinet", "telemedecine")},
    {"key": "logements", "starts": "Travailler sur une offre de logements", "label": "Une offre de logements pour les professionnels et les internes",
     "measures": ("logement_internes",), "subtypes": ()},
    {"key": "information_sante", "starts": "Rendre l'information Santé", "label": "Une information santé accessible (page santé du site de la commune…)",
     "measures": ("promotion_territoire",), "subtypes": ()},
    {"key": "veille_demographie", "starts": "Assurer une veille en matière de démographie", "label": "Veille sur la démographie médicale du territoire",
     "measures": (), "subtypes": ("plan_partenarial",)},
    {"key": "referent", "starts": "Identification d'un référent", "label": "Un référent « professionnels de santé » sur le territoire",
     "measures": ("accompagnement_installation",), "subtypes": ("coordination_territoriale",)},
    {"key": "cv_collectivite", "starts": "Expérimenter un « CV Collectivité locale »", "label": "Un « CV de la collectivité » pour attirer les jeunes",
     "measures": ("promotion_territoire",), "subtypes": ()},
    {"key": "participation_citoyenne", "starts": "Solliciter particulièrement les professionnels", "label": "Associer les professionnels à la vie locale",
     "measures": (), "subtypes": ()},
    {"key": "actions_collectives", "starts": "Engager ou intégrer des actions collectives", "label": "Actions collectives entre communes, intercommunalités, métropoles",
     "measures": (), "subtypes": ("coordination_territoriale", "charte_non_concurrence", "plan_partenarial")},
    {"key": "aides_extralegales", "starts": "Faire le lien pour des aides extralégales", "label": "Relayer les aides des départements et de la région (transport, permis…)",
     "measures": ("aide_financiere_internes_stage",), "subtypes": ()},
    {"key": "aides_installation", "starts": "Mobiliser des aides incitatives à l'installation", "label": "Mobiliser des aides incitatives à l'installation",
     "measures": ("aide_financiere_installation", "bourse_etude_contre_installation"), "subtypes": ("aide_maintien_cabinet",)},
    {"key": "services_publics", "starts": "Développer les services publics", "label": "Développer les services publics (garde d'enfants, école…)",
     "measures": ("emploi_conjoint",), "subtypes": ()},
)

# A bullet matching one of these states that a measure is absent or has ended.
NEGATIONS: tuple[re.Pattern, ...] = tuple(
    re.compile(p)
    for p in (
        r":\s*aucune?\s*\.?$",
        r"^pas d'aide\b",
        r"\bn'est plus (realise|propose|verse|attribue|en place|d'actualite)\w*",
        r"\bn'existe plus\b",
        r"\bmet(tre|tons|tent)? fin\b|\bmis fin\b",
        r"\b(a ete|ont ete|sont|est) (supprime|abandonne|arrete)e?s?\b",
        r"\bsuppression (de l'|du |des |de la )",
    )
)

# A 2022 bullet saying the 2019 measures still apply.
CARRY_OVER = re.compile(r"\baides mises en place en 2019,? toujours d'actualite\b")


def table_header_key(header: str) -> str | None:
    """Map a summary-table header cell to a measure key (None if it is not a measure header)."""
    key = name_key(header)
    for measure in ATLAS_MEASURES:
        if key in {name_key(h) for h in measure.table_headers}:
            return measure.key
    return None


def negation(text: str) -> str | None:
    """The negating phrase of a bullet, if it denies a measure."""
    key = match_key(text)
    for pattern in NEGATIONS:
        found = pattern.search(key)
        if found:
            return found.group(0).strip(" :.")
    return None


def label(text: str) -> list[str]:
    """Measure keys a page text mentions, in catalogue order; ['other'] when none fits.

    A negated text ("Aide financière à l'installation : Aucune.") keeps its keys: with
    ``negation()`` they say which measure the département does *not* (or no longer) offer.
    """
    key = match_key(text)
    keys = [m.key for m in ATLAS_MEASURES if any(p.search(key) for p in m.compiled)]
    keys = [k for k in keys if not set(MEASURE_BY_KEY[k].yields_to) & set(keys)]
    return keys or ["other"]


# ---------------------------------------------------------------------------------------
# Survey status of a département for one year.
STATUSES: dict[str, str] = {
    "measures": "A répondu et décrit des mesures",
    "no_measures": "A répondu : aucune aide mise en place",
    "no_response": "N'a pas répondu à l'enquête",
    "empty": "Rubrique présente mais vide",
    "not_in_atlas": "Absent de l'atlas",
}

# Kinds of disagreement between the 2022 summary table and the département's 2022 page.
CONFLICT_KINDS: dict[str, str] = {
    "self_contradiction": "L'atlas se contredit : le tableau et la page ne disent pas la même chose",
    "uncertain_reading": "Lecture incertaine du tableau : ses colonnes admettent deux lectures proches",
    "empty_page": "Page 2022 vide ou sans réponse : rien à comparer au tableau",
}

# Training-capacity disciplines, in display order, with the years the atlas prints them.
DISCIPLINES: dict[str, dict] = {
    "chirurgie": {"label": "Chirurgie", "atlas": "CHIRURGIE", "years": (2018, 2022)},
    "specialites_medicales": {
        "label": "Spécialités médicales",
        "atlas": "SPECIALITES MEDICALES",
        "years": (2018, 2022),
    },
    "dont_medecine_generale": {
        "label": "dont médecine générale",
        "atlas": "MEDECINE GENERALE",
        "years": (2018, 2022),
    },
    "biologie_medicale": {"label": "Biologie médicale", "atlas": "BIOLOGIE MEDICALE", "years": (2018,)},
    "urgence": {"label": "Médecine d'urgence", "atlas": "URGENCE", "years": (2022,)},
    "anesthesie_reanimation": {
        "label": "Anesthésie-réanimation",
        "atlas": "ANESTHESIE REANIMATION",
        "years": (2022,),
    },
}
