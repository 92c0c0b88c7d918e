"""Every answer the sandbox gives validates against the pinned aiogram's own types.

Each Bot API method in the sandbox's registry is called over real HTTP with valid parameters,
and its `result` is validated with that method's aiogram return type; every kind of update the
sandbox emits is validated with `aiogram.types.Update`. So the simulator cannot drift from the
Bot API the bot speaks (aiogram adds required fields as the Bot API grows).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, methods
from aiogram.exceptions import TelegramMigrateToChat
from aiogram.types import Update
from pydantic import TypeAdapter

from sandbox import BotApiSimulator, SandboxServer
from sandbox.methods import HANDLERS
from sandbox.objects import MEDIA_KINDS
from tests.e2e.helpers import make_bot

TOKEN = "123456:TEST-token_abcdefghij"
BOT_ID = 123456
ALL_UPDATE_KINDS = [
    "message",
    "edited_message",
    "callback_query",
    "chat_member",
    "my_chat_member",
    "chat_join_request",
    "message_reaction",
    "message_reaction_count",
    "poll",
    "poll_answer",
]
FULL_BOT_RIGHTS = {
    "can_delete_messages": True,
    "can_restrict_members": True,
    "can_pin_messages": True,
    "can_invite_users": True,
    "can_manage_topics": True,
    "can_change_info": True,
}
YES = {"inline_keyboard": [[{"text": "Kyllä", "callback_data": "yes"}]]}

JsonDict = dict[str, Any]


@dataclass
class World:
    """A sandbox with users of every membership status, a few chats and a raw HTTP client."""

    sim: BotApiSimulator
    http: aiohttp.ClientSession
    base_url: str
    staff: int
    member: int
    supergroup: int
    group: int
    forum: int

    async def call(self, method: str, params: JsonDict, files: JsonDict | None = None) -> Any:
        """POST one Bot API request (JSON, or multipart with `files`); the raw `result`."""
        url = f"{self.base_url}/bot{TOKEN}/{method}"
        if files:
            form = aiohttp.FormData()
            for key, value in params.items():
                form.add_field(key, value if isinstance(value, str) else json.dumps(value))
            for key, (name, data) in files.items():
                form.add_field(key, data, filename=name)
            response = await self.http.post(url, data=form)
        else:
            response = await self.http.post(url, json=params)
        async with response:
            body = await response.json()
        assert body["ok"] is True, (method, params, body)
        return body["result"]

    async def bot_message(self, chat_id: int, **extra: Any) -> int:
        """The id of a fresh text message the bot sent to `chat_id`."""
        sent = await self.call("sendMessage", {"chat_id": chat_id, "text": "Hei", **extra})
        return int(sent["message_id"])


def build_world(sim: BotApiSimulator, http: aiohttp.ClientSession, base_url: str) -> World:
    """Users who started the bot, a supergroup with every status, a basic group and a forum."""
    sim.accept_token(TOKEN)
    staff = int(sim.add_user("Sanna", username="sanna_lape")["id"])
    member = int(sim.add_user("Aino", last_name="Virtanen")["id"])
    for user_id in (staff, member):
        sim.start_bot(user_id)
    supergroup = int(sim.add_chat("Vanhemmat", username="vanhemmat")["id"])
    group = int(sim.add_chat("Pieni ryhmä", type="group")["id"])
    forum = int(sim.add_chat("Foorumi", is_forum=True)["id"])
    for chat_id in (supergroup, group, forum):
        sim.set_bot_rights(chat_id, **FULL_BOT_RIGHTS)
        sim.set_admin(chat_id, staff, can_delete_messages=True, can_pin_messages=True)
        sim.add_member(chat_id, member)
    return World(sim, http, base_url, staff, member, supergroup, group, forum)


def user_in(world: World, status: str) -> int:
    """A new user holding `status` in the supergroup."""
    user_id = int(world.sim.add_user(f"Käyttäjä {status}")["id"])
    world.sim.add_member(world.supergroup, user_id, status)
    return user_id


Case = Callable[[World], Awaitable[list[JsonDict]]]
CASES: dict[str, Case] = {}


def case(name: str) -> Callable[[Case], Case]:
    """Register the parameter sets (after any arranging) that exercise method `name`."""

    def register(function: Case) -> Case:
        CASES[name] = function
        return function

    return register


@case("getMe")
async def _get_me(w: World) -> list[JsonDict]:
    return [{}]


@case("logOut")
async def _log_out(w: World) -> list[JsonDict]:
    return [{}]


@case("close")
async def _close(w: World) -> list[JsonDict]:
    return [{}]


@case("setMyCommands")
async def _set_my_commands(w: World) -> list[JsonDict]:
    commands = [{"command": "start", "description": "Aloita"}]
    return [{"commands": commands}, {"commands": commands, "language_code": "sv"}]


@case("deleteMyCommands")
async def _delete_my_commands(w: World) -> list[JsonDict]:
    return [{}, {"scope": {"type": "all_private_chats"}}]


@case("getMyCommands")
async def _get_my_commands(w: World) -> list[JsonDict]:
    await w.call(
        "setMyCommands", {"commands": [{"command": "plan", "description": "Suunnitelma"}]}
    )
    return [{}, {"language_code": "fi"}]


@case("answerCallbackQuery")
async def _answer_callback_query(w: World) -> list[JsonDict]:
    keyboard = {"inline_keyboard": [[{"text": "Kyllä", "callback_data": "yes"}]]}
    sent = await w.call(
        "sendMessage", {"chat_id": w.member, "text": "?", "reply_markup": keyboard}
    )
    first = w.sim.user_presses(w.member, sent, "yes")
    second = w.sim.user_presses(w.member, sent, "yes")
    return [
        {"callback_query_id": first},
        {"callback_query_id": second, "text": "Kiitos", "show_alert": True},
    ]


@case("sendMessage")
async def _send_message(w: World) -> list[JsonDict]:
    replied = await w.bot_message(w.supergroup)
    topic = await w.call("createForumTopic", {"chat_id": w.forum, "name": "Aihe"})
    keyboard = {"inline_keyboard": [[{"text": "Avaa", "url": "https://example.org"}]]}
    return [
        {"chat_id": w.member, "text": "Hei"},
        {"chat_id": w.supergroup, "text": "<b>Tärkeä</b> <i>asia</i>", "parse_mode": "HTML"},
        {"chat_id": w.supergroup, "text": "Vastaus", "reply_parameters": {"message_id": replied}},
        {"chat_id": w.group, "text": "Linkki", "reply_markup": keyboard},
        {"chat_id": w.forum, "text": "Aiheessa", "message_thread_id": topic["message_thread_id"]},
        {"chat_id": "@vanhemmat", "text": "Käyttäjänimellä"},
    ]


@case("sendDocument")
async def _send_document(w: World) -> list[JsonDict]:
    uploaded = await w.call(
        "sendDocument",
        {"chat_id": str(w.staff), "caption": "Kooste"},
        files={"document": ("kooste.csv", b"a,b\n1,2\n")},
    )
    return [
        {"chat_id": w.staff, "document": uploaded["document"]["file_id"]},
        {"chat_id": w.supergroup, "document": "https://example.org/kooste.pdf", "caption": "PDF"},
    ]


@case("editMessageText")
async def _edit_message_text(w: World) -> list[JsonDict]:
    message_id = await w.bot_message(w.member)
    keyboard = {"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]}
    return [
        {"chat_id": w.member, "message_id": message_id, "text": "Muokattu"},
        {
            "chat_id": w.member,
            "message_id": message_id,
            "text": "<b>Taas</b>",
            "parse_mode": "HTML",
            "reply_markup": keyboard,
        },
    ]


@case("editMessageReplyMarkup")
async def _edit_message_reply_markup(w: World) -> list[JsonDict]:
    message_id = await w.bot_message(w.supergroup)
    keyboard = {"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]}
    return [
        {"chat_id": w.supergroup, "message_id": message_id, "reply_markup": keyboard},
        {"chat_id": w.supergroup, "message_id": message_id},
    ]


@case("deleteMessage")
async def _delete_message(w: World) -> list[JsonDict]:
    own = await w.bot_message(w.supergroup)
    theirs = w.sim.user_sends(w.member, w.supergroup, "poistettava")["message_id"]
    return [
        {"chat_id": w.supergroup, "message_id": own},
        {"chat_id": w.supergroup, "message_id": theirs},
    ]


POLL_OPTIONS = [{"text": "Kyllä"}, {"text": "Ei"}]


@case("sendPoll")
async def _send_poll(w: World) -> list[JsonDict]:
    return [
        {"chat_id": w.supergroup, "question": "Sopiiko?", "options": POLL_OPTIONS},
        {
            "chat_id": w.supergroup,
            "question": "Kuka?",
            "options": ["A", "B", "C"],
            "is_anonymous": False,
            "allows_multiple_answers": True,
        },
    ]


@case("stopPoll")
async def _stop_poll(w: World) -> list[JsonDict]:
    poll = await w.call(
        "sendPoll", {"chat_id": w.supergroup, "question": "Sopiiko?", "options": POLL_OPTIONS}
    )
    w.sim.user_votes(w.member, w.supergroup, int(poll["message_id"]), [1])
    return [{"chat_id": w.supergroup, "message_id": poll["message_id"]}]


@case("pinChatMessage")
async def _pin_chat_message(w: World) -> list[JsonDict]:
    in_group = await w.bot_message(w.supergroup)
    in_private = await w.bot_message(w.member)
    return [
        {"chat_id": w.supergroup, "message_id": in_group, "disable_notification": True},
        {"chat_id": w.member, "message_id": in_private},
    ]


@case("unpinChatMessage")
async def _unpin_chat_message(w: World) -> list[JsonDict]:
    for _ in range(2):
        pinned = await w.bot_message(w.supergroup)
        await w.call("pinChatMessage", {"chat_id": w.supergroup, "message_id": pinned})
    return [{"chat_id": w.supergroup, "message_id": pinned}, {"chat_id": w.supergroup}]


@case("unpinAllChatMessages")
async def _unpin_all_chat_messages(w: World) -> list[JsonDict]:
    pinned = await w.bot_message(w.supergroup)
    await w.call("pinChatMessage", {"chat_id": w.supergroup, "message_id": pinned})
    return [{"chat_id": w.supergroup}]


@case("setChatPermissions")
async def _set_chat_permissions(w: World) -> list[JsonDict]:
    return [
        {"chat_id": w.supergroup, "permissions": {"can_send_messages": False}},
        {
            "chat_id": w.supergroup,
            "permissions": {"can_send_messages": True, "can_send_polls": True},
            "use_independent_chat_permissions": True,
        },
    ]


@case("restrictChatMember")
async def _restrict_chat_member(w: World) -> list[JsonDict]:
    until = w.sim.timestamp() + 3600
    return [
        {
            "chat_id": w.supergroup,
            "user_id": w.member,
            "permissions": {"can_send_messages": False},
            "until_date": until,
        },
        {"chat_id": w.supergroup, "user_id": w.member, "permissions": {"can_send_messages": True}},
    ]


@case("banChatMember")
async def _ban_chat_member(w: World) -> list[JsonDict]:
    return [
        {"chat_id": w.supergroup, "user_id": w.member, "until_date": w.sim.timestamp() + 86400},
        {"chat_id": w.group, "user_id": w.member, "revoke_messages": True},
    ]


@case("unbanChatMember")
async def _unban_chat_member(w: World) -> list[JsonDict]:
    banned = user_in(w, "kicked")
    return [
        {"chat_id": w.supergroup, "user_id": banned},
        {"chat_id": w.supergroup, "user_id": w.member, "only_if_banned": True},
    ]


def _join_requests(w: World, count: int) -> list[int]:
    users = [int(w.sim.add_user(f"Hakija {n}")["id"]) for n in range(count)]
    for user_id in users:
        w.sim.join_request(user_id, w.supergroup, bio="Vanhempi Lahdesta")
    return users


@case("approveChatJoinRequest")
async def _approve_chat_join_request(w: World) -> list[JsonDict]:
    return [{"chat_id": w.supergroup, "user_id": u} for u in _join_requests(w, 1)]


@case("declineChatJoinRequest")
async def _decline_chat_join_request(w: World) -> list[JsonDict]:
    return [{"chat_id": w.supergroup, "user_id": u} for u in _join_requests(w, 1)]


@case("getChat")
async def _get_chat(w: World) -> list[JsonDict]:
    pinned = await w.bot_message(w.supergroup)
    await w.call("pinChatMessage", {"chat_id": w.supergroup, "message_id": pinned})
    return [{"chat_id": chat} for chat in (w.member, w.supergroup, w.group, w.forum)]


@case("getChatMember")
async def _get_chat_member(w: World) -> list[JsonDict]:
    owner = int(w.sim.add_user("Omistaja")["id"])
    w.sim.set_creator(w.supergroup, owner)
    statuses = ("member", "restricted", "left", "kicked")
    users = [owner, w.staff, BOT_ID] + [user_in(w, status) for status in statuses]
    return [{"chat_id": w.supergroup, "user_id": user_id} for user_id in users] + [
        {"chat_id": w.member, "user_id": w.member}
    ]


@case("getChatAdministrators")
async def _get_chat_administrators(w: World) -> list[JsonDict]:
    w.sim.set_creator(w.supergroup, int(w.sim.add_user("Omistaja")["id"]))
    return [{"chat_id": w.supergroup}, {"chat_id": w.group}]


@case("getChatMemberCount")
async def _get_chat_member_count(w: World) -> list[JsonDict]:
    return [{"chat_id": w.supergroup}, {"chat_id": w.member}]


@case("leaveChat")
async def _leave_chat(w: World) -> list[JsonDict]:
    return [{"chat_id": w.group}]


@case("createForumTopic")
async def _create_forum_topic(w: World) -> list[JsonDict]:
    return [
        {"chat_id": w.forum, "name": "Kiusaaminen"},
        {"chat_id": w.forum, "name": "Eroasiat", "icon_color": 16766590},
    ]


@case("getUpdates")
async def _get_updates(w: World) -> list[JsonDict]:
    await emit_every_update_kind(w)
    return [{"allowed_updates": ALL_UPDATE_KINDS, "timeout": 0}]


@case("setWebhook")
async def _set_webhook(w: World) -> list[JsonDict]:
    return [
        {"url": f"{w.base_url}/hook", "secret_token": "s3cret", "max_connections": 10},
        {"url": ""},
    ]


@case("deleteWebhook")
async def _delete_webhook(w: World) -> list[JsonDict]:
    await w.call("setWebhook", {"url": f"{w.base_url}/hook"})
    return [{"drop_pending_updates": True}, {}]


@case("getWebhookInfo")
async def _get_webhook_info(w: World) -> list[JsonDict]:
    return [{}]


async def emit_every_update_kind(w: World) -> None:
    """Queue at least one update of every kind the sandbox produces, in their variants."""
    sim, chat = w.sim, w.supergroup
    topic = await w.call("createForumTopic", {"chat_id": w.forum, "name": "Aihe"})
    first = sim.user_sends(w.member, chat, "Ensimmäinen ajatus")
    sim.user_sends(w.staff, chat, "/plan@neuvo_test_bot 2026-12-08", reply_to=first)
    sim.user_sends(w.member, w.member, "/start consent-parents")
    sim.user_sends(w.member, chat, "välitetty", forward=True)
    for kind in MEDIA_KINDS:
        sim.user_sends(w.member, chat, media=kind, caption="/kuvateksti")
    sim.user_sends(w.member, w.forum, "aiheessa", thread_id=topic["message_thread_id"])
    offer = await w.call("sendMessage", {"chat_id": w.member, "text": "?", "reply_markup": YES})
    sim.user_presses(w.member, offer, "yes")
    sim.user_edits(w.member, chat, int(first["message_id"]), "Muokattu ajatus")
    sim.user_reacts(w.member, chat, int(first["message_id"]), ["👍", "❤"])
    sim.reaction_counts(chat, int(first["message_id"]), {"👍": 3, "🔥": 0})
    sim.join_request(int(sim.add_user("Anni")["id"]), chat, bio="Äiti")
    sim.member_update(chat, w.member, "member", "restricted", can_send_messages=False)
    sim.member_update(chat, int(sim.add_user("Uusi")["id"]), "left", "member")
    sim.member_update(chat, w.staff, "member", "administrator", can_delete_messages=True)
    sim.member_update(chat, BOT_ID, "member", "administrator", **FULL_BOT_RIGHTS)
    sim.member_update(w.group, BOT_ID, "administrator", "kicked", by=w.staff)
    params = {"chat_id": chat, "question": "Kuka?", "options": ["A", "B"], "is_anonymous": False}
    poll = await w.call("sendPoll", params)
    sim.user_votes(w.member, chat, int(poll["message_id"]), [0])


@pytest.fixture
def sim() -> BotApiSimulator:
    return BotApiSimulator()


@pytest.fixture
async def world(sim: BotApiSimulator) -> AsyncIterator[World]:
    async with SandboxServer(sim) as server, aiohttp.ClientSession() as http:
        yield build_world(sim, http, server.base_url)


@pytest.fixture
async def bot() -> AsyncIterator[Bot]:
    bot = Bot(TOKEN)
    yield bot
    await bot.session.close()


def returning(method: str) -> Any:
    """aiogram's return type for a Bot API method name (e.g. getMe -> GetMe.__returning__)."""
    return getattr(methods, method[0].upper() + method[1:]).__returning__


@pytest.mark.parametrize("method", sorted(method.name for method in HANDLERS.values()))
async def test_method_answers_validate_with_aiogram(world: World, bot: Bot, method: str) -> None:
    """Each registered method's answers are valid values of aiogram's return type for it."""
    arrange = CASES.get(method)
    if arrange is None:
        pytest.fail(f"{method} is in the sandbox's registry but has no case here: add one")
    adapter = TypeAdapter(returning(method))
    for params in await arrange(world):
        result = await world.call(method, params)
        adapter.validate_python(result, context={"bot": bot})


async def test_every_update_kind_validates_with_aiogram(world: World, bot: Bot) -> None:
    """Every kind of update the sandbox emits is a valid aiogram Update of that kind."""
    await emit_every_update_kind(world)
    raw = await world.call("getUpdates", {"allowed_updates": ALL_UPDATE_KINDS, "timeout": 0})
    seen = set()
    for item in raw:
        update = Update.model_validate(item, context={"bot": bot})
        kind = next(key for key in item if key != "update_id")
        assert update.event_type == kind
        seen.add(kind)
    assert seen == set(ALL_UPDATE_KINDS)


@pytest.mark.parametrize("new_chat_first", [False, True])
async def test_upgrade_service_messages_validate_with_aiogram(
    world: World, bot: Bot, new_chat_first: bool
) -> None:
    """A basic group upgraded to a supergroup gives the old chat's `migrate_to_chat_id` and
    the new chat's `migrate_from_chat_id` (in either order), valid for aiogram; a later call
    to the old id raises aiogram's TelegramMigrateToChat with the new id."""
    new_id = world.sim.migrate_group(world.group, new_chat_first=new_chat_first)
    raw = await world.call("getUpdates", {"allowed_updates": ["message"], "timeout": 0})
    messages = [Update.model_validate(item, context={"bot": bot}).message for item in raw]
    by_chat = {message.chat.id: message for message in messages if message is not None}
    assert [message.chat.id for message in by_chat.values()] == (
        [new_id, world.group] if new_chat_first else [world.group, new_id]
    )
    assert by_chat[world.group].migrate_to_chat_id == new_id
    assert by_chat[new_id].migrate_from_chat_id == world.group
    assert (by_chat[new_id].chat.type, str(new_id)[:4]) == ("supergroup", "-100")
    sandbox_bot = make_bot(world.base_url, TOKEN)
    try:
        with pytest.raises(TelegramMigrateToChat) as refused:
            await sandbox_bot.send_message(world.group, "Hei")
        assert refused.value.migrate_to_chat_id == new_id
        sent = await sandbox_bot.send_message(new_id, "Hei")
        assert sent.chat.id == new_id
    finally:
        await sandbox_bot.session.close()


def test_every_case_names_a_registered_method() -> None:
    """No case is left for a method the sandbox no longer implements."""
    assert set(CASES) <= {method.name for method in HANDLERS.values()}
