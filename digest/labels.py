"""Document text of digests in Finnish (default), Swedish and English.

These are headings and captions of files for project workers, not bot chat messages,
so they live here rather than in the gettext catalogs.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"

_FI = {
    "digest": "Neuvo-kooste",
    "group": "Ryhmä",
    "audience": "Kohderyhmä",
    "audience_parents": "vanhemmat",
    "audience_youth": "nuoret",
    "period": "Ajanjakso",
    "generated": "Laadittu",
    "partial": "Kooste tähänastisesta: ajanjakso on vielä kesken.",
    "summary": "Yhteenveto",
    "contributions": "Puheenvuorot",
    "participants": "Osallistujat",
    "themed": "Teemoihin liittyvät puheenvuorot",
    "unthemed": "Teemojen ulkopuoliset puheenvuorot",
    "late": "Myöhästyneet vastaukset",
    "hidden": "Piilotetut",
    "questions": "Kysymykset",
    "highlighted": "Nostot",
    "sessions": "Keskustelupäivät",
    "no_sessions": "Ajanjaksolla ei pidetty keskustelupäiviä.",
    "date": "Päivä",
    "theme": "Teema",
    "themes": "Teemat",
    "no_themes": "Ajanjaksolla ei ollut teemoihin liittyviä puheenvuoroja.",
    "window": "Ikkuna",
    "by_window": "Ikkunoittain",
    "by_municipality": "Kunnittain",
    "municipality": "Kunta",
    "municipality_unknown": "ei tiedossa",
    "top_by_reactions": "Eniten reaktioita saaneet",
    "top_by_replies": "Eniten vastauksia saaneet",
    "highlights": "Työntekijöiden nostot",
    "question_quotes": "Esitetyt kysymykset",
    "keywords": "Avainsanat",
    "reactions": "reaktiota",
    "replies": "vastausta",
    "changes": "Muutos edelliseen jaksoon",
    "previous": "Edellinen jakso",
    "change": "Muutos",
    "participation": "Osallistuminen",
    "active_members": "Aktiiviset jäsenet",
    "new_members": "Uudet jäsenet",
    "consent_given": "Suostumuksen antaneet aktiiviset jäsenet",
    "consent_coverage": "Suostumuksen kattavuus",
    "chart_themes": "Puheenvuorot teemoittain",
    "chart_windows": "Puheenvuorot ikkunoittain",
    "suppressed": "Alle {threshold} havainnon solut näytetään muodossa ”< {threshold}”.",
    "complementary": (
        "Merkintä ”·” on piilotettu luku, joka on vähintään {threshold}. Se on piilotettu, "
        "jotta pienempää piilotettua lukua ei voi laskea yhteismäärästä vähentämällä."
    ),
    "withheld": (
        "Kuntakohtainen jako jätetään pois niistä teemoista, joissa sen luvut voisi päätellä "
        "yhteismäärästä."
    ),
    "public_windows": (
        "Ikkunoiden luvut näytetään sellaisinaan, koska ne kerrottiin ryhmässä jo ikkunan "
        "päättyessä. Ikkunan päättymisen jälkeen tulleet vastaukset eivät sisälly niihin."
    ),
    "privacy": (
        "Kirjoittajat näkyvät pseudonyymeinä. Lainauksia on vain suostumuksen antaneilta, "
        "ja henkilötiedot on poistettu niistä."
    ),
    "total": "Yhteensä",
    "none": "–",
    "sheet_summary": "Yhteenveto",
    "sheet_themes": "Teemat",
    "sheet_contributions": "Puheenvuorot",
    "regional": "Alueellinen kooste",
    "groups": "Ryhmät",
    "by_group": "Ryhmittäin",
    "group_count": "Ryhmiä",
    "regional_withheld": (
        "Ryhmä- tai kuntakohtainen jako jätetään pois niistä teemoista, joissa sen luvut "
        "voisi päätellä yhteismäärästä."
    ),
}

_SV = {
    "digest": "Neuvo-sammandrag",
    "group": "Grupp",
    "audience": "Målgrupp",
    "audience_parents": "föräldrar",
    "audience_youth": "unga",
    "period": "Period",
    "generated": "Skapat",
    "partial": "Sammandrag hittills: perioden pågår fortfarande.",
    "summary": "Sammanfattning",
    "contributions": "Inlägg",
    "participants": "Deltagare",
    "themed": "Inlägg inom teman",
    "unthemed": "Inlägg utanför teman",
    "late": "Sena svar",
    "hidden": "Dolda",
    "questions": "Frågor",
    "highlighted": "Lyft",
    "sessions": "Diskussionsdagar",
    "no_sessions": "Inga diskussionsdagar hölls under perioden.",
    "date": "Datum",
    "theme": "Tema",
    "themes": "Teman",
    "no_themes": "Perioden hade inga inlägg inom teman.",
    "window": "Fönster",
    "by_window": "Per fönster",
    "by_municipality": "Per kommun",
    "municipality": "Kommun",
    "municipality_unknown": "okänd",
    "top_by_reactions": "Flest reaktioner",
    "top_by_replies": "Flest svar",
    "highlights": "Personalens lyft",
    "question_quotes": "Frågor som ställdes",
    "keywords": "Nyckelord",
    "reactions": "reaktioner",
    "replies": "svar",
    "changes": "Förändring mot föregående period",
    "previous": "Föregående period",
    "change": "Förändring",
    "participation": "Deltagande",
    "active_members": "Aktiva medlemmar",
    "new_members": "Nya medlemmar",
    "consent_given": "Aktiva medlemmar som gett samtycke",
    "consent_coverage": "Samtyckets täckning",
    "chart_themes": "Inlägg per tema",
    "chart_windows": "Inlägg per fönster",
    "suppressed": "Celler med färre än {threshold} observationer visas som ”< {threshold}”.",
    "complementary": (
        "Tecknet ”·” är ett dolt tal på minst {threshold}. Det är dolt så att ett mindre dolt "
        "tal inte kan räknas ut genom att dra av från summan."
    ),
    "withheld": (
        "Fördelningen per kommun utelämnas för de teman där dess tal kunde härledas ur summan."
    ),
    "public_windows": (
        "Fönstrens siffror visas som de är, eftersom de meddelades i gruppen redan när "
        "fönstret stängdes. Svar som kom efter att fönstret stängts ingår inte i dem."
    ),
    "privacy": (
        "Skribenterna visas med pseudonymer. Citat finns bara från dem som gett samtycke, "
        "och personuppgifter har tagits bort."
    ),
    "total": "Totalt",
    "none": "–",
    "sheet_summary": "Sammanfattning",
    "sheet_themes": "Teman",
    "sheet_contributions": "Inlägg",
    "regional": "Regionalt sammandrag",
    "groups": "Grupper",
    "by_group": "Per grupp",
    "group_count": "Grupper",
    "regional_withheld": (
        "Fördelningen per grupp eller kommun utelämnas för teman där dess tal kunde härledas "
        "ur totalen."
    ),
}

_EN = {
    "digest": "Neuvo digest",
    "group": "Group",
    "audience": "Audience",
    "audience_parents": "parents",
    "audience_youth": "youth",
    "period": "Period",
    "generated": "Generated",
    "partial": "The digest so far: the period is not over yet.",
    "summary": "Summary",
    "contributions": "Contributions",
    "participants": "Participants",
    "themed": "Contributions to themes",
    "unthemed": "Unthemed contributions",
    "late": "Late replies",
    "hidden": "Hidden",
    "questions": "Questions",
    "highlighted": "Highlighted",
    "sessions": "Session days",
    "no_sessions": "No session days were held in the period.",
    "date": "Date",
    "theme": "Theme",
    "themes": "Themes",
    "no_themes": "There were no contributions to themes in the period.",
    "window": "Window",
    "by_window": "By window",
    "by_municipality": "By municipality",
    "municipality": "Municipality",
    "municipality_unknown": "unknown",
    "top_by_reactions": "Most reactions",
    "top_by_replies": "Most replies",
    "highlights": "Staff highlights",
    "question_quotes": "Questions raised",
    "keywords": "Keywords",
    "reactions": "reactions",
    "replies": "replies",
    "changes": "Change against the previous period",
    "previous": "Previous period",
    "change": "Change",
    "participation": "Participation",
    "active_members": "Active members",
    "new_members": "New members",
    "consent_given": "Active members who gave consent",
    "consent_coverage": "Consent coverage",
    "chart_themes": "Contributions per theme",
    "chart_windows": "Contributions per window",
    "suppressed": "Cells with fewer than {threshold} are shown as “< {threshold}”.",
    "complementary": (
        "“·” is a hidden count of at least {threshold}, hidden so that no smaller hidden "
        "count can be worked out from the total by subtraction."
    ),
    "withheld": (
        "The breakdown by municipality is left out of themes where its counts could be "
        "worked out from the total."
    ),
    "public_windows": (
        "Window figures are shown as they are: the group was told them when each window "
        "closed. Replies that came after a window closed are not included."
    ),
    "privacy": (
        "Authors appear under pseudonyms. Only members who gave consent are quoted, "
        "with personal data removed."
    ),
    "total": "Total",
    "none": "–",
    "sheet_summary": "Summary",
    "sheet_themes": "Themes",
    "sheet_contributions": "Contributions",
    "regional": "Regional digest",
    "groups": "Groups",
    "by_group": "By group",
    "group_count": "Groups",
    "regional_withheld": (
        "The breakdown by group or municipality is left out of themes where its figures could "
        "be worked out from the total."
    ),
}

LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"fi": MappingProxyType(_FI), "sv": MappingProxyType(_SV), "en": MappingProxyType(_EN)}
)


def normalise(language: str | None) -> str:
    """ "sv-FI" -> "sv"; anything unknown -> "fi"."""
    primary = (language or "").strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in LANGUAGES else DEFAULT_LANGUAGE


def labels_for(language: str | None) -> Mapping[str, str]:
    """The label table of a language (Finnish when unknown)."""
    return LABELS[normalise(language)]
