"""End-to-end tests of the Bot API sandbox through a real aiogram Bot over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    BufferedInputFile,
    ChatMemberRestricted,
    ChatPermissions,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from sandbox import BotApiSimulator, SandboxClient, SandboxServer
from tests.e2e.helpers import SANDBOX_TOKEN, make_bot

TOKEN = SANDBOX_TOKEN
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def sim() -> BotApiSimulator:
    return BotApiSimulator()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def started_user(sim: BotApiSimulator, name: str = "Aino") -> int:
    """A user who has sent /start to the bot."""
    user_id = int(sim.add_user(name)["id"])
    sim.user_sends(user_id, user_id, "/start")
    return user_id


async def test_get_me(bot: Bot) -> None:
    """getMe returns the bot user derived from the token, with Telegram's flags."""
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456, True, "neuvo_test_bot")
    assert me.can_join_groups and me.can_read_all_group_messages
    assert me.supports_inline_queries is False


async def test_privacy_mode_flag(bot: Bot, sim: BotApiSimulator) -> None:
    """set_privacy_mode(True) makes getMe report can_read_all_group_messages false."""
    sim.set_privacy_mode(True)
    assert (await bot.get_me()).can_read_all_group_messages is False


async def test_raw_routes_shapes(server: SandboxServer, http: aiohttp.ClientSession) -> None:
    """Bad tokens get 401, unknown methods 404, and method names are case-insensitive."""
    async with http.get(f"{server.base_url}/botnot-a-token/getMe") as resp:
        assert resp.status == 401
        assert await resp.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    async with http.get(f"{server.base_url}/bot{TOKEN}/GETME") as resp:
        assert (await resp.json())["result"]["id"] == 123456
    async with http.post(f"{server.base_url}/bot{TOKEN}/fooBar") as resp:
        assert resp.status == 404
        assert await resp.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    async with http.get(f"{server.base_url}/file/bot{TOKEN}/documents/x.pdf") as resp:
        assert resp.status == 404


async def test_second_token_rejected(server: SandboxServer, bot: Bot) -> None:
    """The first valid token fixes the bot; another bot's token is Unauthorized."""
    await bot.get_me()
    other = make_bot(server.base_url, "999:ANOTHER-token-xyz")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await other.get_me()
    finally:
        await other.session.close()


async def test_json_and_urlencoded_bodies(
    server: SandboxServer, sim: BotApiSimulator, http: aiohttp.ClientSession
) -> None:
    """JSON bodies and urlencoded forms with JSON-encoded fields are both decoded."""
    user_id = started_user(sim)
    markup = {"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]}
    url = f"{server.base_url}/bot{TOKEN}/sendMessage"
    async with http.post(url, json={"chat_id": user_id, "text": "a", "reply_markup": markup}) as r:
        assert (await r.json())["result"]["reply_markup"] == markup
    form = {"chat_id": str(user_id), "text": "b", "reply_markup": '{"remove_keyboard": true}'}
    async with http.post(url, data=form) as r:
        body = await r.json()
    assert body["ok"] and "reply_markup" not in body["result"]
    assert sim.calls("sendMessage")[1].params["reply_markup"] == {"remove_keyboard": True}


async def test_send_message_reply_and_ids(bot: Bot, sim: BotApiSimulator) -> None:
    """Message ids increase per chat and a reply embeds the earlier message without nesting."""
    user_id = started_user(sim)
    first = await bot.send_message(user_id, "Hei!")
    second = await bot.send_message(
        user_id, "Vastaus", reply_parameters=ReplyParameters(message_id=first.message_id)
    )
    third = await bot.send_message(user_id, "x", reply_to_message_id=second.message_id)
    assert (first.message_id, second.message_id, third.message_id) == (2, 3, 4)
    assert first.from_user is not None and first.from_user.id == 123456
    assert third.reply_to_message is not None
    assert third.reply_to_message.message_id == second.message_id
    assert third.reply_to_message.reply_to_message is None
    assert [m["text"] for m in sim.sent_messages(user_id)] == ["Hei!", "Vastaus", "x"]
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(user_id, "x", reply_to_message_id=99)


async def test_message_date_follows_clock(bot: Bot, sim: BotApiSimulator) -> None:
    """Bot message dates come from the simulated clock."""
    sim.set_time(T0)
    message = await bot.send_message(started_user(sim), "aika")
    assert message.date == T0


async def test_html_parse_mode(bot: Bot, sim: BotApiSimulator) -> None:
    """HTML becomes plain text plus entities; bad markup or a non-HTML mode is a 400."""
    user_id = started_user(sim)
    message = await bot.send_message(user_id, "<b>Tärkeä</b> &lt;3", parse_mode="HTML")
    assert message.text == "Tärkeä <3"
    assert message.entities is not None and message.entities[0].type == "bold"
    with pytest.raises(TelegramBadRequest, match="can't parse entities: Unsupported start tag"):
        await bot.send_message(user_id, "1 < 2", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="Bad Request: unsupported parse_mode"):
        await bot.send_message(user_id, "Hei!", parse_mode="MarkdownV2")


async def test_get_updates_offset_confirms(bot: Bot, sim: BotApiSimulator) -> None:
    """getUpdates with an offset forgets every update below it."""
    user_id = int(sim.add_user("Aino")["id"])
    for text in ("/start", "yksi", "kaksi"):
        sim.user_sends(user_id, user_id, text)
    updates = await bot.get_updates()
    assert [u.message.text for u in updates if u.message] == ["/start", "yksi", "kaksi"]
    assert sim.pending_updates() == 3
    rest = await bot.get_updates(offset=updates[1].update_id + 1)
    assert [u.update_id for u in rest] == [updates[2].update_id]
    assert sim.confirmed_offset == updates[1].update_id + 1
    assert await bot.get_updates(offset=updates[2].update_id + 1) == []
    assert sim.pending_updates() == 0


async def test_long_poll_wakes_on_user_message(bot: Bot, sim: BotApiSimulator) -> None:
    """A waiting getUpdates returns as soon as a user sends something."""
    user_id = int(sim.add_user("Aino")["id"])
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.2)
    assert not poll.done()
    sim.user_sends(user_id, user_id, "/start")
    updates = await asyncio.wait_for(poll, 2)
    assert updates[0].message is not None and updates[0].message.text == "/start"


async def test_allowed_updates_filters_reactions(bot: Bot, sim: BotApiSimulator) -> None:
    """Reactions are dropped under the default allowed_updates and delivered once requested."""
    user_id = started_user(sim)
    sim.user_reacts(user_id, user_id, 1, ["👍"])
    updates = await bot.get_updates()
    assert [u.message is not None for u in updates] == [True]
    await bot.get_updates(offset=updates[-1].update_id + 1)
    assert sim.pending_updates() == 0
    sim.user_reacts(user_id, user_id, 1, ["🔥"])
    got = await bot.get_updates(allowed_updates=["message", "message_reaction"])
    reaction = got[0].message_reaction
    assert reaction is not None
    assert [r.model_dump()["emoji"] for r in reaction.old_reaction] == ["👍"]
    assert [r.model_dump()["emoji"] for r in reaction.new_reaction] == ["🔥"]
    sim.user_reacts(user_id, user_id, 1, [])
    assert len(await bot.get_updates(offset=got[0].update_id + 1)) == 1


async def test_redelivered_update_keeps_id(bot: Bot, sim: BotApiSimulator) -> None:
    """push_update keeps a given update_id so a confirmed update can be delivered again."""
    user_id = int(sim.add_user("Aino")["id"])
    sim.user_sends(user_id, user_id, "/start")
    first = await bot.get_updates()
    await bot.get_updates(offset=first[0].update_id + 1)
    sim.push_update(first[0].model_dump(mode="json", by_alias=True, exclude_none=True))
    again = await bot.get_updates(offset=first[0].update_id + 1)
    assert [u.update_id for u in again] == [first[0].update_id]


async def test_retry_after_injected(bot: Bot, sim: BotApiSimulator) -> None:
    """An injected 429 raises TelegramRetryAfter with retry_after and changes nothing."""
    user_id = started_user(sim)
    sim.fail_next("sendMessage", error_code=429, retry_after=7)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(user_id, "x")
    assert caught.value.retry_after == 7
    assert sim.sent_messages(user_id) == []
    call = sim.calls("sendMessage")[0]
    assert (call.ok, call.error_code, call.params["text"]) == (False, 429, "x")
    assert (await bot.send_message(user_id, "x")).message_id == 2


async def test_fault_match_and_server_errors(bot: Bot, sim: BotApiSimulator) -> None:
    """A matched 502 raises TelegramServerError, and set_down makes every call 502."""
    user_id = started_user(sim)
    sim.fail_next("sendMessage", error_code=502, match={"text": "boom"})
    await bot.send_message(user_id, "fine")
    with pytest.raises(TelegramServerError, match="Bad Gateway"):
        await bot.send_message(user_id, "boom")
    sim.set_down(True)
    with pytest.raises(TelegramServerError):
        await bot.get_me()
    sim.set_down(False)
    assert (await bot.get_me()).id == 123456


async def test_pin_requires_right(bot: Bot, sim: BotApiSimulator) -> None:
    """Pinning needs can_pin_messages; with it the message is pinned and shown by getChat."""
    chat_id = int(sim.add_chat("Ryhmä")["id"])
    message = await bot.send_message(chat_id, "Säännöt")
    with pytest.raises(TelegramBadRequest, match="not enough rights to manage pinned messages"):
        await bot.pin_chat_message(chat_id, message.message_id)
    sim.set_bot_rights(chat_id, can_pin_messages=True)
    assert await bot.pin_chat_message(chat_id, message.message_id)
    assert sim.pinned(chat_id) == [message.message_id]
    chat = await bot.get_chat(chat_id)
    assert chat.pinned_message is not None and chat.pinned_message.text == "Säännöt"


async def test_restrict_ban_and_permissions(bot: Bot, sim: BotApiSimulator) -> None:
    """Restrict, ban and permissions need can_restrict_members and set Telegram's statuses."""
    chat_id = int(sim.add_chat("Ryhmä")["id"])
    user_id = int(sim.add_user("Eero")["id"])
    sim.add_member(chat_id, user_id)
    muted = ChatPermissions(can_send_messages=False)
    with pytest.raises(TelegramBadRequest, match="not enough rights to change chat permissions"):
        await bot.set_chat_permissions(chat_id, muted)
    with pytest.raises(TelegramBadRequest, match="not enough rights to restrict/unrestrict"):
        await bot.ban_chat_member(chat_id, user_id)
    sim.set_bot_rights(chat_id, can_restrict_members=True)
    await bot.set_chat_permissions(chat_id, muted)
    permissions = (await bot.get_chat(chat_id)).permissions
    assert permissions is not None and permissions.can_send_messages is False
    assert not any(sim.permissions(chat_id).values())
    sim.set_time(T0)
    until = int(T0.timestamp()) + 3600
    await bot.restrict_chat_member(chat_id, user_id, muted, until_date=until)
    member = await bot.get_chat_member(chat_id, user_id)
    assert isinstance(member, ChatMemberRestricted)
    assert member.until_date == datetime.fromtimestamp(until, UTC)
    await bot.ban_chat_member(chat_id, user_id)
    assert sim.member_status(chat_id, user_id) == "kicked"
    await bot.unban_chat_member(chat_id, user_id, only_if_banned=True)
    assert sim.member_status(chat_id, user_id) == "left"


async def test_delete_message_rules(bot: Bot, sim: BotApiSimulator) -> None:
    """The bot deletes its own messages; others' need can_delete_messages; missing ones 400."""
    chat_id = int(sim.add_chat("Ryhmä")["id"])
    user_id = int(sim.add_user("Eero")["id"])
    theirs = sim.user_sends(user_id, chat_id, "spämmi")
    mine = await bot.send_message(chat_id, "oma")
    assert await bot.delete_message(chat_id, mine.message_id)
    with pytest.raises(TelegramBadRequest, match="message can't be deleted"):
        await bot.delete_message(chat_id, theirs["message_id"])
    sim.set_bot_rights(chat_id, can_delete_messages=True)
    assert await bot.delete_message(chat_id, theirs["message_id"])
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(chat_id, mine.message_id)
    assert sim.deleted_messages(chat_id) == [theirs["message_id"], mine.message_id]


async def test_edit_message_errors(bot: Bot, sim: BotApiSimulator) -> None:
    """Edits report not-modified and not-found, and a text edit drops an unrepeated keyboard."""
    user_id = started_user(sim)
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="OK", callback_data="ok")]]
    )
    message = await bot.send_message(user_id, "v1", reply_markup=markup)
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "v1", chat_id=user_id, message_id=message.message_id, reply_markup=markup
        )
    edited = await bot.edit_message_text("v2", chat_id=user_id, message_id=message.message_id)
    assert isinstance(edited, Message)
    assert edited.text == "v2" and edited.reply_markup is None and edited.edit_date
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=user_id, message_id=999)


async def test_private_chat_forbidden(bot: Bot, sim: BotApiSimulator) -> None:
    """Users who never started the bot or blocked it give Telegram's 403 errors."""
    stranger = int(sim.add_user("Vieras")["id"])
    with pytest.raises(TelegramForbiddenError, match="bot can't initiate conversation"):
        await bot.send_message(stranger, "hei")
    user_id = started_user(sim)
    sim.block_bot(user_id)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(user_id, "hei")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(424242, "hei")


async def test_join_request_window(bot: Bot, sim: BotApiSimulator) -> None:
    """A pending join request opens user_chat_id for five minutes of simulated time."""
    sim.set_time(T0)
    chat_id = int(sim.add_chat("Ryhmä")["id"])
    user_id = int(sim.add_user("Hakija")["id"])
    sim.join_request(user_id, chat_id)
    sim.advance(240)
    assert (await bot.send_message(user_id, "Tervetuloa!")).chat.id == user_id
    sim.advance(120)
    with pytest.raises(TelegramForbiddenError, match="can't initiate conversation"):
        await bot.send_message(user_id, "Myöhässä")
    sim.join_request(user_id, chat_id)
    sim.set_bot_rights(chat_id, can_invite_users=True)
    await bot.decline_chat_join_request(chat_id, user_id)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(user_id, "Käsitelty")


async def test_join_request_approval(bot: Bot, sim: BotApiSimulator) -> None:
    """Approval needs can_invite_users, makes a member, and queues a chat_member update."""
    chat_id = int(sim.add_chat("Ryhmä")["id"])
    user_id = int(sim.add_user("Hakija")["id"])
    sim.join_request(user_id, chat_id, bio="LAPE")
    updates = await bot.get_updates(allowed_updates=["chat_join_request", "chat_member"])
    request = updates[0].chat_join_request
    assert request is not None and request.user_chat_id == user_id and request.bio == "LAPE"
    with pytest.raises(TelegramBadRequest, match="not enough rights"):
        await bot.approve_chat_join_request(chat_id, user_id)
    sim.set_bot_rights(chat_id, can_invite_users=True)
    assert await bot.approve_chat_join_request(chat_id, user_id)
    assert sim.member_status(chat_id, user_id) == "member"
    later = await bot.get_updates(offset=updates[-1].update_id + 1)
    change = later[0].chat_member
    assert change is not None and change.new_chat_member.status == "member"
    with pytest.raises(TelegramBadRequest, match="HIDE_REQUESTER_MISSING"):
        await bot.approve_chat_join_request(chat_id, user_id)


async def test_send_document_keeps_bytes(bot: Bot, sim: BotApiSimulator) -> None:
    """A multipart sendDocument keeps file name, bytes, caption and a guessed mime type."""
    user_id = started_user(sim)
    payload = "päivä;aihe\n1;LAPE\n".encode()
    message = await bot.send_document(
        user_id, BufferedInputFile(payload, filename="raportti.csv"), caption="Raportti"
    )
    assert message.document is not None and message.document.file_name == "raportti.csv"
    assert message.caption == "Raportti"
    [doc] = sim.documents(user_id)
    assert (doc["filename"], doc["bytes"], doc["mime_type"]) == (
        "raportti.csv",
        payload,
        "text/csv",
    )
    resent = await bot.send_document(user_id, message.document.file_id)
    assert resent.document is not None and resent.document.file_size == len(payload)


async def test_forum_topics(bot: Bot, sim: BotApiSimulator) -> None:
    """createForumTopic needs a forum and can_manage_topics; messages then carry the thread."""
    plain = int(sim.add_chat("Tavallinen")["id"])
    with pytest.raises(TelegramBadRequest, match="the chat is not a forum"):
        await bot.create_forum_topic(plain, "Aihe")
    forum = int(sim.add_chat("Foorumi", is_forum=True)["id"])
    sim.set_bot_rights(forum, can_manage_topics=True)
    topic = await bot.create_forum_topic(forum, "Aihe")
    message = await bot.send_message(forum, "ketjussa", message_thread_id=topic.message_thread_id)
    assert message.message_thread_id == topic.message_thread_id and message.is_topic_message


async def test_callback_query_answer(bot: Bot, sim: BotApiSimulator) -> None:
    """A pressed button queues a callback_query the bot can answer once."""
    user_id = started_user(sim)
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Kyllä", callback_data="yes")]]
    )
    message = await bot.send_message(user_id, "Osallistutko?", reply_markup=markup)
    query_id = sim.user_presses(user_id, (user_id, message.message_id), "yes")
    updates = await bot.get_updates()
    query = updates[-1].callback_query
    assert query is not None and query.id == query_id and query.data == "yes"
    assert await bot.answer_callback_query(query_id, text="Kiitos")
    assert sim.callback_answer(query_id) == {
        "text": "Kiitos",
        "show_alert": False,
        "url": None,
        "cache_time": 0,
    }
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query_id)


async def test_privacy_mode_filters_group_messages(bot: Bot, sim: BotApiSimulator) -> None:
    """With privacy mode on, a non-admin bot only receives commands from groups."""
    sim.set_privacy_mode(True)
    chat_id = int(sim.add_chat("Ryhmä")["id"])
    user_id = int(sim.add_user("Eero")["id"])
    sim.user_sends(user_id, chat_id, "juttelua")
    sim.user_sends(user_id, chat_id, "/help@neuvo_test_bot")
    updates = await bot.get_updates()
    assert [u.message.text for u in updates if u.message] == ["/help@neuvo_test_bot"]


async def test_concurrent_get_updates_conflict(bot: Bot, sim: BotApiSimulator) -> None:
    """A second getUpdates terminates the waiting one with 409 Conflict."""
    first = asyncio.create_task(bot.get_updates(timeout=10))
    while sim.updates.active_poll is None:
        await asyncio.sleep(0.01)
    assert await bot.get_updates(timeout=0) == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, 2)


async def test_webhook_delivery(bot: Bot, sim: BotApiSimulator) -> None:
    """Updates are POSTed in order with the secret header, retried until a 2xx."""
    received: list[tuple[str | None, Any]] = []
    statuses = [500]

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.json_response({}, status=statuses.pop() if statuses else 200)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
        assert await bot.set_webhook(url, secret_token="s3cret")
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await bot.get_updates()
        user_id = int(sim.add_user("Aino")["id"])
        first = sim.user_sends(user_id, user_id, "/start")
        sim.user_sends(user_id, user_id, "toinen")
        last = sim.last_update_id
        await sim.wait_until_confirmed(last, timeout=5)
        texts = [body["message"]["text"] for _, body in received]
        assert texts == ["/start", "/start", "toinen"]
        assert {secret for secret, _ in received} == {"s3cret"}
        info = await bot.get_webhook_info()
        assert info.url == url and info.pending_update_count == 0
        assert (
            info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
        )
        assert first["text"] == "/start"
        assert await bot.delete_webhook()
        assert await bot.get_updates() == []
    finally:
        await runner.cleanup()


async def test_control_routes_via_client(
    server: SandboxServer, bot: Bot, sim: BotApiSimulator
) -> None:
    """SandboxClient scripts the simulator over HTTP exactly like the in-process API."""
    async with SandboxClient(server.base_url) as client:
        user = await client.add_user("Aino", username="aino")
        await client.user_sends(user["id"], user["id"], "/start")
        updates = await bot.get_updates()
        assert updates[0].message is not None and updates[0].message.text == "/start"
        await client.fail_next("sendMessage", error_code=429, retry_after=3)
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(user["id"], "Hei")
        await bot.send_message(user["id"], "Hei")
        failed = await client.wait_for_call("sendMessage")
        call = await client.wait_for_call("sendMessage", match={"text": "Hei"})
        assert (failed.ok, call.ok, call.result["text"]) == (False, True, "Hei")
        assert [m["text"] for m in await client.sent_messages(user["id"])] == ["Hei"]
        await bot.send_document(user["id"], BufferedInputFile(b"\x00\x01", filename="a.bin"))
        assert (await client.documents())[0]["bytes"] == b"\x00\x01"
        assert await client.pending_updates() == 1
        assert await client.confirmed_offset() == 0
        assert await client.last_update_id() == 1
        assert len(sim.calls("sendMessage")) == 2


async def test_client_binds_arguments_like_the_simulator(
    server: SandboxServer, sim: BotApiSimulator
) -> None:
    """Client methods take the simulator's own arguments: positional, keyword and **rights."""
    async with SandboxClient(server.base_url) as client:
        chat = await client.add_chat("Ryhmä", username="ryhma")
        user = await client.add_user("Aino")
        await client.add_member(chat["id"], user["id"], "restricted")
        assert sim.member_status(chat["id"], user["id"]) == "restricted"
        admin = await client.set_admin(chat["id"], user["id"], can_pin_messages=True)
        assert (admin["status"], admin["can_pin_messages"]) == ("administrator", True)
        assert client.add_user.__doc__ == "See BotApiSimulator.add_user."
        with pytest.raises(TypeError):
            await client.add_user("Aino", nickname="A")  # type: ignore[call-arg]


async def test_dispatcher_polling_end_to_end(bot: Bot, sim: BotApiSimulator) -> None:
    """aiogram's own polling loop receives a user message and its reply reaches the sandbox."""
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(f"kaiku: {message.text}")

    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    try:
        user_id = started_user(sim)
        call = await sim.wait_for_call("sendMessage", timeout=5)
        assert call.ok and call.params == {"chat_id": user_id, "text": "kaiku: /start"}
        update_id = sim.last_update_id
        sim.user_sends(user_id, user_id, "toinen")
        await sim.wait_for_call("sendMessage", lambda c: c.params["text"] == "kaiku: toinen")
        await sim.wait_until_confirmed(update_id, timeout=5)
    finally:
        await dp.stop_polling()
        await polling


async def test_webhook_reply_method(bot: Bot, sim: BotApiSimulator) -> None:
    """A webhook answer carrying a method (aiogram's handle_in_background=False) is executed."""
    dp = Dispatcher()

    @dp.message()
    async def reply(message: Message) -> Any:
        return message.answer("vastaus webhookista")

    app = web.Application()
    SimpleRequestHandler(dp, bot, handle_in_background=False).register(app, path="/hook")
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/hook")
        user_id = started_user(sim)
        call = await sim.wait_for_call("sendMessage", timeout=5)
        assert call.ok and call.result["text"] == "vastaus webhookista"
        assert sim.sent_messages(user_id)[0]["chat"]["id"] == user_id
    finally:
        await runner.cleanup()
