"""Feature routers, included in this order (first match wins)."""

from __future__ import annotations

from aiogram import Router

from bot.desk import DeskMiddleware
from bot.filters import LooksLikeCommand, NotACommand
from bot.guard_checks import FloodCounter
from bot.instructions import Instructions
from bot.routers import (
    ask_help,
    consent,
    consent_link,
    console_link,
    contributions,
    digest,
    duty,
    guard,
    hints,
    members,
    migration,
    moderation,
    planning,
    polls,
    questions,
    quotes,
    reports,
    rights,
    safeguarding,
    sanctions,
    setup,
    start,
    stats,
)


def build_features() -> Router:
    """Every command router (with their buttons, join requests and member updates).

    Their message handlers are all commands, so the router's message filter lets only
    messages that start like a command in: a member's plain message, the hot path, skips
    the whole subtree instead of being tried against every command filter in it. Its
    handlers get a `desk` (`bot.desk`), built only once a handler has matched. `hints` comes
    last: it only sees commands sent in the wrong place.
    """
    features = Router(name="features")
    features.message.filter(LooksLikeCommand())
    desk = DeskMiddleware()
    for observer in (
        features.message,
        features.callback_query,
        features.chat_join_request,
        features.chat_member,
    ):
        observer.middleware(desk)
    features.include_routers(
        ask_help.build(),
        consent_link.build(),
        consent.build(),
        start.build(),
        setup.build(),
        planning.build(),
        duty.build(),
        moderation.build(),
        safeguarding.build(),
        stats.build(),
        questions.build(),
        polls.build(),
        digest.build(),
        quotes.build(),
        console_link.build(),
        rights.build(),
        members.build(),
        sanctions.build(),
        reports.build(),
        hints.build(),
    )
    return features


def build_group_traffic(flood: FloodCounter, *, name: str = "group_traffic") -> Router:
    """Plain group messages, edits and reactions: first the instructions to the bot (a chat
    upgrade, staff replies to answer prompts and /teksti requests; `bot.instructions`), the
    filters (guard, counting floods in `flood`), then the contribution log (with the
    safeguarding path), then plain private messages (safeguarding). One router, so the hot
    path pays for one router level, not two."""
    traffic = Router(name=name)
    instructions = Instructions()  # to the bot, not the group: behind one cheap gate
    migration.register(instructions)  # a group upgraded to a supergroup, before anything else
    questions.register(instructions)
    duty.register_prompt_replies(instructions)
    instructions.attach(traffic)
    guard.register(traffic, flood)
    contributions.register(traffic)
    safeguarding.register(traffic)
    return traffic


def build_routers() -> list[Router]:
    """Fresh router instances, in the order the dispatcher must try them.

    A message that does not look like a command (a member's message: the hot path) goes to
    the group traffic at once and never visits the command routers. One that looks like a
    command goes to `features` (`ask_help` first: it owns `/start apua`; then `consent_link`:
    every other `/start` with a payload); one that no command router takes (an unknown
    command, a "/" typed in the chat) reaches the group traffic after them, as plain messages
    do. Both group traffic routers count floods together.
    """
    flood = FloodCounter()
    plain = build_group_traffic(flood)
    plain.message.filter(NotACommand())
    return [plain, build_features(), build_group_traffic(flood, name="group_commands")]
