"""The hand-counted December 2026 month that the digest tests share (and a check of it).

Members of group "parents" (Helsinki time, UTC+2 in December):
A consent given, Lahti · B given, Lahti, joined in December · C declined, Heinola, joined in
December · D unknown consent, no municipality · E forgotten (user id erased), Lahti ·
F given, Lahti · G given, joined in December, silent · S staff.
Session days: 8.12. kiusaaminen (windows 08-10, 14-16, 20-22 opened), 15.12. skipped,
22.12. kaveruustaidot (08-10 and 14-16 opened). November holds the previous period.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from digest.builder import build_digest
from digest.model import Digest
from digest.periods import month_range
from storage import models
from storage.db import transaction
from storage.questions import Question
from storage.upsert import table_of
from themes.loader import load_catalog

SECRET = "digest-test-secret-0123456789"
CHAT = -100_987_654_321_0
GROUP_KEY = "parents"
NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)

USER = {"A": 987_654_321_001, "B": 987_654_321_002, "C": 987_654_321_003}
USER |= {"D": 987_654_321_004, "F": 987_654_321_006, "G": 987_654_321_007}
USER |= {"S": 987_654_321_099}
MEMBER = {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "S": 8}

# Texts that must never appear in any format (no consent, forgotten, or hidden).
SECRETS = ("SALAISUUS-C", "SALAISUUS-D", "SALAISUUS-E", "PIILOTETTU-TEKSTI", "SALAISUUS-S")
PHONE, EMAIL, IDENTITY = "040 123 4567", "matti.meikalainen@example.com", "131052-308T"
USERNAME = "@matti_meikalainen"
NEVER_SHOWN = (*SECRETS, PHONE, EMAIL, IDENTITY)
"""Everything no file or digest may show: the secrets and the personal details."""


def at(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    """An aware UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _member(
    key: str, consent: str, municipality: str | None, joined: datetime, *, entered: bool = True
) -> dict[str, Any]:
    """A member row; `entered` False: in the group before the bot, first seen when writing."""
    return {
        "id": MEMBER[key],
        "group_id": 1,
        "user_id": USER.get(key),
        "consent": consent,
        "municipality": municipality,
        "is_staff": key == "S",
        "forgotten": key == "E",
        "joined_at": joined,
        "entered_at": joined if entered else None,
    }


MEMBERS = [
    _member("A", "given", "Lahti", at(10, 8, month=11)),
    _member("B", "given", "Lahti", at(2, 8)),
    _member("C", "declined", "Heinola", at(3, 8), entered=False),
    _member("D", "unknown", None, at(1, 8, month=11)),
    _member("E", "withdrawn", "Lahti", at(1, 8, month=11)),
    _member("F", "given", "Lahti", at(1, 8, month=11)),
    _member("G", "given", "Lahti", at(4, 8)),
    _member("S", "unknown", None, at(5, 8)),
]

DAY1, DAY2, DAY_SKIPPED = 1, 2, 3
W1 = {"08-10": at(8, 6), "14-16": at(8, 12), "20-22": at(8, 18)}
W2 = {"08-10": at(22, 6), "14-16": at(22, 12)}


def _c(
    number: int,
    who: str,
    sent_at: datetime,
    text: str | None,
    *,
    theme: str | None = None,
    day: int | None = None,
    window: str | None = None,
    **flags: Any,
) -> dict[str, Any]:
    starts = W1 if day == DAY1 else W2
    return {
        "id": number,
        "group_id": 1,
        "member_id": MEMBER[who],
        "chat_id": CHAT,
        "message_id": 555_000_000 + number,
        "session_day_id": day,
        "theme_key": theme,
        "window_label": window,
        "window_start": starts[window] if window else None,
        "sent_at": sent_at,
        "reply_to_message_id": flags.pop("reply_to", None),
        "text": text,
        "is_staff": who == "S",
        "late": flags.pop("late", False),
        "hidden": flags.pop("hidden", False),
        "highlighted": flags.pop("highlighted", False),
        "stored_at": sent_at,
    }


def _k(
    number: int, who: str, minute: int, text: str, window: str = "08-10", **flags: Any
) -> dict[str, Any]:
    """A contribution `minute` minutes into a window of session day 1 or 2, on its theme."""
    day = flags.pop("day", DAY1)
    starts, theme = (W1, "kiusaaminen") if day == DAY1 else (W2, "kaveruustaidot")
    sent = starts[window] + timedelta(minutes=minute)
    return _c(number, who, sent, text, theme=theme, day=day, window=window, **flags)


REPLY_TO_1 = 555_000_001
CONTRIBUTIONS = [
    _k(1, "A", 10, "Kiusaaminen koulussa alkoi jo ekaluokalla. Opettaja ei huomannut."),
    _k(2, "B", 20, f"Koulussa kiusaaminen jatkui, soita {PHONE} tai {EMAIL}", reply_to=REPLY_TO_1),
    _k(3, "C", 30, "SALAISUUS-C koulussa kiusaaminen", reply_to=REPLY_TO_1),
    _k(4, "D", 40, "SALAISUUS-D kiusaaminen koulussa"),
    _k(5, "E", 50, "SALAISUUS-E koulussa"),
    _k(6, "F", 60, "Miksi koulu ei puutu kiusaamiseen heti?", highlighted=True),
    _k(7, "A", 70, f"PIILOTETTU-TEKSTI {IDENTITY}", hidden=True),
    _k(8, "S", 80, "SALAISUUS-S henkilökunnan viesti koulusta"),
    _k(9, "B", 30, f"Kiusaaminen loppui, kun rehtori puuttui. Tunnus {IDENTITY}.", "14-16"),
    _k(10, "F", 40, f"Meillä koulu järjesti illan kiusaamisesta, kysy {USERNAME}", "14-16"),
    _k(
        11,
        "A",
        210,
        "Vielä: kiusaaminen pitää ottaa vakavasti.",
        "20-22",
        late=True,
        reply_to=555_000_900,
    ),
    _k(12, "C", 10, "SALAISUUS-C2 kaverit?", "14-16", day=DAY2, highlighted=True),
    _k(13, "F", 20, "Kaveritaidot opitaan leikissä.", "14-16", day=DAY2),
    _k(14, "D", 30, "SALAISUUS-D2", "14-16", day=DAY2),
    _c(15, "A", at(10, 10), "Hyvää viikonloppua kaikille"),
    _c(16, "C", at(11, 10), "SALAISUUS-C3"),
    _c(17, "S", at(12, 10), "SALAISUUS-S muistakaa ensi viikko"),
    _c(18, "A", at(10, 7, month=11), "Marraskuu A", theme="kiusaaminen"),
    _c(19, "B", at(10, 7, 10, month=11), "Marraskuu B", theme="kiusaaminen"),
    _c(20, "B", at(24, 7, month=11), "Marraskuu ero", theme="eroasiat"),
    _c(21, "A", at(2, 7, month=1, year=2027), "Tammikuu", theme="kiusaaminen"),
    _c(22, "A", at(31, 21, 59), "Uudenvuodenaatto 23:59 paikallista", theme=None),
    _c(23, "A", at(30, 22, 0, month=11), "Joulukuun ensimmäinen hetki", theme=None),
]
"""#22 is 31.12. 23:59 local (inside), #23 is 1.12. 00:00 local (inside)."""


def _reaction(number: int, user: int | None, emoji: str, count: int = 1) -> dict[str, Any]:
    return {
        "chat_id": CHAT,
        "message_id": 555_000_000 + number,
        "user_id": user,
        "emoji": emoji,
        "count": count,
        "updated_at": NOW,
    }


REACTIONS = [
    _reaction(1, USER["B"], "👍"),
    _reaction(1, USER["F"], "❤"),
    _reaction(9, None, "👍", 5),
    _reaction(9, USER["A"], "👍"),  # anonymous totals win over per-user rows
    _reaction(3, None, "🔥", 10),  # C declined: never quoted however popular
]


def _open(day: int, label: str, theme: str) -> dict[str, Any]:
    start = (W1 if day == DAY1 else W2)[label]
    end = start.replace(hour=start.hour + 2)
    return {
        "group_id": 1,
        "session_day_id": day,
        "window_start": start,
        "window_end": end,
        "action": "open",
        "theme_key": theme,
        "done_at": start,
    }


async def seed(sessions: async_sessionmaker[AsyncSession], *, title_theme: str = "") -> None:
    """Insert the month (optionally with one more theme key on day 1's first contribution)."""
    group = {
        "id": 1, "key": GROUP_KEY, "chat_id": CHAT, "audience": "parents", "title": "Lahti",
        "language": "fi", "timezone": "Europe/Helsinki", "created_at": at(1, 8, month=11),
    }  # fmt: skip
    days = [
        {"id": DAY1, "group_id": 1, "day": date(2026, 12, 8), "theme_key": "kiusaaminen"},
        {"id": DAY_SKIPPED, "group_id": 1, "day": date(2026, 12, 15), "theme_key": "eroasiat"},
        {"id": DAY2, "group_id": 1, "day": date(2026, 12, 22), "theme_key": "kaveruustaidot"},
    ]
    for day in days:
        day |= {"skipped": day["id"] == DAY_SKIPPED, "updated_at": NOW, "source": "plan"}
    actions = [_open(DAY1, label, "kiusaaminen") for label in W1]
    actions += [_open(DAY2, label, "kaveruustaidot") for label in W2]
    contributions = [dict(row) for row in CONTRIBUTIONS]
    if title_theme:
        contributions[0]["theme_key"] = title_theme
    async with transaction(sessions) as db:
        for model, rows in (
            (models.Group, [group]),
            (models.Member, MEMBERS),
            (models.SessionDay, days),
            (models.WindowAction, actions),
            (models.Contribution, contributions),
            (models.Reaction, REACTIONS),
        ):
            await db.execute(insert(table_of(model)), rows)


PRIVATE_ID = 24  # A's private message between session days, on friendship skills


def _question(
    number: int, state: str, text: str | None, answer: str | None, **more: Any
) -> dict[str, Any]:
    """A question row of group 1 by member B (never shown), asked in December unless said."""
    return {
        "id": number, "group_id": 1, "member_id": MEMBER["B"], "state": state,
        "theme_key": more.get("theme", "kiusaaminen"), "text": text, "answer": answer,
        "asked_at": more.get("asked_at", at(8, 7, number)),
    }  # fmt: skip


QUESTIONS = [
    _question(1, "published", f"Saako koulukuraattorin numeron? Minun on {PHONE}", "Saa, kysy."),
    _question(2, "answered", "Milloin seuraava keskustelupäivä on?", f"Kirjoita {EMAIL}"),
    _question(3, "open", "Onko vertaistukiryhmää?", None),
    _question(4, "draft", "LUONNOS-KYSYMYS", None, theme=None),
    _question(5, "open", "MARRASKUU-KYSYMYS", None, asked_at=at(20, 8, month=11)),
    _question(6, "open", "Kenelle voi soittaa?", None, theme=None),
]


def _poll(number: int, theme: str | None, counts: list[int], **more: Any) -> dict[str, Any]:
    return {
        "id": number, "group_id": 1, "chat_id": CHAT, "message_id": 556_000_000 + number,
        "poll_id": f"poll-{number}", "question": more.get("question", f"Kysely {number}?"),
        "options": json.dumps(more.get("options", ["Kyllä", "Ei"]), ensure_ascii=False),
        "counts": json.dumps(counts), "anonymous": more.get("anonymous", True),
        "theme_key": theme, "created_at": more.get("created_at", at(8, 7, number)),
        "closed_at": more.get("closed_at"),
    }  # fmt: skip


POLLS = [
    _poll(1, "kiusaaminen", [3, 1], question="Puuttuiko koulu?", closed_at=at(8, 8)),
    _poll(2, "eroasiat", [0, 2, 1], anonymous=False, options=["A", "B", "C"]),
    _poll(3, "kiusaaminen", [9, 9], question="MARRASKUU-KYSELY?", created_at=at(5, 8, month=11)),
]


async def seed_sections(sessions: async_sessionmaker[AsyncSession]) -> None:
    """The month plus questions to staff, quick polls and one private message (A, consent
    given, on 15.12. between session days: friendship skills, no window)."""
    await seed(sessions)
    sent = at(15, 18)
    private = _c(PRIVATE_ID, "A", sent, "Kaverit ovat lapselle tärkeitä.", theme="kaveruustaidot")
    private |= {"session_day_id": DAY2, "private": True}
    async with transaction(sessions) as db:
        for model, rows in (
            (Question, QUESTIONS),
            (models.QuickPoll, POLLS),
            (models.Contribution, [private]),
        ):
            await db.execute(insert(table_of(model)), rows)


async def december_digest(sessions: async_sessionmaker[AsyncSession], **options: Any) -> Digest:
    """The seeded group's December digest; `options` override build_digest's arguments."""
    start, end = month_range(2026, 12, "Europe/Helsinki")
    arguments: dict[str, Any] = {
        "group_key": GROUP_KEY,
        "secret": SECRET,
        "catalog": load_catalog(),
        "now": NOW,
    }
    async with sessions() as db:
        return await build_digest(db, start=start, end=end, **arguments | options)


async def test_seed_holds_every_row(sessions: async_sessionmaker[AsyncSession]) -> None:
    """The shared month inserts every contribution and reaction as listed."""
    await seed(sessions)
    async with sessions() as db:
        assert await db.scalar(select(func.count()).select_from(models.Contribution)) == 23
        assert await db.scalar(select(func.count()).select_from(models.Reaction)) == 5
