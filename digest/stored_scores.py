"""The similarity scores kept with a contribution (`contributions.subtopic_scores`), so digests
and exports place it without scoring it again. They are made off the ingest path, in batches:
after a window closes for its group and daily for every group (`score_group`)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from digest.builder import question_texts
from digest.labels import normalise
from digest.lemmas import lexicon_for
from digest.subtopics import encode_scores, question_model
from storage import groups, subtopic_scores
from storage.db import transaction
from storage.subtopic_scores import Unscored
from themes.model import Theme

#: Rows read and stored per transaction.
BATCH = 500


def scores_to_store(
    catalog: Mapping[str, Theme],
    *,
    group_language: str,
    audience: str,
    theme_key: str | None,
    text: str | None,
) -> str | None:
    """The stored form of a message's scores against its theme's questions as the members
    saw them (the group's language, as `digest.builder.theme_placer` scores); None when
    unthemed or the theme has no questions."""
    if theme_key is None:
        return None
    language = normalise(group_language)
    questions = question_texts(catalog, language, audience)(theme_key)
    if not questions:
        return None
    model = question_model(tuple(questions), lexicon_for(language))
    return encode_scores(model, model.text_scores(text))


async def score_group(
    sessions: async_sessionmaker[AsyncSession],
    catalog: Mapping[str, Theme],
    *,
    key: str,
    language: str,
    audience: str,
    batch: int = BATCH,
) -> int:
    """Store the scores of the group's member texts that have none (each text once per call,
    `batch` rows per transaction); how many were stored. An edit since reading is left for
    the next call."""
    questions = question_texts(catalog, normalise(language), audience)
    themes = [theme for theme in catalog if questions(theme)]
    after, kept = 0, 0
    while themes:
        async with transaction(sessions) as db:
            rows = await subtopic_scores.unscored(
                db, group_key=key, theme_keys=themes, after_id=after, limit=batch
            )
        if not rows:
            return kept
        # Off the event loop: the first batch loads the lemma dictionaries (seconds), and
        # messages keep being handled meanwhile.
        scored = await asyncio.to_thread(_scored, catalog, language, audience, rows)
        async with transaction(sessions) as db:
            kept += await subtopic_scores.store(
                db, [(row, scores) for row, scores in scored if scores is not None]
            )
        after = rows[-1].id
    return kept


def _scored(
    catalog: Mapping[str, Theme], language: str, audience: str, rows: Sequence[Unscored]
) -> list[tuple[Unscored, str | None]]:
    """Each row with its scores to store (pure; run in a worker thread)."""
    return [
        (row, scores_to_store(catalog, group_language=language, audience=audience,
                              theme_key=row.theme_key, text=row.text))
        for row in rows
    ]  # fmt: skip


async def score_all_groups(
    sessions: async_sessionmaker[AsyncSession], catalog: Mapping[str, Theme]
) -> int:
    """`score_group` for every registered group; how many scores were stored."""
    async with transaction(sessions) as db:
        every = [(g.key, g.language, g.audience) for g in await groups.all_groups(db)]
    kept = 0
    for key, language, audience in every:
        kept += await score_group(sessions, catalog, key=key, language=language, audience=audience)
    return kept
