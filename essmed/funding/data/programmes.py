"""The programmes relevant to Mediterranean ESS cooperation, their calls and eligibility rules, as data.

Facts from ``../shared/data/funding/programmes.md`` (gathered in November 2026 from the programmes' public
pages and third-party summaries; see ``README.md`` here). Every rule carries its source; a rule that the notes
mark [verify] has ``to_verify`` set and is shown as such. Loaded by ``manage.py load_programmes`` and by the
demo (``loading.load_programmes``): matched on slugs, references and rule identifiers, so loading twice
changes nothing.

Country groups use ISO 3166-1 alpha-2 codes.
"""

from __future__ import annotations

from typing import Any

NEXT_MED_EU = ["CY", "ES", "FR", "GR", "IT", "MT", "PT"]
NEXT_MED_PARTNER = ["DZ", "EG", "IL", "JO", "LB", "PS", "TN", "TR"]
NEXT_MED = NEXT_MED_EU + NEXT_MED_PARTNER
# Interreg Euro-MED: 10 EU member states and 4 IPA countries. programmes.md gives the IPA countries and the
# count; the EU member states are those of the programme's map (to verify against the 2021-27 region list).
EURO_MED_EU = ["BG", "CY", "ES", "FR", "GR", "HR", "IT", "MT", "PT", "SI"]
EURO_MED_IPA = ["AL", "BA", "ME", "MK"]
EURO_MED = EURO_MED_EU + EURO_MED_IPA
EU_MEMBER_STATES = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
]  # fmt: skip
AUTHORITIES = ["public_authority", "regional_authority", "local_authority"]
# Regions of Occitanie (Languedoc-Roussillon, Midi-Pyrénées), Provence-Alpes-Côte d'Azur and Corsica
NEXT_MED_FRENCH_REGIONS = ["occitanie", "provence-alpes-cote-d-azur", "corse"]

NEXT_MED_SOURCE = (
    "interregnextmed.eu (programme and call pages); summaries by aer.eu, cesam-la.pt, rescom.duth.gr "
    "(programmes.md, November 2026)"
)
EURO_MED_SOURCE = "interreg-euro-med.eu (FAQ and call pages); summaries by cordion.hr, fasi.eu (programmes.md)"
FICOL_SOURCE = "oc-cooperation.org (Occitanie's cooperation network), lianescooperation.org (programmes.md)"
EYE_SOURCE = 'erasmusforentrepreneurs.eu (FAQ), the EU "Your Europe" page (programmes.md)'


def funded(test: dict[str, Any]) -> dict[str, Any]:
    return {"filter": [{"var": "funded_partners"}, test]}


COUNTED_PARTNERS = funded({"!=": [{"var": "type"}, "international_organisation"]})
COUNTED_COUNTRIES = {"distinct": {"map": [COUNTED_PARTNERS, {"var": "country"}]}}


def in_countries(countries: list[str]) -> dict[str, Any]:
    return {"in": [{"var": "country"}, countries]}


FUNDERS: list[dict[str, Any]] = [
    {
        "slug": "european-union-interreg",
        "acronym": "Interreg",
        "name_fr": "Union européenne – Interreg",
        "name_ar": "الاتحاد الأوروبي – إنتيريغ",
        "name_en": "European Union – Interreg",
        "website": "https://interreg.eu/",
    },
    {
        "slug": "european-commission",
        "acronym": "EC",
        "name_fr": "Commission européenne",
        "name_ar": "المفوضية الأوروبية",
        "name_en": "European Commission",
        "website": "https://commission.europa.eu/",
    },
    {
        "slug": "afd",
        "acronym": "AFD",
        "name_fr": "Agence française de développement",
        "name_ar": "الوكالة الفرنسية للتنمية",
        "name_en": "French Development Agency",
        "website": "https://www.afd.fr/",
    },
]

THEMES: list[dict[str, str]] = [
    {"slug": "social-economy", "name_fr": "Économie sociale et solidaire", "name_ar": "الاقتصاد الاجتماعي والتضامني",
     "name_en": "Social and solidarity economy"},
    {"slug": "green-transition", "name_fr": "Transition verte", "name_ar": "التحول الأخضر",
     "name_en": "Green transition"},
    {"slug": "digital", "name_fr": "Numérique", "name_ar": "الرقمنة", "name_en": "Digital"},
    {"slug": "culture", "name_fr": "Culture", "name_ar": "الثقافة", "name_en": "Culture"},
    {"slug": "youth", "name_fr": "Jeunesse", "name_ar": "الشباب", "name_en": "Youth"},
    {"slug": "entrepreneurship", "name_fr": "Entrepreneuriat", "name_ar": "ريادة الأعمال",
     "name_en": "Entrepreneurship"},
    {"slug": "tourism", "name_fr": "Tourisme", "name_ar": "السياحة", "name_en": "Tourism"},
    {"slug": "agri-food", "name_fr": "Agriculture et alimentation", "name_ar": "الفلاحة والتغذية",
     "name_en": "Agriculture and food"},
    {"slug": "employment-inclusion", "name_fr": "Emploi et inclusion", "name_ar": "التشغيل والإدماج",
     "name_en": "Employment and inclusion"},
    {"slug": "governance", "name_fr": "Gouvernance et coopération territoriale", "name_ar": "الحكامة والتعاون الترابي",
     "name_en": "Governance and territorial cooperation"},
    {"slug": "research-innovation", "name_fr": "Recherche et innovation", "name_ar": "البحث والابتكار",
     "name_en": "Research and innovation"},
    {"slug": "health", "name_fr": "Santé", "name_ar": "الصحة", "name_en": "Health"},
    {"slug": "education-training", "name_fr": "Éducation et formation", "name_ar": "التربية والتكوين",
     "name_en": "Education and training"},
]  # fmt: skip

# Words that put an imported call on a theme (matched on the folded title; see importing.themes_for).
THEME_KEYWORDS: dict[str, list[str]] = {
    "social-economy": ["social economy", "social enterprise", "cooperative", "solidarity", "social innovation",
                       "proximity", "social finance", "incubation"],
    "green-transition": ["climate", "green", "energy", "circular", "biodiversity", "environment", "renewable",
                         "decarboni", "nature"],
    "digital": ["digital", "artificial intelligence", " ai ", "cyber", "data", "quantum", "semiconductor", "cloud"],
    "culture": ["culture", "cultural", "heritage", "creative", "media", "audiovisual"],
    "youth": ["youth", "young"],
    "entrepreneurship": ["entrepreneur", "start-up", "startup", "sme", "business"],
    "tourism": ["tourism"],
    "agri-food": ["agri", "food", "farm", "fisher", "rural"],
    "employment-inclusion": ["employment", "inclusion", "skills", "labour", "disabilit", "migrant", "gender"],
    "governance": ["governance", "cooperation", "civil society", "democracy", "rule of law", "local authorit"],
    "research-innovation": ["research", "innovation", "horizon"],
    "health": ["health", "medical", "disease", "care"],
    "education-training": ["education", "training", "school", "learning", "university"],
}  # fmt: skip

# Programmes the EU portal's identifiers start with (identifier_prefix → name in three languages).
PORTAL_PROGRAMMES: dict[str, tuple[str, str, str]] = {
    "HORIZON": ("Horizon Europe", "هورايزن أوروبا", "Horizon Europe"),
    "DIGITAL": ("Programme pour une Europe numérique", "برنامج أوروبا الرقمية", "Digital Europe Programme"),
    "LIFE": ("Programme LIFE", "برنامج LIFE", "LIFE Programme"),
    "EDF": ("Fonds européen de la défense", "صندوق الدفاع الأوروبي", "European Defence Fund"),
    "EuropeAid": ("Action extérieure de l'UE (EuropeAid)", "العمل الخارجي للاتحاد الأوروبي (EuropeAid)",
                  "EU external action (EuropeAid)"),
    "CERV": ("Citoyens, égalité, droits et valeurs", "المواطنون والمساواة والحقوق والقيم",
             "Citizens, Equality, Rights and Values"),
    "CEF": ("Mécanisme pour l'interconnexion en Europe", "آلية ربط أوروبا", "Connecting Europe Facility"),
    "SMP": ("Programme pour le marché unique", "برنامج السوق الموحدة", "Single Market Programme"),
    "CREA": ("Europe créative", "أوروبا المبدعة", "Creative Europe"),
    "ERASMUS": ("Erasmus+", "إيراسموس+", "Erasmus+"),
    "ESF": ("Fonds social européen plus", "الصندوق الاجتماعي الأوروبي بلس", "European Social Fund Plus"),
    "PPPA": ("Projets pilotes et actions préparatoires", "المشاريع التجريبية والإجراءات التحضيرية",
             "Pilot projects and preparatory actions"),
}  # fmt: skip

PROGRAMMES: list[dict[str, Any]] = [
    {
        "slug": "interreg-next-med",
        "funder": "european-union-interreg",
        "name_fr": "Interreg NEXT MED 2021–2027",
        "name_ar": "إنتيريغ نكست ميد 2021–2027",
        "name_en": "Interreg NEXT MED 2021–2027",
        "summary_fr": "Coopération transfrontalière de l'UE dans le bassin méditerranéen: 15 pays, 7 du côté de "
        "l'UE et 8 pays partenaires méditerranéens. Le Maroc n'en fait pas partie.",
        "summary_ar": "التعاون العابر للحدود للاتحاد الأوروبي في حوض البحر الأبيض المتوسط: 15 بلدا، منها 7 من جانب "
        "الاتحاد الأوروبي و8 بلدان شريكة متوسطية. المغرب ليس من بينها.",
        "summary_en": "EU cross-border cooperation in the Mediterranean sea basin: 15 countries, 7 on the EU side "
        "and 8 Mediterranean partner countries. Morocco does not take part.",
        "website": "https://www.interregnextmed.eu/",
        "countries": NEXT_MED,
        "regions": NEXT_MED_FRENCH_REGIONS,
        "max_cofinancing_rate": 90,
        "themes": ["green-transition", "governance", "social-economy"],
        "source": NEXT_MED_SOURCE,
        "source_url": "https://www.interregnextmed.eu/",
        "rules": [
            {
                "rule_id": "participating-countries",
                "label_fr": "Chaque partenaire financé est établi dans un des 15 pays participants",
                "label_ar": "كل شريك ممول مقيم في أحد البلدان الخمسة عشر المشاركة",
                "label_en": "Every funded partner is based in one of the 15 participating countries",
                "expression": {"all": [{"var": "funded_partners"}, in_countries(NEXT_MED)]},
                "reason_fr": "Partenaires hors des pays participants: {failing}. Le Maroc, notamment, ne participe "
                "pas au programme.",
                "reason_ar": "شركاء من خارج البلدان المشاركة: {failing}. المغرب خصوصا لا يشارك في البرنامج.",
                "reason_en": "Partners outside the participating countries: {failing}. Morocco, in particular, "
                "does not take part in the programme.",
            },
            {
                "rule_id": "eu-side-country",
                "label_fr": "Au moins un partenaire d'un pays de l'UE du programme",
                "label_ar": "شريك واحد على الأقل من بلد من بلدان الاتحاد الأوروبي في البرنامج",
                "label_en": "At least one partner from an EU country of the programme",
                "expression": {">=": [{"count_in": [COUNTED_COUNTRIES, NEXT_MED_EU]}, 1]},
                "reason_fr": "Aucun partenaire de Chypre, d'Espagne, de France, de Grèce, d'Italie, de Malte ou "
                "du Portugal.",
                "reason_ar": "لا يوجد أي شريك من قبرص أو إسبانيا أو فرنسا أو اليونان أو إيطاليا أو مالطا أو البرتغال.",
                "reason_en": "No partner from Cyprus, Spain, France, Greece, Italy, Malta or Portugal.",
                "remedy": {"add_partner_from": NEXT_MED_EU},
            },
            {
                "rule_id": "partner-side-country",
                "label_fr": "Au moins un partenaire d'un pays partenaire méditerranéen",
                "label_ar": "شريك واحد على الأقل من بلد شريك متوسطي",
                "label_en": "At least one partner from a Mediterranean partner country",
                "expression": {">=": [{"count_in": [COUNTED_COUNTRIES, NEXT_MED_PARTNER]}, 1]},
                "reason_fr": "Aucun partenaire d'Algérie, d'Égypte, d'Israël, de Jordanie, du Liban, de Palestine, "
                "de Tunisie ou de Türkiye.",
                "reason_ar": "لا يوجد أي شريك من الجزائر أو مصر أو إسرائيل أو الأردن أو لبنان أو فلسطين أو تونس "
                "أو تركيا.",
                "reason_en": "No partner from Algeria, Egypt, Israel, Jordan, Lebanon, Palestine, Tunisia or Türkiye.",
                "remedy": {"add_partner_from": NEXT_MED_PARTNER},
            },
            {
                "rule_id": "cofinancing-rate",
                "label_fr": "Cofinancement de l'UE d'au plus 90 % du budget",
                "label_ar": "تمويل مشترك من الاتحاد الأوروبي لا يتجاوز 90 ٪ من الميزانية",
                "label_en": "EU co-financing of at most 90 % of the budget",
                "expression": {"<=": [{"var": "cofinancing_rate"}, 90]},
                "reason_fr": "La subvention demandée représente {value} % du budget.",
                "reason_ar": "تمثل المنحة المطلوبة {value} ٪ من الميزانية.",
                "reason_en": "The grant requested is {value} % of the budget.",
            },
            {
                "rule_id": "french-territories",
                "severity": "warning",
                "to_verify": True,
                "label_fr": "Les partenaires français sont en Occitanie, en Provence-Alpes-Côte d'Azur ou en Corse",
                "label_ar": "الشركاء الفرنسيون في أوكسيتانيا أو بروفانس ألب كوت دازور أو كورسيكا",
                "label_en": "French partners are in Occitanie, Provence-Alpes-Côte d'Azur or Corsica",
                "expression": {
                    "none": [
                        funded({"==": [{"var": "country"}, "FR"]}),
                        {"!": {"in": [{"var": "region"}, NEXT_MED_FRENCH_REGIONS]}},
                    ]
                },
                "reason_fr": "Partenaires français hors des territoires éligibles: {failing}.",
                "reason_ar": "شركاء فرنسيون خارج المجالات الترابية المؤهلة: {failing}.",
                "reason_en": "French partners outside the eligible territories: {failing}.",
            },
            {
                "rule_id": "morocco-associated",
                "kind": "manual",
                "to_verify": True,
                "label_fr": "Un organisme marocain peut-il participer comme partenaire associé, sans financement?",
                "label_ar": "هل يمكن لهيئة مغربية المشاركة كشريك منتسب دون تمويل؟",
                "label_en": "May a Moroccan organisation join as an associated partner, without funding?",
            },
        ],
    },
    {
        "slug": "interreg-euro-med",
        "funder": "european-union-interreg",
        "name_fr": "Interreg Euro-MED 2021–2027",
        "name_ar": "إنتيريغ يورو-ميد 2021–2027",
        "name_en": "Interreg Euro-MED 2021–2027",
        "summary_fr": "Coopération transnationale de la rive nord: 69 régions de 14 pays, dont 10 États membres de "
        "l'UE et 4 pays IPA. Aucun pays de la rive sud.",
        "summary_ar": "تعاون عبر وطني للضفة الشمالية: 69 جهة من 14 بلدا، منها 10 دول أعضاء في الاتحاد الأوروبي "
        "و4 بلدان من أداة ما قبل الانضمام. لا يشمل أي بلد من الضفة الجنوبية.",
        "summary_en": "Transnational cooperation on the northern shore: 69 regions in 14 countries, 10 EU member "
        "states and 4 IPA countries. No southern-shore country.",
        "website": "https://interreg-euro-med.eu/",
        "countries": EURO_MED,
        "max_cofinancing_rate": 80,
        "themes": ["green-transition", "governance", "tourism"],
        "source": EURO_MED_SOURCE,
        "source_url": "https://interreg-euro-med.eu/",
        "rules": [
            {
                "rule_id": "area-or-eu",
                "to_verify": True,  # the EU member states of the area are not listed in programmes.md
                "label_fr": "Chaque partenaire financé est dans la zone du programme ou dans un État membre de l'UE",
                "label_ar": "كل شريك ممول في مجال البرنامج أو في دولة عضو في الاتحاد الأوروبي",
                "label_en": "Every funded partner is in the programme area or in an EU member state",
                "expression": {
                    "all": [{"var": "funded_partners"}, in_countries(sorted(set(EURO_MED + EU_MEMBER_STATES)))]
                },
                "reason_fr": "Partenaires hors de la zone et de l'UE: {failing}.",
                "reason_ar": "شركاء خارج المجال وخارج الاتحاد الأوروبي: {failing}.",
                "reason_en": "Partners outside the area and the EU: {failing}.",
            },
            {
                "rule_id": "min-countries",
                "to_verify": True,  # the EU member states of the area are not listed in programmes.md
                "label_fr": "Au moins 4 partenaires financés de 4 pays de la zone",
                "label_ar": "أربعة شركاء ممولين على الأقل من أربعة بلدان من المجال",
                "label_en": "At least 4 funded partners from 4 countries of the area",
                "expression": {">=": [{"count_in": [COUNTED_COUNTRIES, EURO_MED]}, 4]},
                "reason_fr": "Le consortium compte {value} pays de la zone.",
                "reason_ar": "يضم الاتحاد {value} من بلدان المجال.",
                "reason_en": "The consortium has {value} countries of the area.",
                "remedy": {"add_partner_from": EURO_MED},
            },
            {
                "rule_id": "min-eu-partners",
                "to_verify": True,  # the EU member states of the area are not listed in programmes.md
                "label_fr": "Au moins 2 partenaires dans des régions de l'UE de la zone",
                "label_ar": "شريكان على الأقل في جهات الاتحاد الأوروبي من المجال",
                "label_en": "At least 2 partners in EU regions of the area",
                "expression": {">=": [{"count": funded(in_countries(EURO_MED_EU))}, 2]},
                "reason_fr": "Partenaires dans les pays de l'UE de la zone: {value}.",
                "reason_ar": "عدد الشركاء في بلدان الاتحاد الأوروبي من المجال: {value}.",
                "reason_en": "Partners in EU countries of the area: {value}.",
                "remedy": {"add_partner_from": EURO_MED_EU},
            },
            {
                "rule_id": "cofinancing-rate",
                "label_fr": "Fonds Interreg d'au plus 80 % du budget",
                "label_ar": "أموال إنتيريغ لا تتجاوز 80 ٪ من الميزانية",
                "label_en": "Interreg funds of at most 80 % of the budget",
                "expression": {"<=": [{"var": "cofinancing_rate"}, 80]},
                "reason_fr": "La subvention demandée représente {value} % du budget.",
                "reason_ar": "تمثل المنحة المطلوبة {value} ٪ من الميزانية.",
                "reason_en": "The grant requested is {value} % of the budget.",
            },
            {
                "rule_id": "region-list",
                "kind": "manual",
                "to_verify": True,
                "label_fr": "Chaque partenaire de la zone est dans l'une des 69 régions de la liste 2021–2027",
                "label_ar": "كل شريك من المجال يوجد في إحدى الجهات الـ69 من لائحة 2021–2027",
                "label_en": "Each partner of the area is in one of the 69 regions of the 2021–27 list",
            },
        ],
    },
    {
        "slug": "afd-ficol",
        "funder": "afd",
        "name_fr": "FICOL – Facilité de financement des collectivités territoriales françaises",
        "name_ar": "فيكول – آلية تمويل الجماعات الترابية الفرنسية",
        "name_en": "FICOL – Facility for French local authorities",
        "summary_fr": "Pour la coopération décentralisée des collectivités françaises avec une collectivité "
        "partenaire d'un pays éligible à l'aide publique au développement (le Maroc l'est).",
        "summary_ar": "للتعاون اللامركزي للجماعات الترابية الفرنسية مع جماعة شريكة من بلد مؤهل للمساعدة العمومية "
        "للتنمية (المغرب مؤهل).",
        "summary_en": "For French local authorities' decentralised cooperation with a partner authority of a "
        "country eligible for official development assistance (Morocco is).",
        "grant_min": 200000,
        "grant_max": 1500000,
        "max_cofinancing_rate": 70,
        "organisation_types": AUTHORITIES,
        "themes": ["governance"],
        "source": FICOL_SOURCE,
        "rules": [
            {
                "rule_id": "french-authority-lead",
                "label_fr": "Le chef de file est une collectivité territoriale française",
                "label_ar": "رئيس المشروع جماعة ترابية فرنسية",
                "label_en": "The lead partner is a French local or regional authority",
                "expression": {
                    "and": [
                        {"==": [{"var": "lead_country"}, "FR"]},
                        {"in": [{"var": "lead_type"}, ["regional_authority", "local_authority"]]},
                    ]
                },
                "reason_fr": "Le chef de file est de type {lead_type}, pays {lead_country}.",
                "reason_ar": "رئيس المشروع من صنف {lead_type}، البلد {lead_country}.",
                "reason_en": "The lead partner is of type {lead_type}, country {lead_country}.",
            },
            {
                "rule_id": "foreign-authority",
                "severity": "warning",
                "label_fr": "De préférence, une collectivité partenaire étrangère",
                "label_ar": "يفضل وجود جماعة شريكة أجنبية",
                "label_en": "Preferably, a foreign partner authority",
                "expression": {
                    "some": [
                        {"var": "partners"},
                        {"and": [{"!=": [{"var": "country"}, "FR"]}, {"in": [{"var": "type"}, AUTHORITIES]}]},
                    ]
                },
                "reason_fr": "Aucune collectivité partenaire hors de France.",
                "reason_ar": "لا توجد أي جماعة شريكة خارج فرنسا.",
                "reason_en": "No partner authority outside France.",
                "remedy": {"add_partner_of_type": ["regional_authority", "local_authority"]},
            },
            {
                "rule_id": "grant-range",
                "label_fr": "Subvention de l'AFD entre 200 000 et 1 500 000 EUR",
                "label_ar": "منحة الوكالة بين 200 000 و1 500 000 يورو",
                "label_en": "AFD grant between EUR 200,000 and 1,500,000",
                "expression": {"<=": [200000, {"var": "grant_requested_eur"}, 1500000]},
                "reason_fr": "Subvention demandée: {grant_requested_eur} EUR.",
                "reason_ar": "المنحة المطلوبة: {grant_requested_eur} يورو.",
                "reason_en": "Grant requested: EUR {grant_requested_eur}.",
            },
            {
                "rule_id": "authorities-contribution",
                "to_verify": True,
                "label_fr": "Les collectivités apportent au moins 30 % du budget",
                "label_ar": "تساهم الجماعات بما لا يقل عن 30 ٪ من الميزانية",
                "label_en": "The authorities bring at least 30 % of the budget",
                "expression": {">=": [{"var": "own_contribution_rate"}, 30]},
                "reason_fr": "L'apport propre n'est que de {value} % du budget.",
                "reason_ar": "المساهمة الذاتية لا تتجاوز {value} ٪ من الميزانية.",
                "reason_en": "The own contribution is only {value} % of the budget.",
            },
            {
                "rule_id": "oda-country",
                "kind": "manual",
                "label_fr": "La collectivité partenaire est dans un pays éligible à l'aide publique au développement",
                "label_ar": "الجماعة الشريكة في بلد مؤهل للمساعدة العمومية للتنمية",
                "label_en": "The partner authority is in a country eligible for official development assistance",
            },
            {
                "rule_id": "authority-is-actor",
                "kind": "manual",
                "label_fr": "La collectivité française est actrice du projet, pas seulement financeuse",
                "label_ar": "الجماعة الفرنسية فاعلة في المشروع، وليست مجرد ممول",
                "label_en": "The French authority is an actor of the project, not only a funder",
            },
        ],
    },
    {
        "slug": "erasmus-young-entrepreneurs",
        "funder": "european-commission",
        "name_fr": "Erasmus pour jeunes entrepreneurs",
        "name_ar": "إيراسموس لرواد الأعمال الشباب",
        "name_en": "Erasmus for Young Entrepreneurs",
        "summary_fr": "Programme d'échange: un nouvel entrepreneur séjourne de 1 à 6 mois chez un entrepreneur "
        "expérimenté d'un autre pays participant, avec une allocation mensuelle.",
        "summary_ar": "برنامج تبادل: يقيم رائد أعمال جديد من شهر إلى ستة أشهر لدى رائد أعمال متمرس في بلد مشارك "
        "آخر، مع منحة شهرية.",
        "summary_en": "An exchange programme: a new entrepreneur spends 1 to 6 months with an experienced "
        "entrepreneur of another participating country, with a monthly allowance.",
        "max_duration_months": 6,
        "themes": ["entrepreneurship", "youth"],
        "source": EYE_SOURCE,
        "rules": [
            {
                "rule_id": "participating-country",
                "severity": "warning",
                "to_verify": True,
                "label_fr": "Chaque participant vit dans un pays participant (États membres de l'UE; le Maroc "
                "n'apparaît dans aucune liste)",
                "label_ar": "يقيم كل مشارك في بلد مشارك (الدول الأعضاء في الاتحاد الأوروبي؛ المغرب غير وارد في أي "
                "لائحة)",
                "label_en": "Each participant lives in a participating country (EU member states; Morocco appears "
                "in no list)",
                "expression": {"all": [{"var": "partners"}, in_countries(EU_MEMBER_STATES)]},
                "reason_fr": "Hors des États membres de l'UE: {failing}.",
                "reason_ar": "خارج الدول الأعضاء في الاتحاد الأوروبي: {failing}.",
                "reason_en": "Outside the EU member states: {failing}.",
            },
            {
                "rule_id": "stay-duration",
                "label_fr": "Séjour de 1 à 6 mois",
                "label_ar": "إقامة من شهر إلى ستة أشهر",
                "label_en": "A stay of 1 to 6 months",
                "expression": {"<=": [1, {"var": "duration_months"}, 6]},
                "reason_fr": "Durée prévue: {duration_months} mois.",
                "reason_ar": "المدة المقررة: {duration_months} شهرا.",
                "reason_en": "Planned duration: {duration_months} months.",
            },
            {
                "rule_id": "new-entrepreneur",
                "kind": "manual",
                "label_fr": "Le nouvel entrepreneur a un plan d'affaires concret ou a créé son entreprise il y a "
                "moins de 3 ans, et a plus de 18 ans",
                "label_ar": "لدى رائد الأعمال الجديد مخطط أعمال ملموس أو أنشأ مقاولته منذ أقل من 3 سنوات، وعمره "
                "يتجاوز 18 سنة",
                "label_en": "The new entrepreneur has a concrete business plan or started a business less than "
                "3 years ago, and is over 18",
            },
            {
                "rule_id": "host-entrepreneur",
                "kind": "manual",
                "label_fr": "L'entrepreneur d'accueil dirige une PME depuis au moins 3 ans",
                "label_ar": "يسير رائد الأعمال المستضيف مقاولة صغيرة أو متوسطة منذ 3 سنوات على الأقل",
                "label_en": "The host entrepreneur has run a small or medium enterprise for at least 3 years",
            },
            {
                "rule_id": "within-12-months",
                "kind": "manual",
                "label_fr": "Le séjour, éventuellement fractionné, se termine dans les 12 mois",
                "label_ar": "تنتهي الإقامة، ولو كانت مجزأة، في غضون 12 شهرا",
                "label_en": "The stay, possibly split, ends within 12 months",
            },
        ],
    },
]

PARTNERSHIP_CALL_2 = [
    {
        "rule_id": "min-3-countries",
        "label_fr": "Au moins 3 pays participants (les organisations internationales ne comptent pas)",
        "label_ar": "ثلاثة بلدان مشاركة على الأقل (لا تحتسب المنظمات الدولية)",
        "label_en": "At least 3 participating countries (international organisations do not count)",
        "expression": {">=": [{"count_in": [COUNTED_COUNTRIES, NEXT_MED]}, 3]},
        "reason_fr": "Pays participants dans le consortium: {value}; il en faut au moins 3.",
        "reason_ar": "يضم الاتحاد {value} من البلدان المشاركة؛ ويلزم ثلاثة على الأقل.",
        "reason_en": "Participating countries in the consortium: {value}; at least 3 are needed.",
        "remedy": {"add_partner_from": NEXT_MED_PARTNER + NEXT_MED_EU},
    },
    {
        "rule_id": "max-2-per-country",
        "label_fr": "Au plus 2 organisations par pays",
        "label_ar": "منظمتان على الأكثر لكل بلد",
        "label_en": "At most 2 organisations per country",
        "expression": {"<=": [{"var": "max_partners_per_country"}, 2]},
        "reason_fr": "Un pays compte {value} organisations.",
        "reason_ar": "يضم أحد البلدان {value} منظمات.",
        "reason_en": "One country has {value} organisations.",
    },
    {
        "rule_id": "lead-once-per-objective",
        "kind": "manual",
        "label_fr": "Le chef de file ne dépose qu'une proposition par objectif spécifique",
        "label_ar": "لا يقدم رئيس المشروع سوى مقترح واحد لكل هدف محدد",
        "label_en": "The lead partner submits only one proposal per specific objective",
    },
    {
        "rule_id": "lead-max-2-funded",
        "kind": "manual",
        "label_fr": "Le chef de file ne dirige pas plus de 2 projets financés",
        "label_ar": "لا يقود رئيس المشروع أكثر من مشروعين ممولين",
        "label_en": "The lead partner leads at most 2 funded projects",
    },
]

CALLS: list[dict[str, Any]] = [
    {
        "reference": "interreg-next-med-call-2",
        "programme": "interreg-next-med",
        "title_fr": "Interreg NEXT MED – 2e appel à projets (transition verte)",
        "title_ar": "إنتيريغ نكست ميد – طلب المشاريع الثاني (التحول الأخضر)",
        "title_en": "Interreg NEXT MED – second call for proposals (green transition)",
        "summary_fr": "Deuxième appel du programme, consacré à la transition verte, doté de 83,7 millions d'euros. "
        "Au moins 3 pays, dont un pays de l'UE et un pays partenaire méditerranéen; au plus 2 organisations "
        "par pays.",
        "summary_ar": "الطلب الثاني للبرنامج، مخصص للتحول الأخضر، بميزانية 83,7 مليون يورو. ثلاثة بلدان على الأقل، "
        "منها بلد من الاتحاد الأوروبي وبلد شريك متوسطي؛ ومنظمتان على الأكثر لكل بلد.",
        "summary_en": "The programme's second call, on the green transition, with EUR 83.7 million. At least "
        "3 countries, including an EU country and a Mediterranean partner country; at most 2 organisations "
        "per country.",
        "total_budget": 83700000,
        "deadlines": [("2025-04-15", "submission")],
        "themes": ["green-transition"],
        "source": NEXT_MED_SOURCE,
        "source_url": "https://www.interregnextmed.eu/",
        "rules": PARTNERSHIP_CALL_2,
        "published": True,
    },
    {
        "reference": "interreg-next-med-call-1",
        "programme": "interreg-next-med",
        "title_fr": "Interreg NEXT MED – 1er appel à projets (2023)",
        "title_ar": "إنتيريغ نكست ميد – طلب المشاريع الأول (2023)",
        "title_en": "Interreg NEXT MED – first call for proposals (2023)",
        "summary_fr": "Premier appel (2023): subvention de l'UE de 0,5 à 2,5 millions d'euros par projet, 36 mois "
        "au plus, cofinancement de l'UE plafonné à 89 %. Dates à saisir d'après le site du programme.",
        "summary_ar": "الطلب الأول (2023): منحة من الاتحاد الأوروبي من 0,5 إلى 2,5 مليون يورو لكل مشروع، 36 شهرا "
        "على الأكثر، وسقف التمويل المشترك 89 ٪. التواريخ تدرج وفق موقع البرنامج.",
        "summary_en": "First call (2023): EU grant of EUR 0.5–2.5 million per project, at most 36 months, EU "
        "co-financing capped at 89 %. Dates to enter from the programme's site.",
        "grant_min": 500000,
        "grant_max": 2500000,
        "max_duration_months": 36,
        "max_cofinancing_rate": 89,
        "source": NEXT_MED_SOURCE,
        "source_url": "",
        "rules": [
            {
                "rule_id": "cofinancing-rate",
                "label_fr": "Cofinancement de l'UE d'au plus 89 % du budget (les partenaires apportent au moins 11 %)",
                "label_ar": "تمويل مشترك من الاتحاد الأوروبي لا يتجاوز 89 ٪ (يساهم الشركاء بـ11 ٪ على الأقل)",
                "label_en": "EU co-financing of at most 89 % of the budget (partners bring at least 11 %)",
                "expression": {"<=": [{"var": "cofinancing_rate"}, 89]},
                "reason_fr": "La subvention demandée représente {value} % du budget.",
                "reason_ar": "تمثل المنحة المطلوبة {value} ٪ من الميزانية.",
                "reason_en": "The grant requested is {value} % of the budget.",
            },
            {
                "rule_id": "grant-range",
                "label_fr": "Subvention de l'UE entre 0,5 et 2,5 millions d'euros",
                "label_ar": "منحة الاتحاد الأوروبي بين 0,5 و2,5 مليون يورو",
                "label_en": "EU grant between EUR 0.5 and 2.5 million",
                "expression": {"<=": [500000, {"var": "grant_requested_eur"}, 2500000]},
                "reason_fr": "Subvention demandée: {grant_requested_eur} EUR.",
                "reason_ar": "المنحة المطلوبة: {grant_requested_eur} يورو.",
                "reason_en": "Grant requested: EUR {grant_requested_eur}.",
            },
            {
                "rule_id": "max-duration",
                "label_fr": "Durée de 36 mois au plus",
                "label_ar": "مدة لا تتجاوز 36 شهرا",
                "label_en": "A duration of at most 36 months",
                "expression": {"<=": [{"var": "duration_months"}, 36]},
                "reason_fr": "Durée prévue: {duration_months} mois.",
                "reason_ar": "المدة المقررة: {duration_months} شهرا.",
                "reason_en": "Planned duration: {duration_months} months.",
            },
        ],
        "published": False,
    },
    {
        "reference": "interreg-euro-med-call-4-test",
        "programme": "interreg-euro-med",
        "title_fr": "Interreg Euro-MED – 4e appel, projets « Test »",
        "title_ar": "إنتيريغ يورو-ميد – الطلب الرابع، مشاريع «الاختبار»",
        "title_en": 'Interreg Euro-MED – call 4, "Test" projects',
        "summary_fr": "Projets « Test » jusqu'à 2,5 millions d'euros et 33 mois. Dates à saisir d'après le site du "
        "programme avant publication.",
        "summary_ar": "مشاريع «الاختبار» حتى 2,5 مليون يورو و33 شهرا. تدرج التواريخ وفق موقع البرنامج قبل النشر.",
        "summary_en": '"Test" projects up to EUR 2.5 million and 33 months. Dates to enter from the programme\'s '
        "site before publishing.",
        "grant_max": 2500000,
        "max_duration_months": 33,
        "source": EURO_MED_SOURCE,
        "source_url": "",
        "rules": [
            {
                "rule_id": "max-grant",
                "label_fr": "Projet de 2,5 millions d'euros au plus",
                "label_ar": "مشروع لا يتجاوز 2,5 مليون يورو",
                "label_en": "A project of at most EUR 2.5 million",
                "expression": {"<=": [{"var": "total_budget_eur"}, 2500000]},
                "reason_fr": "Budget: {total_budget_eur} EUR.",
                "reason_ar": "الميزانية: {total_budget_eur} يورو.",
                "reason_en": "Budget: EUR {total_budget_eur}.",
            },
            {
                "rule_id": "max-duration",
                "label_fr": "Durée de 33 mois au plus",
                "label_ar": "مدة لا تتجاوز 33 شهرا",
                "label_en": "A duration of at most 33 months",
                "expression": {"<=": [{"var": "duration_months"}, 33]},
                "reason_fr": "Durée prévue: {duration_months} mois.",
                "reason_ar": "المدة المقررة: {duration_months} شهرا.",
                "reason_en": "Planned duration: {duration_months} months.",
            },
            {
                "rule_id": "public-lead",
                "to_verify": True,
                "label_fr": "Le chef de file est un organisme public",
                "label_ar": "رئيس المشروع هيئة عمومية",
                "label_en": "The lead partner is a public body",
                "expression": {"in": [{"var": "lead_type"}, [*AUTHORITIES, "university", "research"]]},
                "reason_fr": "Le chef de file est de type {lead_type}.",
                "reason_ar": "رئيس المشروع من صنف {lead_type}.",
                "reason_en": "The lead partner is of type {lead_type}.",
                "remedy": {"add_partner_of_type": AUTHORITIES},
            },
        ],
        "published": False,
    },
    {
        "reference": "afd-ficol-2024",
        "programme": "afd-ficol",
        "title_fr": "FICOL – appel 2024",
        "title_ar": "فيكول – طلب 2024",
        "title_en": "FICOL – 2024 call",
        "summary_fr": "Appel 2024 de la facilité FICOL de l'AFD, ouvert du 4 janvier au 13 septembre 2024.",
        "summary_ar": "طلب 2024 لآلية فيكول التابعة للوكالة الفرنسية للتنمية، مفتوح من 4 يناير إلى 13 شتنبر 2024.",
        "summary_en": "The 2024 call of AFD's FICOL facility, open from 4 January to 13 September 2024.",
        "opening_date": "2024-01-04",
        "deadlines": [("2024-09-13", "submission")],
        "source": FICOL_SOURCE,
        "source_url": "",
        "rules": [],
        "published": True,
    },
    {
        "reference": "erasmus-young-entrepreneurs",
        "programme": "erasmus-young-entrepreneurs",
        "title_fr": "Erasmus pour jeunes entrepreneurs – candidatures toute l'année",
        "title_ar": "إيراسموس لرواد الأعمال الشباب – الترشيحات طوال السنة",
        "title_en": "Erasmus for Young Entrepreneurs – applications all year round",
        "summary_fr": "Les organisations intermédiaires locales examinent les candidatures et proposent des "
        "binômes; la Commission donne l'accord final.",
        "summary_ar": "تدرس المنظمات الوسيطة المحلية الترشيحات وتقترح الثنائيات؛ وتمنح المفوضية الموافقة النهائية.",
        "summary_en": "Local intermediary organisations screen applications and propose matches; the "
        "Commission gives the final approval.",
        "recurring": True,
        "source": EYE_SOURCE,
        "source_url": "",
        "rules": [],
        "published": True,
    },
]
