"""Local Telegram Bot API simulator ("sandbox") for tests and the offline demo.

The real aiogram Bot talks to it over HTTP::

    sim = BotApiSimulator()
    async with SandboxServer(sim) as srv:
        session = AiohttpSession(api=TelegramAPIServer.from_base(srv.base_url))
        bot = Bot("123456:TEST-token_abcdefghij", session=session)
        user = sim.add_user("Aino")
        sim.user_sends(user["id"], user["id"], "/start")   # queues a `message` update
        call = await sim.wait_for_call("sendMessage")

Behaviour worth knowing (Telegram's where it matters):

* One simulator serves one bot: the first valid token (or ``BotApiSimulator(bot_token=...)``)
  is the only one accepted afterwards; any other token gets 401 Unauthorized.
* A second getUpdates terminates the waiting one, which answers 409 Conflict (as Telegram does).
  Long-poll ``timeout`` is real seconds; message dates and join-request windows use ``sim.now()``.
* Updates of kinds excluded by allowed_updates (default: chat_member, message_reaction,
  message_reaction_count) are dropped at the next getUpdates/webhook delivery, never delivered.
* ``set_down(True)`` answers 502 Bad Gateway (JSON, recorded as failed calls); connections stay.
* Webhooks may use http://; delivery is retried with a short backoff until a 2xx, and a method
  in the webhook's answer is executed like Telegram does.
* HTML is parsed into text + entities with Telegram's error texts; Markdown, MarkdownV2 and
  unknown parse modes answer 400 "Bad Request: unsupported parse_mode" (the bot sends HTML).
* With privacy mode on, a non-admin bot only gets commands, replies to it and mentions.
* No my_chat_member update is queued by set_bot_rights(); use member_update() with the bot id.
* Telegram's flood limits are emulated on request (off by default):
  ``BotApiSimulator(rate_limits=RateLimits.telegram())``, ``SandboxServer(rate_limits=...)``,
  ``sim.set_rate_limits(...)`` or ``python -m sandbox --telegram-limits`` answer 429 with
  ``retry_after`` beyond 30 sends/s per bot, 20 messages/min per group, 1 message/s per chat
  (sends = methods that post a new message; edits do not count). ``sim.too_many_requests()``
  counts the 429s answered.
* The simulator is not thread-safe; use it from the server's event loop.
"""

from sandbox.client import SandboxClient, SandboxControlError
from sandbox.limits import RateLimits
from sandbox.models import Call
from sandbox.server import SandboxServer, make_app
from sandbox.simulator import ApiResponse, BotApiSimulator

__all__ = [
    "ApiResponse",
    "BotApiSimulator",
    "Call",
    "RateLimits",
    "SandboxClient",
    "SandboxControlError",
    "SandboxServer",
    "make_app",
]
