"""Sub-topics: each contribution of a theme under the theme's question it answers best, or
"other" (None).

Deterministic and local (nothing is downloaded): a message's lemmas are matched against each
question's lemmas, weighted by how specific a lemma is to one question (IDF over the theme's
questions) and how uncommon it is in general language (`Lexicon.rarity`); a lemma also matches
one it begins with or contains as a compound part ("koulukuraattori" ~ "koulu"). A reply to a
message already placed follows it unless it is clearly about another question. A staff
override (contribution id -> question index, or OTHER) always wins.

A message's scores are kept with it once a batch has scored it after logging
(`contributions.subtopic_scores`, `encode_scores`, `digest.stored_scores`): placing a stored
row reads them instead of scoring its text again, unless its theme's questions changed since
(the fingerprint differs).

`Placer` places contributions one at a time in time order, so the digest builder and the
streaming CSV export (which never holds all rows) place them identically.

Speed (every exported row is scored): a model is made once per process and set of questions
(`question_model`) and remembers, per whitespace piece of text it has seen, which question
lemmas the piece's words match; scoring a message is then a split, two set operations and a
little work per matching piece, never the word regex or the lemmatizer again.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable, Mapping, Sequence

from digest.lemmas import Lexicon, pieces_of, words_of

MIN_SCORE = 0.2  # below: "other"
OTHER = -1  # a staff override placing a contribution under "other" ("Muut")
CLEAR_FACTOR = 2.0  # a reply leaves its parent's question only with this margin
PARTIAL = 0.6  # weight of a prefix or compound-part match
PREFIX = 5  # shared leading letters for a prefix match
PART = 4  # shortest question lemma matched as a compound part
CACHE_SIZE = 100_000  # pieces (and words) remembered per question model
MODELS = 64  # question models kept (themes x languages x audiences in use)

MessageKey = tuple[int, int]  # (chat_id, message_id)


class QuestionModel:
    """The weighted lemmas of a theme's questions and a message's score against each."""

    __slots__ = (
        "_decoded", "_hits", "_hitting", "_keys", "_lemmas", "_norms", "_words", "count",
        "fingerprint", "lexicon",
    )  # fmt: skip

    def __init__(self, questions: Sequence[str], lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.count = len(questions)
        named = "\n".join([lexicon.language, *questions]).encode("utf-8")
        self.fingerprint = hashlib.blake2b(named, digest_size=4).hexdigest()
        sets = [set(lexicon.lemmas(question)) for question in questions]
        frequency: dict[str, int] = {}
        for lemmas in sets:
            for lemma in lemmas:
                frequency[lemma] = frequency.get(lemma, 0) + 1
        # Key = one lemma of one question, numbered; `_lemmas`: lemma -> its keys.
        self._keys: list[tuple[int, float]] = []  # key -> (question index, weight)
        self._lemmas: dict[str, list[int]] = {}
        norms = [0.0] * self.count
        for index, lemmas in enumerate(sets):
            for lemma in sorted(lemmas):
                idf = math.log(1 + self.count / frequency[lemma])
                weight = idf * (0.25 + lexicon.rarity(lemma))
                self._lemmas.setdefault(lemma, []).append(len(self._keys))
                self._keys.append((index, weight))
                norms[index] += weight * weight
        self._norms = [math.sqrt(norm) or 1.0 for norm in norms]
        # Every piece of text seen (`pieces_of`: a word, maybe with punctuation) -> the keys
        # its words match (exactly, partly); `_hitting` holds the few pieces that match any,
        # so a message costs set operations in C plus a little Python work per matching piece.
        self._hits: dict[str, _Hits] = {}
        self._hitting: set[str] = set()
        self._words: dict[str, _Hits] = {}  # word -> its hits, shared by its pieces
        self._decoded: dict[str, list[float] | None] = {}  # stored scores often repeat

    def _word_hits(self, word: str) -> _Hits:
        """The keys a message word matches: exactly (its lemma is the question's) and partly
        (prefix or compound part, weighted PARTIAL); most words match nothing."""
        hits = self._words.get(word)
        if hits is None:
            if len(self._words) >= CACHE_SIZE:
                self._words.clear()
            hits = self._words[word] = self._match(word)
        return hits

    def _match(self, word: str) -> _Hits:
        lemma = self.lexicon.lemma(word)
        if lemma is None:
            return _NO_HITS
        exact: set[int] = set()
        partial: set[int] = set()
        for known, keys in self._lemmas.items():
            if known == lemma:
                exact.update(keys)
            elif _related(lemma, known):
                partial.update(keys)
        return frozenset(exact), frozenset(partial)

    def _learn(self, pieces: set[str]) -> None:
        """Note the hits of pieces never seen before: the union of their words' hits."""
        for piece in pieces:
            exact: frozenset[int] = frozenset()
            partial: frozenset[int] = frozenset()
            for word in words_of(piece):
                fully, partly = self._word_hits(word)
                exact, partial = exact | fully, partial | partly
            if exact or partial:
                self._hits[piece] = (exact, partial)
                self._hitting.add(piece)
            else:
                self._hits[piece] = _NO_HITS  # shared: most pieces match nothing

    def scores(self, text: str) -> list[float]:
        """The message's score against each question (0 when nothing matches): per question,
        the sum of its lemmas' weights, each lemma counted once at its best match strength."""
        words = pieces_of(text)
        new = words.difference(self._hits)
        if new:
            if len(self._hits) + len(new) > CACHE_SIZE:  # forget all, learn this text anew
                self._hits.clear()
                self._hitting.clear()
                new = words
            self._learn(new)
        totals = [0.0] * self.count
        hitting = words & self._hitting
        if not hitting:
            return totals
        exact: set[int] = set()
        partial: set[int] = set()
        hits = self._hits
        for word in hitting:
            fully, partly = hits[word]
            exact |= fully
            partial |= partly
        keys = self._keys
        for key in sorted(exact):  # sorted: the same float sums in every process
            index, weight = keys[key]
            totals[index] += weight
        for key in sorted(partial - exact):
            index, weight = keys[key]
            totals[index] += weight * PARTIAL
        return [total / norm for total, norm in zip(totals, self._norms, strict=True)]

    def stored_scores(self, stored: str | None) -> list[float] | None:
        """`decode_scores` of a stored value, remembered (many messages share theirs: all
        zeros, one question's lemma); the list is shared, never to be changed."""
        if not stored:
            return None
        scores = self._decoded.get(stored, _UNSEEN)
        if scores is _UNSEEN:
            if len(self._decoded) >= CACHE_SIZE:
                self._decoded.clear()
            scores = self._decoded[stored] = decode_scores(self, stored)
        return scores

    def text_scores(self, text: str | None) -> list[float]:
        """`scores`, all 0 for a message without text."""
        return self.scores(text) if text else [0.0] * self.count


def encode_scores(model: QuestionModel, scores: Sequence[float]) -> str:
    """Scores as stored with a contribution: "fingerprint:score,score,…" (exact floats)."""
    return model.fingerprint + ":" + ",".join(map(repr, scores))


def decode_scores(model: QuestionModel, stored: str | None) -> list[float] | None:
    """Stored scores, or None when absent or made against other questions."""
    if not stored:
        return None
    fingerprint, _, values = stored.partition(":")
    if fingerprint != model.fingerprint:
        return None
    scores = [float(value) for value in values.split(",")] if values else []
    return scores if len(scores) == model.count else None


_UNSEEN: list[float] = []  # a stored value not decoded yet (identity, never equal)
_Hits = tuple[frozenset[int], frozenset[int]]  # (exact keys, partial keys)
_NO_HITS: _Hits = (frozenset(), frozenset())


@functools.lru_cache(maxsize=MODELS)
def question_model(questions: tuple[str, ...], lexicon: Lexicon) -> QuestionModel:
    """The model of a theme's questions, made once per process (its caches of the words seen
    grow across digests: a regional digest's groups share them)."""
    return QuestionModel(questions, lexicon)


def _related(lemma: str, known: str) -> bool:
    """A prefix match (both long words sharing PREFIX letters) or a compound part."""
    if len(lemma) >= PREFIX + 1 and len(known) >= PREFIX + 1 and lemma[:PREFIX] == known[:PREFIX]:
        return True
    return len(known) >= PART and len(lemma) > len(known) + 2 and known in lemma


def best_question(scores: Sequence[float]) -> int | None:
    """The index of the highest score (the first on a tie), or None below MIN_SCORE."""
    if not scores:
        return None
    top = max(scores)
    return scores.index(top) if top >= MIN_SCORE else None


class Placer:
    """Places one theme's contributions in time order; remembers where each message went."""

    __slots__ = ("_model", "_overrides", "_placed")

    def __init__(self, model: QuestionModel, overrides: Mapping[int, int] | None = None) -> None:
        self._model = model
        self._overrides = overrides or {}
        self._placed: dict[MessageKey, int | None] = {}

    def place(
        self,
        contribution_id: int,
        key: MessageKey,
        reply_to: MessageKey | None,
        text: str | None,
        override: int | None = None,
        stored: str | None = None,
    ) -> int | None:
        """The question index of a contribution (None: "other"), remembered for its replies;
        `override` (else the overrides mapping's entry) wins when it names a question;
        `stored` scores (`encode_scores`) spare scoring the text again."""
        if override is None:
            override = self._overrides.get(contribution_id)
        index = self._choose(override, reply_to, text, stored)
        self._placed[key] = index
        return index

    def _choose(
        self,
        override: int | None,
        reply_to: MessageKey | None,
        text: str | None,
        stored: str | None,
    ) -> int | None:
        if override == OTHER:
            return None
        if override is not None and 0 <= override < self._model.count:
            return override
        scores = self._model.stored_scores(stored)
        if scores is None:
            scores = self._model.text_scores(text)
        own = best_question(scores)
        if reply_to is None or reply_to not in self._placed:
            return own
        parent = self._placed[reply_to]
        if own is None or own == parent:
            return parent
        parent_score = scores[parent] if parent is not None else 0.0
        clear = scores[own] >= CLEAR_FACTOR * max(MIN_SCORE, parent_score)
        return own if clear else parent


class ThemePlacer:
    """Places the contributions of every theme in time order (one `Placer` per theme, made
    on first use from the theme's questions as the members saw them)."""

    __slots__ = ("_lexicon", "_placers", "_questions")

    def __init__(self, questions: Callable[[str], Sequence[str]], lexicon: Lexicon) -> None:
        self._questions = questions
        self._lexicon = lexicon
        self._placers: dict[str, Placer] = {}

    def place(
        self,
        theme_key: str,
        contribution_id: int,
        key: MessageKey,
        reply_to: MessageKey | None,
        text: str | None,
        override: int | None = None,
        stored: str | None = None,
    ) -> int | None:
        """The question index of a theme's contribution (None: "other")."""
        placer = self._placers.get(theme_key)
        if placer is None:
            model = question_model(tuple(self._questions(theme_key)), self._lexicon)
            placer = self._placers[theme_key] = Placer(model)
        return placer.place(contribution_id, key, reply_to, text, override, stored)
