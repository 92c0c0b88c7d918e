"""Safeguarding matcher cost on ordinary chat: microseconds per message.

10,000 ordinary group messages (fi, sv, en; built from everyday chat fragments with a fixed
seed, none of them a safeguarding phrase) go through `SafeguardingMatcher.match`, once cold
(fresh lemma cache) and then warm (the cache as it is in a running bot). Loading the phrase
file and simplemma's dictionaries is timed separately.

    python -m bench.safeguarding [--messages N]

The last output line is a JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import time

from safeguarding import SafeguardingMatcher
from safeguarding.lemmas import lemma

FRAGMENTS = {
    "fi": [
        "hyvää huomenta kaikille",
        "meillä kiusaamisesta puhutaan kotona aika paljon",
        "koulun pitäisi reagoida nopeammin kun vanhempi ottaa yhteyttä",
        "kuraattorille on tosi vaikea saada aikaa",
        "mun mielestä palaverit venyy aina liian pitkiksi",
        "kiitos hyvästä keskustelusta",
        "lapset tykkää harrastaa yhdessä",
        "eron jälkeen arki oli aluksi sekavaa",
        "vertaisryhmästä sain paljon tukea",
        "onko muilla samanlaisia kokemuksia",
        "ope soitti meille viime viikolla",
        "tää teema on tärkeä",
        "joo samaa mieltä",
        "välitunnilla pitäis olla enemmän aikuisia",
        "huomenna on taas koulupäivä",
    ],
    "sv": [
        "god morgon allihopa",
        "vi pratar mycket om mobbning hemma",
        "skolan borde reagera snabbare",
        "tack för en bra diskussion",
        "har någon annan liknande erfarenheter",
        "kuratorn är svår att få tid hos",
    ],
    "en": [
        "good morning everyone",
        "we talk about bullying at home a lot",
        "the school should react faster",
        "thanks for a good discussion",
        "does anyone else have similar experiences",
        "the meeting took way too long",
    ],
}


def messages(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """`count` ordinary chat messages: one to three fragments of one language each."""
    rng = random.Random(seed)
    languages = ["fi"] * 8 + ["sv", "en"]
    result = []
    for _ in range(count):
        language = rng.choice(languages)
        parts = rng.sample(FRAGMENTS[language], rng.randint(1, 3))
        result.append((language, ". ".join(parts).capitalize() + rng.choice([".", "!", "", "?"])))
    return result


def _per_message_us(matcher: SafeguardingMatcher, batch: list[tuple[str, str]]) -> float:
    started = time.perf_counter()
    hits = sum(matcher.match(text, language) is not None for language, text in batch)
    elapsed = time.perf_counter() - started
    if hits:
        raise SystemExit(f"{hits} ordinary messages matched: the bench data is wrong")
    return elapsed / len(batch) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    batch = messages(args.messages)
    started = time.perf_counter()
    matcher = SafeguardingMatcher.load()
    for language in ("fi", "sv", "en"):
        lemma("a", language)  # simplemma loads a language's dictionary on first use
    load_ms = (time.perf_counter() - started) * 1e3
    lemma.cache_clear()
    cold = _per_message_us(matcher, batch)
    warm = _per_message_us(matcher, batch)
    print(f"load {load_ms:.0f} ms; {len(batch)} messages: cold {cold:.1f} µs, warm {warm:.1f} µs")
    figures = {"messages": len(batch), "load_ms": round(load_ms), "cold_us": round(cold, 2)}
    print(json.dumps({**figures, "warm_us": round(warm, 2)}))


if __name__ == "__main__":
    main()
