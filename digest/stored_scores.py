"""The similarity scores kept with a contribution when it is logged
(`contributions.subtopic_scores`), so digests and exports place it without scoring it again."""

from __future__ import annotations

from collections.abc import Mapping

from digest.builder import question_texts
from digest.labels import normalise
from digest.lemmas import lexicon_for
from digest.subtopics import encode_scores, question_model
from themes.model import Theme


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
