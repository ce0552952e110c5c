"""Fictional but plausible case data for demos, training and benchmarks.

Every name is assembled from syllables, every unit number and settlement is invented; only
the regions and the vocabularies are real. Output is plain tuples for bulk inserts and is
fully determined by the seed.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from triage_app.domain.vocab import vocabularies

START = dt.date(2022, 2, 24)
END = dt.date(2026, 10, 31)

_FIRST = [
    "Ар",
    "Бо",
    "Ва",
    "Гле",
    "Да",
    "Єв",
    "Жо",
    "За",
    "Іл",
    "Ки",
    "Ле",
    "Ми",
    "Ни",
    "Ос",
    "Па",
    "Ро",
    "Се",
    "Ти",
    "Фе",
    "Ха",
    "Яро",
    "Ст",
    "Бра",
    "Дми",
    "Тар",
]
_FIRST_END = [
    "тем",
    "рис",
    "дим",
    "б",
    "нило",
    "ген",
    "рж",
    "хар",
    "ля",
    "рил",
    "онід",
    "рон",
    "кон",
    "тап",
    "вло",
    "ман",
    "мен",
    "мур",
    "дот",
    "ритон",
    "слав",
]
_SUR_A = [
    "Кор",
    "Дроб",
    "Тал",
    "Мир",
    "Шуль",
    "Гре",
    "Бел",
    "Сав",
    "Зуб",
    "Крот",
    "Лис",
    "Вер",
    "Пан",
    "Руд",
    "Сем",
    "Тар",
    "Фил",
    "Чер",
    "Яр",
    "Ба",
    "Гор",
    "Кул",
]
_SUR_B = ["ов", "ен", "ан", "ук", "ин", "ар", "ел", "ир", "ох", "ав", "ун"]
_SUR_C = ["ко", "ов", "ін", "енко", "юк", "ський", "цев", "ич", "ан", "ушин"]
_SETTLE_A = [
    "Верх",
    "Зелен",
    "Кам'ян",
    "Нов",
    "Стар",
    "Біл",
    "Тих",
    "Глиб",
    "Світл",
    "Яблун",
    "Озер",
    "Дуб",
    "Вишн",
    "Сосн",
    "Лип",
    "Пол",
    "Червон",
    "Сад",
    "Гай",
    "Степ",
]
_SETTLE_B = ["івка", "е", "ове", "ець", "ани", "ка", "івське", "иця", "опіль", "ин"]
_COMPANY_A = ["Хім", "Тех", "Бал", "Енер", "Спец", "Волг", "Промс", "Сіб", "Авто", "Агро"]
_COMPANY_B = ["пром", "снаб", "стрім", "тек", "маш", "сервіс", "резерв", "лінк"]
_UNITS = [
    "мотострілецький полк",
    "танковий батальйон",
    "артилерійська бригада",
    "десантно-штурмовий полк",
    "батальйон «вигаданий»",
    "комендатура",
    "загін",
]

_RANKS = {
    "CL_0_UNKNOWN": ["невідомо", "позивний"],
    "CL_1_DIRECT": ["рядовий", "молодший сержант", "сержант", "старшина"],
    "CL_2_JUNIOR": ["лейтенант", "старший лейтенант", "капітан"],
    "CL_3_FIELD": ["майор", "підполковник", "полковник"],
    "CL_4_GENERAL": ["генерал-майор", "генерал-лейтенант", "голова окупаційної адміністрації"],
    "CL_5_SENIOR_LEAD": ["міністр", "начальник генерального штабу", "член ради безпеки"],
    "CL_6_TROIKA_IN_OFFICE": ["глава держави", "глава уряду", "міністр закордонних справ"],
    "CL_6_TROIKA_FORMER": ["колишній глава уряду", "колишній міністр закордонних справ"],
    "CL_CIV": ["керівник медіахолдингу", "радник", "підприємець", "телеведучий"],
    "CL_LP": ["акціонерне товариство", "приватна військова компанія"],
    "CL_X_UNIDENTIFIED": ["невстановлена особа"],
}
_LEVEL_WEIGHTS = {
    "CL_X_UNIDENTIFIED": 8.0,
    "CL_0_UNKNOWN": 14.0,
    "CL_1_DIRECT": 34.0,
    "CL_2_JUNIOR": 12.0,
    "CL_3_FIELD": 12.0,
    "CL_4_GENERAL": 5.0,
    "CL_5_SENIOR_LEAD": 1.5,
    "CL_6_TROIKA_IN_OFFICE": 0.2,
    "CL_6_TROIKA_FORMER": 0.3,
    "CL_CIV": 8.0,
    "CL_LP": 3.0,
}
_MODES = {
    "CL_X_UNIDENTIFIED": ["ML_DIRECT", "ML_UNKNOWN"],
    "CL_0_UNKNOWN": ["ML_DIRECT", "ML_UNKNOWN", "ML_AID"],
    "CL_1_DIRECT": ["ML_DIRECT", "ML_DIRECT", "ML_COPERP"],
    "CL_2_JUNIOR": ["ML_DIRECT", "ML_ORDER", "ML_COMMAND"],
    "CL_3_FIELD": ["ML_ORDER", "ML_COMMAND", "ML_COPERP"],
    "CL_4_GENERAL": ["ML_ORDER", "ML_COMMAND"],
    "CL_5_SENIOR_LEAD": ["ML_ORDER", "ML_LEAD_AGG", "ML_COMMAND"],
    "CL_6_TROIKA_IN_OFFICE": ["ML_ORDER", "ML_LEAD_AGG"],
    "CL_6_TROIKA_FORMER": ["ML_ORDER", "ML_LEAD_AGG"],
    "CL_CIV": ["ML_AID", "ML_AID", "ML_ORDER"],
    "CL_LP": ["ML_CORP"],
}
# (crime type, weight of being the incident's main charge, title templates)
_CHARGES: list[tuple[str, float, list[str]]] = [
    (
        "CT_WC",
        70.0,
        [
            "Shelling of a residential block in {s}",
            "Killing of civilians at a checkpoint near {s}",
            "Unlawful detention and torture of residents of {s}",
            "Looting and burning of homes in {s}",
            "Strike on a hospital in {s}",
            "Ill-treatment of prisoners of war near {s}",
            "Missile strike on the power substation of {s}",
            "Forced conscription of residents of {s}",
        ],
    ),
    (
        "CT_CAH",
        10.0,
        [
            "Deportation of children from {s}",
            "Persecution of pro-Ukrainian residents of {s}",
            "Filtration camp and enforced disappearances in {s}",
        ],
    ),
    (
        "CT_WC_CHEM",
        3.0,
        [
            "Chloropicrin drops on positions near {s}",
            "CS gas grenades used against defenders of {s}",
        ],
    ),
    (
        "CT_WC_ENV",
        2.5,
        [
            "Destruction of a dam and flooding near {s}",
            "Deliberate oil depot fire polluting the river at {s}",
        ],
    ),
    ("CT_ECO", 1.5, ["Mass destruction of forest and soil near {s}"]),
    ("CT_AGG", 4.0, ["Invasion across the border towards {s}", "Planning of the offensive on {s}"]),
    ("CT_GEN", 0.7, ["Killings aimed at destroying the community of {s}"]),
    ("CT_WARPROP", 1.0, ["Broadcast calling for war against Ukraine aimed at {s}"]),
]
_DESCRIPTIONS = [
    "Residents of {s} were questioned; several gave consistent accounts.",
    "Drone footage and intercepted radio traffic place the unit in {s} at the time.",
    "The occupation lasted several weeks; bodies were exhumed after liberation.",
    "Satellite images show the destruction before and after the attack.",
    "A local official reported the detentions to the police after de-occupation.",
    "Forensic experts recovered fragments consistent with the weapon named by witnesses.",
    "The victims were unarmed and wore civilian clothes.",
]
_EVIDENCE = [
    ("EV_TESTIMONY", "Statement of a witness from {s}", "police report", "doc"),
    ("EV_PHOTO", "Photographs of the scene in {s}", "investigator", "jpg"),
    ("EV_VIDEO", "Video recorded by a resident of {s}", "resident", "mp4"),
    ("EV_FORENSIC", "Autopsy and ballistic report", "forensic bureau", "pdf"),
    ("EV_INTERCEPT", "Intercepted call mentioning {s}", "security service", "wav"),
    ("EV_OSINT", "Geolocated social-media post", "open source", "png"),
    ("EV_DOCUMENT", "Unit roster left behind in {s}", "seized", "pdf"),
    ("EV_PHYSICAL", "Munition fragments", "explosives unit", ""),
]
_STATUS_WEIGHTS = {
    "ST_NEW": 20,
    "ST_INVESTIGATION": 45,
    "ST_SUSPICION": 18,
    "ST_INDICTMENT": 8,
    "ST_TRANSFERRED": 3,
    "ST_CLOSED": 6,
}
_TRANSLIT = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'’",
        [
            "a",
            "b",
            "v",
            "h",
            "g",
            "d",
            "e",
            "ie",
            "zh",
            "z",
            "y",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "iu",
            "ia",
            "",
            "",
        ],
        strict=True,
    )
)


def transliterate(text: str) -> str:
    """Ukrainian to Latin (simplified national 2010 table); other characters pass through."""
    out = []
    for ch in text:
        low = ch.lower()
        lat = _TRANSLIT.get(low)
        if lat is None:
            out.append(ch)
        else:
            out.append(lat.capitalize() if ch != low else lat)
    return "".join(out)


@dataclass
class DemoBatch:
    """Rows for one bulk load, as tuples in the column orders below."""

    incidents: list[tuple[object, ...]] = field(default_factory=list)
    crime_types: list[tuple[int, str]] = field(default_factory=list)
    suspects: list[tuple[object, ...]] = field(default_factory=list)
    involvements: list[tuple[object, ...]] = field(default_factory=list)
    evidence: list[tuple[object, ...]] = field(default_factory=list)


INCIDENT_COLUMNS = (
    "id",
    "uuid",
    "reference",
    "date_from",
    "date_to",
    "date_precision",
    "country",
    "oblast_code",
    "settlement",
    "latitude",
    "longitude",
    "title",
    "description",
    "victims_killed",
    "victims_injured",
    "status",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "row_version",
)
CRIME_TYPE_COLUMNS = ("incident_id", "crime_type")
SUSPECT_COLUMNS = (
    "id",
    "uuid",
    "is_legal_person",
    "name",
    "name_latin",
    "rank_role",
    "unit",
    "command_level",
    "nationality",
    "custody",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "row_version",
)
INVOLVEMENT_COLUMNS = ("id", "uuid", "incident_id", "suspect_id", "mode_of_liability", "updated_at")
EVIDENCE_COLUMNS = (
    "id",
    "uuid",
    "incident_id",
    "kind",
    "description",
    "source",
    "file_name",
    "sha256",
    "custody_notes",
    "created_at",
    "updated_at",
)


@dataclass
class DemoGenerator:
    """Generates ``count`` incidents with ids starting after the given maxima."""

    seed: int
    first_incident_id: int = 1
    first_suspect_id: int = 1
    first_involvement_id: int = 1
    first_evidence_id: int = 1
    actor: str = "demo"

    def __post_init__(self) -> None:
        # The first id is part of the seed: the same seed on a fresh database gives the same
        # data, and adding more to a database never repeats its UUIDs.
        self.rng = random.Random(f"{self.seed}:{self.first_incident_id}")
        v = vocabularies()
        regions = list(v.regions)
        self._regions = [r.code for r in regions]
        self._region_weights = [8.0 if r.extra.get("front") else 1.0 for r in regions]
        self._centers = {r.code: tuple(r.extra.get("center", (48.5, 31.5))) for r in regions}
        rng = self.rng
        self._settlements = {
            code: [rng.choice(_SETTLE_A) + rng.choice(_SETTLE_B) for _ in range(30)]
            for code in self._regions
        }
        self._levels = list(_LEVEL_WEIGHTS)
        self._level_w = list(_LEVEL_WEIGHTS.values())
        self._charge_codes = [c for c, _, _ in _CHARGES]
        self._charge_w = [w for _, w, _ in _CHARGES]
        self._titles = {c: t for c, _, t in _CHARGES}
        self._status = list(_STATUS_WEIGHTS)
        self._status_w = list(_STATUS_WEIGHTS.values())
        self._span = (END - START).days
        self._recent_suspects: list[int] = []

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _person_name(self) -> str:
        r = self.rng
        first = r.choice(_FIRST) + r.choice(_FIRST_END)
        sur = r.choice(_SUR_A) + r.choice(_SUR_B) + r.choice(_SUR_C)
        return f"{first.capitalize()} {sur}"

    def _company_name(self) -> str:
        r = self.rng
        return f"АТ «{r.choice(_COMPANY_A)}{r.choice(_COMPANY_B)}»"

    def generate(self, count: int) -> Iterator[DemoBatch]:
        """Yield batches of about 10,000 incidents with everything that belongs to them."""
        made = 0
        while made < count:
            size = min(10_000, count - made)
            yield self._batch(size)
            made += size

    def _batch(self, size: int) -> DemoBatch:
        r = self.rng
        b = DemoBatch()
        regions = r.choices(self._regions, self._region_weights, k=size)
        mains = r.choices(self._charge_codes, self._charge_w, k=size)
        statuses = r.choices(self._status, self._status_w, k=size)
        for k in range(size):
            iid = self.first_incident_id
            self.first_incident_id += 1
            region = regions[k]
            settlement = r.choice(self._settlements[region])
            # Early war weighs more: square a uniform draw toward the start.
            day = START + dt.timedelta(days=int(self._span * r.random() ** 1.6))
            precision = r.choices(("DAY", "MONTH", "YEAR", "ESTIMATE"), (80, 12, 3, 5))[0]
            date_to = day + dt.timedelta(days=r.randint(1, 40)) if r.random() < 0.15 else None
            if date_to and date_to > END:
                date_to = END
            lat = lon = None
            if r.random() < 0.75:
                c = self._centers[region]
                lat = round(c[0] + r.uniform(-0.6, 0.6), 5)
                lon = round(c[1] + r.uniform(-0.9, 0.9), 5)
            main = mains[k]
            charges = {main}
            if main == "CT_WC" and r.random() < 0.12:
                charges.add("CT_CAH")
            if r.random() < 0.05:
                charges.add(r.choice(self._charge_codes))
            killed = int(r.expovariate(0.5)) if r.random() < 0.6 else 0
            injured = int(r.expovariate(0.3)) if r.random() < 0.5 else 0
            latin = transliterate(settlement)
            title = r.choice(self._titles[main]).format(s=latin)
            desc = " ".join(t.format(s=latin) for t in r.sample(_DESCRIPTIONS, 2))
            if killed or injured:
                desc += f" Witnesses count {killed} killed and {injured} injured."
            created = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(
                days=r.randint(1, 60), minutes=r.randint(0, 600)
            )
            created_s = created.strftime("%Y-%m-%d %H:%M:%S.000000")
            reference = f"1{day.year}{region[3:]}0{iid:010d}"
            b.incidents.append(
                (
                    iid,
                    self._uuid(),
                    reference,
                    day.isoformat(),
                    date_to.isoformat() if date_to else None,
                    precision,
                    "UA",
                    region,
                    settlement,
                    lat,
                    lon,
                    title,
                    desc,
                    killed,
                    injured,
                    statuses[k],
                    created_s,
                    self.actor,
                    created_s,
                    self.actor,
                    1,
                )
            )
            b.crime_types.extend((iid, c) for c in sorted(charges))
            self._add_suspects(b, iid, charges, created_s)
            for _ in range(r.choices((0, 1, 2, 3), (25, 40, 25, 10))[0]):
                self._add_evidence(b, iid, settlement, created_s)
        return b

    def _add_suspects(self, b: DemoBatch, iid: int, charges: set[str], at: str) -> None:
        r = self.rng
        n = r.choices((1, 2, 3), (60, 30, 10))[0]
        chosen: set[int] = set()
        for _ in range(n):
            if self._recent_suspects and r.random() < 0.2:
                sid = r.choice(self._recent_suspects)
                if sid in chosen:
                    continue
                level = None
            else:
                sid, level = self._new_suspect(b, charges, at)
            chosen.add(sid)
            mode = r.choice(_MODES[level]) if level else r.choice(("ML_ORDER", "ML_DIRECT"))
            b.involvements.append((self.first_involvement_id, self._uuid(), iid, sid, mode, at))
            self.first_involvement_id += 1

    def _new_suspect(self, b: DemoBatch, charges: set[str], at: str) -> tuple[int, str]:
        r = self.rng
        sid = self.first_suspect_id
        self.first_suspect_id += 1
        level = r.choices(self._levels, self._level_w)[0]
        if "CT_AGG" in charges and r.random() < 0.5:
            level = r.choice(("CL_4_GENERAL", "CL_5_SENIOR_LEAD", "CL_3_FIELD"))
        legal = level == "CL_LP"
        if legal:
            name = self._company_name()
            nationality, custody, unit = (r.choice(("RU", None)), None, None)
        elif level == "CL_X_UNIDENTIFIED":
            name = f"Невстановлений військовослужбовець №{sid}"
            nationality, custody, unit = ("RU", None, r.choice(_UNITS))
        else:
            name = self._person_name()
            nationality = r.choices(("RU", "UA", "BY", None), (85, 8, 2, 5))[0]
            custody = r.choices(("NONE", "UA", "THIRD_STATE", None), (70, 15, 2, 13))[0]
            unit = f"{r.choice(_UNITS)} №{r.randint(100, 999)}"
        b.suspects.append(
            (
                sid,
                self._uuid(),
                legal,
                name,
                transliterate(name),
                r.choice(_RANKS[level]),
                unit,
                level,
                nationality,
                custody,
                at,
                self.actor,
                at,
                self.actor,
                1,
            )
        )
        if level not in ("CL_X_UNIDENTIFIED", "CL_LP"):
            self._recent_suspects.append(sid)
            if len(self._recent_suspects) > 500:
                self._recent_suspects.pop(0)
        return sid, level

    def _add_evidence(self, b: DemoBatch, iid: int, settlement: str, at: str) -> None:
        r = self.rng
        kind, desc, source, ext = r.choice(_EVIDENCE)
        eid = self.first_evidence_id
        self.first_evidence_id += 1
        file_name = f"evidence_{eid:07d}.{ext}" if ext else None
        digest = f"{r.getrandbits(256):064x}" if ext else None
        b.evidence.append(
            (
                eid,
                self._uuid(),
                iid,
                kind,
                desc.format(s=transliterate(settlement)),
                source,
                file_name,
                digest,
                "Sealed bag, registered in the evidence log" if kind == "EV_PHYSICAL" else None,
                at,
                at,
            )
        )
