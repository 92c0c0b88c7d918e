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
    "partial": "Välikooste: kuukausi on vielä kesken.",
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
    "window": "Keskusteluaika",
    "by_window": "Keskusteluajoittain",
    "by_municipality": "Kunnittain",
    "municipality": "Kunta",
    "municipality_unknown": "ei tiedossa",
    "badge_top_reactions": "eniten reaktioita",
    "badge_top_replies": "eniten vastauksia",
    "badge_highlight": "työntekijän nosto",
    "badge_question": "kysymys",
    "highlights": "Työntekijöiden nostot",
    "question_quotes": "Esitetyt kysymykset",
    "marked_above": "{count} (merkitty yllä: {badge})",
    "note": "Nostot",
    "subtopics": "Alateemat: teeman kysymykset",
    "subtopic_other": "Muut",
    "not_quoted_one": "{count} muu puheenvuoro, jota ei lainata (ei suostumusta tai muu syy).",
    "not_quoted_many": (
        "{count} muuta puheenvuoroa, joita ei lainata (ei suostumusta tai muu syy)."
    ),
    "voice": "Äänten jakautuminen",
    "voice_text": (
        "{top} aktiivisinta {participants} osallistujasta kirjoitti {share} puheenvuoroista."
    ),
    "voice_hidden": "Ei näytetä: osallistujia on alle {threshold}.",
    "keywords": "Avainsanat",
    "reaction_one": "reaktio",
    "reaction_many": "reaktiota",
    "reply_one": "vastaus",
    "reply_many": "vastausta",
    "changes": "Muutos edelliseen kuukauteen",
    "previous": "Edellinen jakso",
    "change": "Muutos",
    "participation": "Osallistuminen",
    "active_members": "Aktiiviset jäsenet",
    "new_members": "Uudet jäsenet",
    "consent_given": "Suostumuksen antaneet aktiiviset jäsenet",
    "consent_coverage": "Suostumuksen antaneiden osuus",
    "chart_themes": "Puheenvuorot teemoittain",
    "chart_windows": "Puheenvuorot keskusteluajoittain",
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
        "Keskusteluaikojen luvut näytetään sellaisinaan, koska ne kerrottiin ryhmässä jo "
        "keskusteluajan päättyessä. Sen jälkeen tulleet vastaukset eivät sisälly niihin."
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
    "page": "sivu {page} / {pages}",
    "sheet_breakdowns": "Erittelyt",
    "breakdown_kind": "Erittely",
    "label": "Nimi",
    "period_start": "Alkaa",
    "period_end": "Päättyy",
    "column_contribution_id": "Puheenvuoron nro",
    "column_pseudonym": "Pseudonyymi",
    "column_theme": "Teema",
    "column_session_date": "Keskustelupäivä",
    "column_window": "Keskusteluaika",
    "column_sent_at": "Lähetetty",
    "column_text": "Teksti",
    "column_media": "Media",
    "column_reactions": "Reaktiot",
    "column_replies": "Vastaukset",
    "column_hidden": "Piilotettu",
    "column_late": "Myöhästynyt",
    "column_highlighted": "Nostettu",
    "column_subtopic": "Alateema",
    "column_theme_key": "Teeman tunnus",
    "column_windows": "Keskusteluajat",
    "column_municipalities": "Kunnat",
    "column_value": "Arvo",
    "column_item": "Tieto",
    "private": "Yksityisviestit",
    "private_counted": (
        "Yksityisviestit ovat viestejä, jotka jäsenet kirjoittivat botille keskustelupäivien "
        "välillä. Ne sisältyvät teeman puheenvuoroihin, eivätkä ne kuulu mihinkään "
        "keskusteluaikaan."
    ),
    "badge_private": "yksityisviesti",
    "staff_questions": "Kysymykset työntekijöille",
    "questions_answered": "Vastattu",
    "questions_open": "Odottaa vastausta",
    "question": "Kysymys",
    "answer": "Vastaus",
    "no_answer": "Ei vielä vastausta.",
    "question_erased": "Kysymyksen teksti on poistettu.",
    "asked_at": "Kysytty",
    "state": "Tila",
    "state_open": "odottaa vastausta",
    "state_answered": "vastattu",
    "state_published": "vastaus julkaistu ryhmässä",
    "questions_anonymous": (
        "Kysymykset näytetään ilman kysyjää, ja henkilötiedot on poistettu kysymyksistä ja "
        "vastauksista."
    ),
    "polls": "Kyselyt",
    "poll_option": "Vaihtoehto",
    "poll_votes": "Ääniä",
    "poll_closed": "päättynyt",
    "poll_open": "käynnissä",
    "poll_anonymous": "anonyymi",
    "poll_named": "ei anonyymi, vain äänimäärät näytetään",
    "polls_public": (
        "Kyselyjen äänimäärät näytetään sellaisinaan, koska ne näkyivät ryhmässä. Sitä, kuka "
        "äänesti mitäkin, ei näytetä koskaan."
    ),
    "other_sections": "Teemojen ulkopuolella",
    "sheet_questions": "Kysymykset",
    "sheet_polls": "Kyselyt",
    "column_private": "Yksityisviesti",
    "regional_sections": (
        "Kysymykset vastauksineen ja kyselyjen tulokset ovat kunkin ryhmän omassa koosteessa."
    ),
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
    "partial": "Mellanrapport: månaden pågår fortfarande.",
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
    "window": "Diskussionstid",
    "by_window": "Per diskussionstid",
    "by_municipality": "Per kommun",
    "municipality": "Kommun",
    "municipality_unknown": "okänd",
    "badge_top_reactions": "flest reaktioner",
    "badge_top_replies": "flest svar",
    "badge_highlight": "lyft av personalen",
    "badge_question": "fråga",
    "highlights": "Personalens lyft",
    "question_quotes": "Frågor som ställdes",
    "marked_above": "{count} (markerade ovan: {badge})",
    "note": "Lyft",
    "subtopics": "Underteman: temats frågor",
    "subtopic_other": "Övriga",
    "not_quoted_one": "{count} annat inlägg som inte citeras (inget samtycke eller annat skäl).",
    "not_quoted_many": "{count} andra inlägg som inte citeras (inget samtycke eller annat skäl).",
    "voice": "Röstfördelning",
    "voice_text": "De {top} mest aktiva av {participants} deltagare skrev {share} av inläggen.",
    "voice_hidden": "Visas inte: färre än {threshold} deltagare.",
    "keywords": "Nyckelord",
    "reaction_one": "reaktion",
    "reaction_many": "reaktioner",
    "reply_one": "svar",
    "reply_many": "svar",
    "changes": "Förändring jämfört med föregående månad",
    "previous": "Föregående period",
    "change": "Förändring",
    "participation": "Deltagande",
    "active_members": "Aktiva medlemmar",
    "new_members": "Nya medlemmar",
    "consent_given": "Aktiva medlemmar som gett samtycke",
    "consent_coverage": "Andel som gett samtycke",
    "chart_themes": "Inlägg per tema",
    "chart_windows": "Inlägg per diskussionstid",
    "suppressed": "Celler med färre än {threshold} observationer visas som ”< {threshold}”.",
    "complementary": (
        "Tecknet ”·” är ett dolt tal på minst {threshold}. Det är dolt så att ett mindre dolt "
        "tal inte kan räknas ut genom att dra av från summan."
    ),
    "withheld": (
        "Fördelningen per kommun utelämnas för de teman där dess tal kunde härledas ur summan."
    ),
    "public_windows": (
        "Diskussionstidernas siffror visas som de är, eftersom de meddelades i gruppen redan "
        "när diskussionstiden slutade. Svar som kom efter det ingår inte i dem."
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
    "page": "sida {page} / {pages}",
    "sheet_breakdowns": "Fördelningar",
    "breakdown_kind": "Fördelning",
    "label": "Namn",
    "period_start": "Börjar",
    "period_end": "Slutar",
    "column_contribution_id": "Inläggsnr",
    "column_pseudonym": "Pseudonym",
    "column_theme": "Tema",
    "column_session_date": "Diskussionsdag",
    "column_window": "Diskussionstid",
    "column_sent_at": "Skickat",
    "column_text": "Text",
    "column_media": "Media",
    "column_reactions": "Reaktioner",
    "column_replies": "Svar",
    "column_hidden": "Dolt",
    "column_late": "Sent",
    "column_highlighted": "Lyft",
    "column_subtopic": "Delämne",
    "column_theme_key": "Temakod",
    "column_windows": "Diskussionstider",
    "column_municipalities": "Kommuner",
    "column_value": "Värde",
    "column_item": "Uppgift",
    "private": "Privata meddelanden",
    "private_counted": (
        "Privata meddelanden är sådana som medlemmarna skrev till boten mellan "
        "diskussionsdagarna. De ingår i temats inlägg men hör inte till någon diskussionstid."
    ),
    "badge_private": "privat meddelande",
    "staff_questions": "Frågor till personalen",
    "questions_answered": "Besvarade",
    "questions_open": "Väntar på svar",
    "question": "Fråga",
    "answer": "Svar",
    "no_answer": "Inget svar ännu.",
    "question_erased": "Frågans text har raderats.",
    "asked_at": "Ställd",
    "state": "Status",
    "state_open": "väntar på svar",
    "state_answered": "besvarad",
    "state_published": "svaret publicerat i gruppen",
    "questions_anonymous": (
        "Frågorna visas utan den som frågade, och personuppgifter har tagits bort ur frågor "
        "och svar."
    ),
    "polls": "Omröstningar",
    "poll_option": "Alternativ",
    "poll_votes": "Röster",
    "poll_closed": "avslutad",
    "poll_open": "pågår",
    "poll_anonymous": "anonym",
    "poll_named": "inte anonym, bara antalet röster visas",
    "polls_public": (
        "Omröstningarnas röstantal visas som de är, eftersom de syntes i gruppen. Vem som "
        "röstade på vad visas aldrig."
    ),
    "other_sections": "Utanför teman",
    "sheet_questions": "Frågor",
    "sheet_polls": "Omröstningar",
    "column_private": "Privat meddelande",
    "regional_sections": (
        "Frågorna med svar och omröstningarnas resultat finns i varje grupps eget sammandrag."
    ),
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
    "partial": "Interim digest: the month is not over yet.",
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
    "window": "Discussion time",
    "by_window": "By discussion time",
    "by_municipality": "By municipality",
    "municipality": "Municipality",
    "municipality_unknown": "unknown",
    "badge_top_reactions": "most reactions",
    "badge_top_replies": "most replies",
    "badge_highlight": "staff highlight",
    "badge_question": "question",
    "highlights": "Staff highlights",
    "question_quotes": "Questions raised",
    "marked_above": "{count} (marked above: {badge})",
    "note": "Takeaways",
    "subtopics": "Sub-topics: the theme's questions",
    "subtopic_other": "Other",
    "not_quoted_one": "{count} other contribution not quoted (no consent or not quotable).",
    "not_quoted_many": "{count} other contributions not quoted (no consent or not quotable).",
    "voice": "Voice balance",
    "voice_text": (
        "The {top} most active of {participants} participants wrote {share} of the contributions."
    ),
    "voice_hidden": "Not shown: fewer than {threshold} participants.",
    "keywords": "Keywords",
    "reaction_one": "reaction",
    "reaction_many": "reactions",
    "reply_one": "reply",
    "reply_many": "replies",
    "changes": "Change from the previous month",
    "previous": "Previous period",
    "change": "Change",
    "participation": "Participation",
    "active_members": "Active members",
    "new_members": "New members",
    "consent_given": "Active members who gave consent",
    "consent_coverage": "Share who gave consent",
    "chart_themes": "Contributions per theme",
    "chart_windows": "Contributions per discussion time",
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
        "Discussion time figures are shown as they are: the group was told them when each "
        "discussion time ended. Replies that came after it ended are not included."
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
    "page": "page {page} of {pages}",
    "sheet_breakdowns": "Breakdowns",
    "breakdown_kind": "Breakdown",
    "label": "Name",
    "period_start": "Starts",
    "period_end": "Ends",
    "column_contribution_id": "Contribution no.",
    "column_pseudonym": "Pseudonym",
    "column_theme": "Theme",
    "column_session_date": "Session day",
    "column_window": "Window",
    "column_sent_at": "Sent",
    "column_text": "Text",
    "column_media": "Media",
    "column_reactions": "Reactions",
    "column_replies": "Replies",
    "column_hidden": "Hidden",
    "column_late": "Late",
    "column_highlighted": "Highlighted",
    "column_subtopic": "Sub-topic",
    "column_theme_key": "Theme key",
    "column_windows": "Windows",
    "column_municipalities": "Municipalities",
    "column_value": "Value",
    "column_item": "Item",
    "private": "Private messages",
    "private_counted": (
        "Private messages are those members wrote to the bot between session days. They are "
        "counted in the theme's contributions and belong to no discussion time."
    ),
    "badge_private": "private message",
    "staff_questions": "Questions to staff",
    "questions_answered": "Answered",
    "questions_open": "Awaiting an answer",
    "question": "Question",
    "answer": "Answer",
    "no_answer": "Not answered yet.",
    "question_erased": "The question's text has been erased.",
    "asked_at": "Asked",
    "state": "State",
    "state_open": "awaiting an answer",
    "state_answered": "answered",
    "state_published": "answer published in the group",
    "questions_anonymous": (
        "Questions are shown without who asked, with personal data removed from questions "
        "and answers."
    ),
    "polls": "Polls",
    "poll_option": "Option",
    "poll_votes": "Votes",
    "poll_closed": "closed",
    "poll_open": "open",
    "poll_anonymous": "anonymous",
    "poll_named": "not anonymous, only the counts are shown",
    "polls_public": (
        "Poll counts are shown as they are: the group could see them. Who voted for what is "
        "never shown."
    ),
    "other_sections": "Outside the themes",
    "sheet_questions": "Questions",
    "sheet_polls": "Polls",
    "column_private": "Private message",
    "regional_sections": (
        "The questions with their answers and the poll results are in each group's own digest."
    ),
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
