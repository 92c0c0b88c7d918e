"""The participation loop in the demo (issue 15): a question asked in a window and answered
back, a quick poll the parents vote in, and the "Pyydä apua" button.

Everyone acts as a Telegram user would: commands, buttons, links and votes through the
sandbox; nothing is written to the database behind the bot's back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.help_desk import ASK_DATA
from demo.stage import Demo, Person, poll_text, user_id

QUESTION = "Voiko koulukuraattorin tavata myös iltaisin, jos on itse päivät töissä?"
ANSWER = (
    "Voi. Kuraattorit sopivat tapaamisia myös iltaisin: soita koulun kansliaan, niin "
    "kuraattori ottaa yhteyttä."
)
POLL_QUESTION = "Mikä keskusteluaika sopii teille parhaiten?"
POLL_OPTIONS = ("Aamu klo 8–10", "Iltapäivä klo 14–16", "Ilta klo 20–22")
NUMBER = re.compile(r"#(\d+)")


async def ask_question(demo: Demo, parent: Person, chat_id: int) -> None:
    """A parent asks the project workers a question in the open window."""
    await demo.say(parent, chat_id, f"/kysy {QUESTION}")


async def answer_question(demo: Demo, staff: Person) -> None:
    """Staff list the open questions privately and answer the first one by its number."""
    private = user_id(staff)
    await demo.say(staff, private, "/kysymykset")
    listing = str(demo.sim.sent_messages(private)[-1]["text"])
    found = NUMBER.search(listing)
    assert found is not None, f"no open question listed: {listing!r}"
    await demo.say(staff, private, f"/vastaa {found.group(1)} {ANSWER}")


async def quick_poll(
    demo: Demo, staff: Person, chat_id: int, votes: Sequence[tuple[Person, int]]
) -> dict[str, Any]:
    """Staff post a quick poll in the open window and the parents vote (option indexes)."""
    await demo.say(staff, chat_id, f"/kysely {' | '.join((POLL_QUESTION, *POLL_OPTIONS))}")
    poll_message = next(m for m in reversed(demo.sim.sent_messages(chat_id)) if "poll" in m)
    for person, option in votes:
        await demo.vote(person, poll_message, option)
    return poll_message


def show_poll(demo: Demo, poll_message: dict[str, Any]) -> None:
    """The poll as it stands now in the group (closed at the window's end)."""
    current = demo.sim.message(int(poll_message["chat"]["id"]), int(poll_message["message_id"]))
    assert current is not None
    demo.transcript.line(demo.clock(), "Telegram", poll_text(current["poll"]))


async def ask_for_help(demo: Demo, parent: Person, chat_id: int) -> None:
    """A parent taps "Pyydä apua" under the window's prompt, reads the help directory
    privately and asks a project worker to contact them."""
    prompt = next(
        m
        for m in reversed(demo.sim.sent_messages(chat_id))
        for row in m.get("reply_markup", {}).get("inline_keyboard", [])
        for button in row
        if "?start=" in button.get("url", "")
    )
    await demo.follow_start_link(parent, prompt)
    directory = demo.sim.sent_messages(user_id(parent))[-1]
    await demo.press(parent, directory, ASK_DATA)
