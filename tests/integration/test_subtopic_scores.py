"""Sub-topic scores kept with contributions (migration 0006): made in batches off the ingest
path (`digest.stored_scores.score_group`) for member texts only, once each; digests and
exports read them and place exactly as scoring the texts would; stale or edited ones are
scored again."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import insert, inspect, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from digest.builder import build_rows
from digest.export import export_csv
from digest.lemmas import lexicon_for
from digest.periods import month_range
from digest.render.csv import render_rows
from digest.stored_scores import score_all_groups, score_group, scores_to_store
from digest.subtopics import decode_scores, encode_scores, question_model
from storage import contributions, migrate, retention, subtopic_scores
from storage.db import create_engine, transaction
from storage.models import Contribution, Member
from storage.upsert import table_of
from tests.integration.test_digest_seed import CHAT, CONTRIBUTIONS, GROUP_KEY, SECRET, seed
from themes.loader import load_catalog

DECEMBER = month_range(2026, 12, "Europe/Helsinki")
C = Contribution.__table__.c  # type: ignore[attr-defined]


async def rows_and_export(sessions: async_sessionmaker[AsyncSession]) -> tuple[bytes, bytes]:
    """(render_rows(build_rows), the streaming export) of the seeded December."""
    async with sessions() as db:
        rows = await build_rows(db, group_key=GROUP_KEY, start=DECEMBER[0], end=DECEMBER[1],
                                secret=SECRET)  # fmt: skip
    out = io.BytesIO()
    async with sessions() as db:
        await export_csv(db, group_key=GROUP_KEY, start=DECEMBER[0], end=DECEMBER[1],
                         secret=SECRET, out=out)  # fmt: skip
    return render_rows(rows), out.getvalue()


async def store_scores(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Store the seeded group's scores as the bot does after a window; how many were stored."""
    return await score_group(
        sessions, load_catalog(), key=GROUP_KEY, language="fi", audience="parents"
    )


async def set_bullying_scores(sessions: async_sessionmaker[AsyncSession], stored: str) -> None:
    """Store the same scores for every bullying-theme contribution."""
    bullying = update(Contribution.__table__).where(C.theme_key == "kiusaaminen")
    async with transaction(sessions) as db:
        await db.execute(bullying.values(subtopic_scores=stored))


async def test_stored_scores_place_as_scoring_the_texts_does(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Rows and the export are the same bytes with the scores stored as without them."""
    await seed(sessions)
    scored_now = await rows_and_export(sessions)
    assert scored_now[0] == scored_now[1]
    assert await store_scores(sessions) > 5
    assert await rows_and_export(sessions) == scored_now


async def test_stored_scores_are_read_and_stale_ones_ignored(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Scores naming another question move a row in both rows and export; scores made for
    other questions (the catalog changed) are ignored."""
    await seed(sessions)
    before = (await rows_and_export(sessions))[0]
    catalog = load_catalog()
    questions = catalog["kiusaaminen"].text("fi", "parents").questions
    model = question_model(tuple(questions), lexicon_for("fi"))
    last = [0.0] * (model.count - 1) + [9.0]
    stale = "00000000:" + ",".join(map(repr, last))
    await set_bullying_scores(sessions, stale)
    assert (await rows_and_export(sessions))[0] == before
    await set_bullying_scores(sessions, encode_scores(model, last))
    rows, exported = await rows_and_export(sessions)
    assert rows == exported != before
    assert questions[-1] in rows.decode("utf-8-sig")
    assert decode_scores(model, encode_scores(model, last)) == last


async def test_an_edit_clears_the_scores(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Scores belong to the text they were made from."""
    await seed(sessions)
    await store_scores(sessions)
    async with transaction(sessions) as db:
        message = (await db.execute(select(C.message_id).where(C.id == 1))).scalar_one()
        edited = datetime(2027, 1, 2, tzinfo=UTC)
        assert await contributions.record_edit(
            db, chat_id=CHAT, message_id=message, text="Uusi teksti", edited_at=edited
        )
    async with sessions() as db:
        kept = (await db.execute(select(C.subtopic_scores).where(C.id == 1))).scalar_one()
    assert kept is None


async def test_forgetting_or_purging_texts_clears_their_scores(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A forgotten member's or a purged text's scores go with the text."""
    await seed(sessions)
    await store_scores(sessions)
    async with transaction(sessions) as db:
        member = await db.get(Member, 1)
        assert member is not None
        await retention.forget_member(db, member=member, now=datetime(2027, 1, 2, tzinfo=UTC))
    async with sessions() as db:
        left = (await db.execute(select(C.member_id, C.subtopic_scores))).all()
    assert [scores for member_id, scores in left if member_id == 1] != []
    assert all(scores is None for member_id, scores in left if member_id == 1)
    assert any(scores is not None for _member, scores in left)
    async with transaction(sessions) as db:
        await retention.purge_texts(db, before=datetime(2027, 1, 1, tzinfo=UTC))
    async with sessions() as db:
        kept = await db.execute(select(C.id).where(C.subtopic_scores.is_not(None)))
        assert kept.all() == []


async def stored(sessions: async_sessionmaker[AsyncSession]) -> dict[int, str | None]:
    """Contribution id -> its stored scores."""
    async with sessions() as db:
        rows = (await db.execute(select(C.id, C.subtopic_scores))).all()
    return {id_: scores for id_, scores in rows}


async def test_only_member_themed_texts_are_scored_in_bounded_batches_once(
    sessions: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staff, unthemed and text-less rows get no scores; the others get what logging a member
    text with its theme would give, read `batch` rows at a time; a second run stores none."""
    await seed(sessions)
    media = {**CONTRIBUTIONS[0], "id": 99, "message_id": 555_000_099, "text": None}
    async with transaction(sessions) as db:
        await db.execute(insert(table_of(Contribution)), [media])
    reads: list[int] = []
    unscored = subtopic_scores.unscored

    async def counted(*args: Any, **kwargs: Any) -> list[subtopic_scores.Unscored]:
        found = await unscored(*args, **kwargs)
        assert len(found) <= kwargs["limit"]
        reads.append(len(found))
        return found

    monkeypatch.setattr(subtopic_scores, "unscored", counted)
    catalog = load_catalog()
    kept = await score_group(sessions, catalog, key=GROUP_KEY, language="fi",
                             audience="parents", batch=4)  # fmt: skip
    eligible = {
        row["id"]: scores_to_store(catalog, group_language="fi", audience="parents",
                                   theme_key=row["theme_key"], text=row["text"])
        for row in CONTRIBUTIONS
        if row["theme_key"] is not None and not row["is_staff"]
    }  # fmt: skip
    assert kept == len(eligible) == sum(reads) and reads[-1] == 0 and max(reads) == 4
    assert {id_: s for id_, s in (await stored(sessions)).items() if s} == eligible
    assert await score_all_groups(sessions, catalog) == 0


async def edit(db: AsyncSession, message_id: int, text: str, hour: int = 0) -> None:
    """Edit a seeded message on 2 January at `hour` (UTC)."""
    edited = datetime(2027, 1, 2, hour, tzinfo=UTC)
    assert await contributions.record_edit(
        db, chat_id=CHAT, message_id=message_id, text=text, edited_at=edited
    )


async def test_an_edited_text_is_scored_again_and_never_with_its_old_scores(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """An edit clears the scores and the next run scores the new text; scores made from the
    text as it was before an edit that came in between are not stored."""
    await seed(sessions)
    await store_scores(sessions)
    async with transaction(sessions) as db:
        await edit(db, 555_000_001, "Opettaja puuttui heti.")
        await edit(db, 555_000_006, "Rehtori soitti.")
    async with sessions() as db:
        read = await subtopic_scores.unscored(
            db, group_key=GROUP_KEY, theme_keys=["kiusaaminen"], after_id=0, limit=9
        )
    async with transaction(sessions) as db:
        await edit(db, 555_000_006, "Rehtori soitti heti.", hour=1)
        assert await subtopic_scores.store(db, [(row, "stale:0.0") for row in read]) == 1
    assert [row.id for row in read] == [1, 6]
    assert await score_all_groups(sessions, load_catalog()) == 1
    scores = await stored(sessions)
    assert scores[1] == "stale:0.0"
    assert scores[6] == scores_to_store(
        load_catalog(),
        group_language="fi",
        audience="parents",
        theme_key="kiusaaminen",
        text="Rehtori soitti heti.",
    )


async def test_migration_0006_adds_and_drops_the_column(database_url: str) -> None:
    """Upgrade adds `subtopic_scores`, downgrade to 0005 drops it (SQLite and PostgreSQL)."""
    engine = create_engine(database_url)

    def columns(connection: Connection) -> set[str]:
        return {column["name"] for column in inspect(connection).get_columns("contributions")}

    def downgrade(connection: Connection) -> None:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")

    try:
        await migrate.upgrade(engine)
        async with engine.begin() as db:
            assert "subtopic_scores" in await db.run_sync(columns)
            await db.run_sync(downgrade)
            assert "subtopic_scores" not in await db.run_sync(columns)
        await migrate.upgrade(engine)
        async with engine.begin() as db:
            assert "subtopic_scores" in await db.run_sync(columns)
    finally:
        await engine.dispose()
