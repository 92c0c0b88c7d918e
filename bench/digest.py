"""Digest speed on a generated SQLite database: one group-month in every format but PDF,
a 100,000-contribution CSV export, and a hand-written SQL GROUP BY of the same counts.

The database (default 1,000,000 contributions: 20 groups x 24 months, texts of 20-600
characters, reactions, replies, late and hidden messages, staff and unthemed messages)
is generated in a temp dir with Core ``insert()`` in big executemany batches; generation
is timed but not part of the figures. One group ("g00") holds 12 % of the contributions so
that a 100,000-row export exists; the group-month digest is of a typical group ("g01").

* ``digest_all_formats_s`` — build_digest + render md, html, csv, xlsx, json;
* ``csv_100k_s`` — the streaming export (``digest.export.export_csv``) of g00's first
  100,000 member contributions into a CSV file;
* ``sql_groupby_s`` — one SQL GROUP BY giving the per-theme counts of the same group-month;
* ``ratio`` — build_digest alone / that SQL (the price of quotes, keywords, rows, ...);
* ``regional_20_groups_s`` — the regional digest (``digest.regional_build``) of all 20
  groups for the same month, built and rendered as the bot sends it first (HTML; Markdown
  beside it), with ``regional_ratio`` (the build alone against one SQL GROUP BY of the
  per-group, per-theme counts) and ``regional_every_format_s`` (every format but PDF: the
  CSV, XLSX and JSON carry all ~45,000 rows).

For scale on the machine at hand it also reports ``csv_100k_rows_s`` (the same CSV the
row-by-row way: build_rows + render_rows, whose bytes the export must equal — checked),
``csv_render_only_s`` (CSV bytes from the built rows) and ``raw_sqlite3_read_s`` (stdlib
sqlite3 fetching the same 100,000 joined rows: the floor for any Python reader), and process
CPU seconds beside the wall-clock figures. Medians of ``--runs`` runs (default 5) after one
untimed warm-up.

    python -m bench.digest [--contributions N] [--runs R] [--database PATH]

With ``--database PATH`` the generated database is kept at PATH and reused by later runs
(generated only when PATH does not exist yet, else brought to the newest schema): profiling
without minutes of generation. Before measuring, each member's themed message gets the
sub-topic scores the bot stores after a window closes (``contributions.subtopic_scores``,
``digest.stored_scores.score_all_groups``; timed, not part of the figures), so digests and
exports read them as they do in production.

The last output line is a JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, event, insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from digest.builder import build_digest, build_rows
from digest.export import export_csv
from digest.periods import month_range
from digest.regional_build import build_regional
from digest.render import render
from digest.render.csv import render_rows
from digest.render.regional import render_regional
from digest.stored_scores import score_all_groups
from storage import migrate
from storage.db import create_engine, session_factory
from storage.models import Contribution, Group, Member, Reaction, SessionDay, WindowAction
from storage.types import UTCDateTime
from storage.upsert import table_of
from themes.loader import load_catalog

HELSINKI = ZoneInfo("Europe/Helsinki")
GROUPS = 20
MONTHS = [(2025 + m // 12, m % 12 + 1) for m in range(24)]
BIG_GROUP_SHARE = 0.12
MEMBERS_PER_GROUP = 80
STAFF_PER_GROUP = 3
BATCH = 50_000
CSV_ROWS = 100_000
DIGEST_GROUP, DIGEST_MONTH = "g01", (2026, 6)
FORMATS = ("md", "html", "csv", "xlsx", "json")
SECRET = "bench-secret-not-for-production-0123"
THEMES = ["kiusaaminen", "kaveruustaidot", "moniammatilliset-palaverit", "vertaisryhmat"]
THEMES += ["eroasiat", "palvelut", "vapaa"]
WINDOWS = [(8, 10, "08-10"), (14, 16, "14-16"), (20, 22, "20-22")]
MUNICIPALITIES = ["Lahti", "Heinola", "Hollola", "Orimattila", "Asikkala", "Sysmä", None]
CONSENT = ["given"] * 14 + ["unknown"] * 3 + ["declined"] * 2 + ["withdrawn"]
WORDS = [
    "kiusaaminen",
    "kiusaamisesta",
    "koulu",
    "koulussa",
    "koulun",
    "opettaja",
    "opettajan",
    "rehtori",
    "kuraattori",
    "terveydenhoitaja",
    "lapsi",
    "lapsen",
    "lapsemme",
    "lapset",
    "lapsille",
    "nuori",
    "nuoret",
    "vanhempi",
    "vanhemmat",
    "kaveri",
    "kaverit",
    "kaverin",
    "ystävä",
    "ystävät",
    "leikki",
    "leikissä",
    "harrastus",
    "harrastuksessa",
    "valmentaja",
    "palaveri",
    "palaverissa",
    "moniammatillinen",
    "verkosto",
    "sosiaalityöntekijä",
    "psykologi",
    "neuvola",
    "neuvolassa",
    "tuki",
    "tukea",
    "apu",
    "apua",
    "vertaistuki",
    "vertaisryhmä",
    "ryhmässä",
    "ero",
    "eron",
    "erosta",
    "sovittelu",
    "lapsiperhe",
    "perhe",
    "perheen",
    "palvelut",
    "palveluja",
    "jono",
    "jonossa",
    "odottaa",
    "odotimme",
    "kuukausia",
    "viikkoja",
    "aika",
    "aikaa",
    "tieto",
    "tietoa",
    "helppo",
    "vaikea",
    "vaikeaa",
    "hyvä",
    "hyvin",
    "huono",
    "huonosti",
    "tärkeä",
    "tärkeää",
    "kuunnella",
    "kuunneltiin",
    "kysyä",
    "kysyttiin",
    "kertoa",
    "kerroimme",
    "auttaa",
    "auttoi",
    "puuttua",
    "puuttui",
    "huomata",
    "huomasi",
    "ymmärtää",
    "ymmärrys",
    "yhteistyö",
    "yhteistyössä",
    "koti",
    "kotona",
    "illalla",
    "aamulla",
    "ja",
    "on",
    "ei",
    "että",
    "mutta",
    "kun",
    "se",
    "oli",
    "myös",
    "vain",
    "jo",
    "niin",
    "kuin",
    "nyt",
    "sitten",
    "vielä",
    "aina",
    "meillä",
    "meidän",
]
PHONES = ["040 {n:03d} {m:04d}", "050-{n:03d}-{m:04d}"]

T = TypeVar("T")


@dataclass
class Generated:
    """What the generator made: counts, group ids, and its time."""

    contributions: int = 0
    reactions: int = 0
    seconds: float = 0.0
    group_ids: dict[str, int] = field(default_factory=dict)


def _text(rng: random.Random, question: bool) -> str:
    """A message of 20-600 characters (mostly short), sometimes with a phone or e-mail."""
    target = int(rng.triangular(20, 600, 110))
    body = " ".join(rng.choices(WORDS, k=target // 5 + 2))[:target].rstrip()
    roll = rng.random()
    if roll < 0.03:
        body += " soita " + rng.choice(PHONES).format(
            n=rng.randrange(1000), m=rng.randrange(10_000)
        )
    elif roll < 0.04:
        body += f" tai kirjoita nimi{rng.randrange(999)}@example.com"
    return body + ("?" if question else ".")


def _allocation(total: int, rng: random.Random) -> list[list[int]]:
    """Contributions per group and month, summing to `total`; g00 holds BIG_GROUP_SHARE."""
    rest = (1 - BIG_GROUP_SHARE) / (GROUPS - 1)
    shares = [BIG_GROUP_SHARE] + [rest] * (GROUPS - 1)
    weights = [[share * rng.uniform(0.7, 1.3) for _ in MONTHS] for share in shares]
    scale = total / sum(map(sum, weights))
    counts = [[int(w * scale) for w in row] for row in weights]
    counts[1][0] += total - sum(map(sum, counts))
    return counts


class Generator:
    """Builds rows for the database in memory, group by group, month by month."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.now = datetime(2027, 1, 1, tzinfo=UTC)

    def groups(self) -> list[dict[str, Any]]:
        """Twenty groups, alternately parents and youth; most Finnish."""
        return [
            {
                "id": index + 1, "key": f"g{index:02d}", "chat_id": -100_000_000_000 - index,
                "audience": "parents" if index % 2 == 0 else "youth", "title": f"Ryhmä {index}",
                "language": "sv" if index in (18,) else "en" if index == 19 else "fi",
                "timezone": "Europe/Helsinki", "created_at": datetime(2024, 12, 1, tzinfo=UTC),
            }
            for index in range(GROUPS)
        ]  # fmt: skip

    def members(self, group_id: int) -> list[dict[str, Any]]:
        """Members (a few forgotten) and staff of a group."""
        rows = []
        for number in range(MEMBERS_PER_GROUP + STAFF_PER_GROUP):
            staff = number >= MEMBERS_PER_GROUP
            forgotten = not staff and self.rng.random() < 0.03
            rows.append(
                {
                    "id": (group_id - 1) * 1000 + number + 1, "group_id": group_id,
                    "user_id": None if forgotten else 7_000_000_000 + group_id * 10_000 + number,
                    "consent": "withdrawn" if forgotten else self.rng.choice(CONSENT),
                    "municipality": self.rng.choice(MUNICIPALITIES), "is_staff": staff,
                    "forgotten": forgotten,
                    "joined_at": datetime(2025, 1, 1, tzinfo=UTC)
                    + timedelta(days=self.rng.randrange(700)),
                }
            )  # fmt: skip
        return rows

    def month(
        self, group: dict[str, Any], members: list[dict[str, Any]], year: int, month: int,
        count: int, day_id: int,
    ) -> tuple[list[dict[str, Any]], ...]:  # fmt: skip
        """Session days, window actions, contributions and reactions of one group-month."""
        days, actions, contributions, reactions = [], [], [], []
        windows = []
        for offset, day in enumerate((10, 24)):
            theme = THEMES[(month * 2 + offset + group["id"]) % len(THEMES)]
            days.append(
                {"id": day_id + offset, "group_id": group["id"], "day": date(year, month, day),
                 "theme_key": theme, "source": "rule", "skipped": False, "updated_at": self.now}
            )  # fmt: skip
            for first, last, label in WINDOWS:
                start = datetime(year, month, day, first, tzinfo=HELSINKI).astimezone(UTC)
                end = datetime(year, month, day, last, tzinfo=HELSINKI).astimezone(UTC)
                windows.append((day_id + offset, theme, label, start, end))
                actions.append(
                    {"group_id": group["id"], "session_day_id": day_id + offset,
                     "window_start": start, "window_end": end, "action": "open",
                     "theme_key": theme, "done_at": start}
                )  # fmt: skip
        month_start, month_end = month_range(year, month, HELSINKI)
        people = [m for m in members if not m["is_staff"]]
        staff = [m for m in members if m["is_staff"]]
        recent: dict[tuple[int, str], list[int]] = {}
        for _ in range(count):
            row = self._contribution(group, people, staff, windows, recent, month_start, month_end)
            row["message_id"] = group["next_message"] = group["next_message"] + 1
            if row["window_label"] is not None:
                key = (row["session_day_id"], row["window_label"])
                recent.setdefault(key, []).append(row["message_id"])
            contributions.append(row)
            if self.rng.random() < 0.3:
                reactions += self._reactions(group, row["message_id"], people)
        return days, actions, contributions, reactions

    def _contribution(
        self, group: dict[str, Any], people: list[dict[str, Any]], staff: list[dict[str, Any]],
        windows: list[tuple[int, str, str, datetime, datetime]],
        recent: dict[tuple[int, str], list[int]],
        month_start: datetime, month_end: datetime,
    ) -> dict[str, Any]:  # fmt: skip
        rng = self.rng
        is_staff = rng.random() < 0.03
        author = rng.choice(staff if is_staff else people)
        row: dict[str, Any] = {
            "group_id": group["id"], "member_id": author["id"], "chat_id": group["chat_id"],
            "session_day_id": None, "theme_key": None, "window_label": None,
            "window_start": None, "reply_to_message_id": None, "thread_id": None,
            "text": _text(rng, rng.random() < 0.1), "media_kind": None, "is_staff": is_staff,
            "late": False, "hidden": rng.random() < 0.01, "highlighted": rng.random() < 0.01,
            "edited_at": None,
        }  # fmt: skip
        if rng.random() < 0.07:  # unthemed, outside the windows
            span = (month_end - month_start).total_seconds()
            sent = month_start + timedelta(seconds=rng.uniform(0, span))
        else:
            day_id, theme, label, start, end = rng.choice(windows)
            late = rng.random() < 0.02
            sent = (
                end + timedelta(minutes=rng.uniform(1, 120))
                if late
                else start + timedelta(seconds=rng.uniform(0, 7199))
            )
            earlier = recent.get((day_id, label))
            reply = earlier[-rng.randrange(1, min(len(earlier), 20) + 1)] if earlier else None
            row |= {
                "session_day_id": day_id, "theme_key": theme, "window_label": label,
                "window_start": start, "late": late,
                "reply_to_message_id": reply if rng.random() < 0.2 else None,
            }  # fmt: skip
        row["sent_at"] = row["stored_at"] = min(sent, month_end - timedelta(seconds=1))
        return row

    def _reactions(
        self, group: dict[str, Any], message_id: int, people: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        base = {"chat_id": group["chat_id"], "message_id": message_id, "updated_at": self.now}
        if self.rng.random() < 0.5:
            return [base | {"user_id": None, "emoji": "👍", "count": self.rng.randint(1, 12)}]
        users = {m["user_id"] for m in self.rng.sample(people, 3) if m["user_id"] is not None}
        picked = list(users)[: self.rng.randint(1, 3)]
        return [base | {"user_id": user, "emoji": "❤", "count": 1} for user in picked]


async def _insert(engine: AsyncEngine, model: type[Any], rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        async with engine.begin() as connection:
            await connection.execute(insert(table_of(model)), rows[start : start + BATCH])


async def generate(engine: AsyncEngine, total: int) -> Generated:
    """Fill the database with `total` contributions and return what was made."""
    began = time.perf_counter()
    generator, result = Generator(), Generated()
    groups = generator.groups()
    await _insert(engine, Group, [dict(g) for g in groups])
    counts = _allocation(total, generator.rng)
    day_id = 1
    for index, group in enumerate(groups):
        result.group_ids[group["key"]] = group["id"]
        members = generator.members(group["id"])
        await _insert(engine, Member, members)
        group["next_message"] = 0
        pending: dict[type[Any], list[dict[str, Any]]] = {
            SessionDay: [],
            WindowAction: [],
            Contribution: [],
            Reaction: [],
        }
        for (year, month), count in zip(MONTHS, counts[index], strict=True):
            parts = generator.month(group, members, year, month, count, day_id)
            day_id += 2
            for model, rows in zip(pending, parts, strict=True):
                pending[model] += rows
            if len(pending[Contribution]) >= BATCH:
                await _flush(engine, pending, result)
        await _flush(engine, pending, result)
        print(f"  generated {group['key']}: {sum(counts[index]):,} contributions", flush=True)
    result.seconds = time.perf_counter() - began
    return result


async def _flush(
    engine: AsyncEngine, pending: dict[type[Any], list[dict[str, Any]]], result: Generated
) -> None:
    result.contributions += len(pending[Contribution])
    result.reactions += len(pending[Reaction])
    for model, rows in pending.items():
        await _insert(engine, model, rows)
        rows.clear()


@dataclass(frozen=True)
class Timing:
    """Median wall-clock and process CPU seconds of the timed runs."""

    wall: float
    cpu: float


async def _median(runs: int, action: Callable[[], Awaitable[T]]) -> tuple[Timing, T]:
    """Medians of `runs` timed calls after one warm-up, and the last result."""
    result = await action()
    walls, cpus = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = await action()
        walls.append(time.perf_counter() - began)
        cpus.append(time.process_time() - began_cpu)
    return Timing(statistics.median(walls), statistics.median(cpus)), result


SQL_COUNTS = text(
    """
    SELECT c.theme_key, count(*), count(DISTINCT c.member_id), sum(c.late), sum(c.hidden)
    FROM contributions AS c LEFT JOIN members AS m ON m.id = c.member_id
    WHERE c.group_id = :group_id AND c.sent_at >= :start AND c.sent_at < :end
      AND c.is_staff = 0 AND coalesce(m.is_staff, 0) = 0 AND c.theme_key IS NOT NULL
    GROUP BY c.theme_key
    """
).bindparams(bindparam("start", type_=UTCDateTime()), bindparam("end", type_=UTCDateTime()))


async def _csv_range(db: AsyncSession, group_id: int) -> tuple[datetime, datetime]:
    """From g00's first member contribution to just after its 100,000th (or its last)."""
    statement = text(
        "SELECT c.sent_at FROM contributions AS c LEFT JOIN members AS m ON m.id = c.member_id"
        " WHERE c.group_id = :group_id AND c.is_staff = 0 AND coalesce(m.is_staff, 0) = 0"
        " ORDER BY c.sent_at"
    ).columns(sent_at=UTCDateTime())
    instants: list[datetime] = list((await db.scalars(statement, {"group_id": group_id})).all())
    last = instants[min(CSV_ROWS, len(instants)) - 1]
    return instants[0], last + timedelta(microseconds=1)


async def _digest_figures(
    sessions: async_sessionmaker[AsyncSession], generated: Generated, runs: int
) -> dict[str, Any]:
    """One group-month: build alone, build + every format but PDF, and the SQL GROUP BY."""
    catalog = load_catalog()
    start, end = month_range(*DIGEST_MONTH, HELSINKI)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    params = {"group_id": generated.group_ids[DIGEST_GROUP], "start": start, "end": end}

    async def digest_only() -> Any:
        async with sessions() as db:
            return await build_digest(
                db, group_key=DIGEST_GROUP, start=start, end=end, secret=SECRET,
                catalog=catalog, now=now,
            )  # fmt: skip

    async def digest_all() -> int:
        digest = await digest_only()
        return sum(len(render(digest, fmt)) for fmt in FORMATS)

    async def sql_counts() -> list[Any]:
        async with sessions() as db:
            return list((await db.execute(SQL_COUNTS, params)).all())

    build, digest = await _median(runs, digest_only)
    every, size = await _median(runs, digest_all)
    sql, counted = await _median(runs, sql_counts)
    by_sql = {row[0]: tuple(row[1:]) for row in counted}
    by_builder = {
        t.key: (t.contributions, t.participants, t.late, t.hidden) for t in digest.themes
    }
    assert by_sql == by_builder, (by_sql, by_builder)
    return {
        "digest_all_formats_s": round(every.wall, 4),
        "digest_build_s": round(build.wall, 4),
        "sql_groupby_s": round(sql.wall, 5),
        "ratio": round(build.wall / sql.wall, 1),
        "cpu_s": {"digest_all_formats": round(every.cpu, 4), "digest_build": round(build.cpu, 4),
                  "sql_groupby": round(sql.cpu, 5)},
        "month_contributions": digest.totals.contributions,
        "digest_bytes": size,
    }  # fmt: skip


RAW_READ = """
    SELECT c.id, c.member_id, c.chat_id, c.message_id, c.session_day_id, c.theme_key,
           c.window_label, c.window_start, c.sent_at, c.reply_to_message_id, c.text,
           c.media_kind, c.late, c.hidden, c.highlighted, m.user_id, m.consent,
           m.municipality, m.forgotten
    FROM contributions AS c LEFT JOIN members AS m ON m.id = c.member_id
    WHERE c.group_id = ? AND c.sent_at >= ? AND c.sent_at < ? AND c.is_staff = 0
      AND coalesce(m.is_staff, 0) = 0
"""


async def _csv_figures(
    sessions: async_sessionmaker[AsyncSession], generated: Generated, runs: int, path: Path
) -> dict[str, Any]:
    """The 100,000-row streaming export, the row-by-row way, its CSV rendering alone, and a
    raw sqlite3 read of the rows."""
    group_id = generated.group_ids["g00"]
    async with sessions() as db:
        start, end = await _csv_range(db, group_id)
    target = path.with_name("export.csv")

    async def stream() -> int:
        with target.open("wb") as out:
            async with sessions() as db:
                await export_csv(db, group_key="g00", start=start, end=end, secret=SECRET, out=out)
        return target.stat().st_size

    async def export() -> tuple[tuple[Any, ...], int]:
        async with sessions() as db:
            rows = await build_rows(db, group_key="g00", start=start, end=end, secret=SECRET)
        return rows, len(render_rows(rows))

    async def render_only() -> int:
        return len(render_rows(rows))

    async def raw_read() -> int:
        bounds = [
            instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") for instant in (start, end)
        ]
        with closing(sqlite3.connect(path)) as connection:
            return len(connection.execute(RAW_READ, [group_id, *bounds]).fetchall())

    streaming, streamed = await _median(runs, stream)
    timing, (rows, size) = await _median(runs, export)
    assert target.read_bytes() == render_rows(rows), "the export differs from render_rows"
    rendering, _ = await _median(runs, render_only)
    floor, count = await _median(runs, raw_read)
    assert count == len(rows) and streamed == size, (count, len(rows), streamed, size)
    return {
        "csv_100k_s": round(streaming.wall, 4),
        "csv_100k_cpu_s": round(streaming.cpu, 4),
        "csv_100k_rows_s": round(timing.wall, 4),
        "csv_100k_rows_cpu_s": round(timing.cpu, 4),
        "csv_render_only_s": round(rendering.wall, 4),
        "raw_sqlite3_read_s": round(floor.wall, 4),
        "csv_rows": len(rows),
        "csv_bytes": size,
    }


REGIONAL_SQL = text(
    """
    SELECT c.group_id, c.theme_key, count(*), count(DISTINCT c.member_id)
    FROM contributions AS c LEFT JOIN members AS m ON m.id = c.member_id
    WHERE c.sent_at >= :start AND c.sent_at < :end
      AND c.is_staff = 0 AND coalesce(m.is_staff, 0) = 0 AND c.theme_key IS NOT NULL
    GROUP BY c.group_id, c.theme_key
    """
).bindparams(bindparam("start", type_=UTCDateTime()), bindparam("end", type_=UTCDateTime()))


async def _regional_figures(
    sessions: async_sessionmaker[AsyncSession], generated: Generated, runs: int
) -> dict[str, Any]:
    """The regional digest of every group for the digest month, in every format but PDF."""
    catalog = load_catalog()
    keys = sorted(generated.group_ids)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    start, end = month_range(*DIGEST_MONTH, HELSINKI)

    async def regional() -> Any:
        async with sessions() as db:
            return await build_regional(
                db, group_keys=keys, year=DIGEST_MONTH[0], month=DIGEST_MONTH[1],
                secret=SECRET, catalog=catalog, now=now,
            )  # fmt: skip

    async def regional_readable() -> int:
        digest = await regional()
        return sum(len(render_regional(digest, fmt)) for fmt in ("md", "html"))

    async def regional_all() -> int:
        digest = await regional()
        return sum(len(render_regional(digest, fmt)) for fmt in FORMATS)

    async def sql_counts() -> list[Any]:
        async with sessions() as db:
            return list((await db.execute(REGIONAL_SQL, {"start": start, "end": end})).all())

    build, digest = await _median(runs, regional)
    readable, _ = await _median(runs, regional_readable)
    every, size = await _median(runs, regional_all)
    sql, counted = await _median(runs, sql_counts)
    by_theme: dict[str, int] = {}
    for _group, theme, count, _people in counted:
        by_theme[theme] = by_theme.get(theme, 0) + int(count)
    assert by_theme == {t.key: t.contributions for t in digest.themes}, by_theme
    return {
        "regional_20_groups_s": round(readable.wall, 4),
        "regional_build_s": round(build.wall, 4),
        "regional_every_format_s": round(every.wall, 4),
        "regional_sql_groupby_s": round(sql.wall, 5),
        "regional_ratio": round(build.wall / sql.wall, 1),
        "regional_cpu_s": {
            "readable": round(readable.cpu, 4),
            "build": round(build.cpu, 4),
            "every_format": round(every.cpu, 4),
            "sql_groupby": round(sql.cpu, 5),
        },
        "regional_groups": len(digest.groups),
        "regional_contributions": digest.totals.contributions,
        "regional_bytes": size,
    }


async def measure(
    sessions: async_sessionmaker[AsyncSession], generated: Generated, runs: int, path: Path
) -> dict[str, Any]:
    """The timed figures."""
    figures = await _digest_figures(sessions, generated, runs)
    figures |= await _regional_figures(sessions, generated, runs)
    return figures | await _csv_figures(sessions, generated, runs, path)


def _no_fsync(dbapi_connection: Any, _record: Any) -> None:
    """A throw-away database need not survive a power cut: skip fsync while generating."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


async def _reuse(engine: AsyncEngine) -> Generated:
    """What an earlier run generated into the database at hand."""
    async with engine.connect() as connection:
        keys = (await connection.execute(text("SELECT key, id FROM groups"))).all()
        counted = "SELECT (SELECT count(*) FROM contributions), (SELECT count(*) FROM reactions)"
        counts = (await connection.execute(text(counted))).one()
    return Generated(int(counts[0]), int(counts[1]), 0.0, {key: id_ for key, id_ in keys})


async def _run(path: Path, total: int, runs: int) -> dict[str, Any]:
    """Generate into `path` unless it exists (else bring it to the newest schema), store the
    sub-topic scores the bot stores, then measure."""
    fresh = not path.exists()
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    event.listen(engine.sync_engine, "connect", _no_fsync)
    try:
        await migrate.upgrade(engine)
        if fresh:
            print(f"generating {total:,} contributions ...", flush=True)
            generated = await generate(engine, total)
            print(f"generated in {generated.seconds:.1f} s", flush=True)
        else:
            generated = await _reuse(engine)
            print(f"reusing {path} ({generated.contributions:,} contributions)", flush=True)
        began = time.perf_counter()
        scored = await score_all_groups(session_factory(engine), load_catalog())
        print(f"scored {scored:,} texts as the bot does in {time.perf_counter() - began:.1f} s")
        figures = await measure(session_factory(engine), generated, runs, path)
    finally:
        await engine.dispose()
    return {
        **figures,
        "contributions": generated.contributions,
        "reactions": generated.reactions,
        "generate_s": round(generated.seconds, 1),
        "runs": runs,
    }


async def main(total: int, runs: int, database: Path | None = None) -> dict[str, Any]:
    """Generate (into `database` if given and missing, else a temp dir), measure, and return
    the figures."""
    if database is not None:
        return await _run(database, total, runs)
    with tempfile.TemporaryDirectory(prefix="neuvo-bench-") as directory:
        return await _run(Path(directory) / "bench.db", total, runs)


def cli() -> None:
    """Parse arguments, run, print the JSON line last."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--contributions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", type=Path, default=None)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.contributions, args.runs, args.database))))


if __name__ == "__main__":
    cli()
