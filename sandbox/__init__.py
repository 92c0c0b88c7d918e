"""Local Telegram Bot API simulator for tests and the offline demo.

Quick start::

    sim = BotApiSimulator()
    async with SandboxServer(sim) as srv:
        bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(srv.base_url)))
        user = sim.add_user("Aino")
        sim.user_sends(user["id"], user["id"], "/start")
        ...
        call = await sim.wait_for_call("sendMessage")
"""

from sandbox.client import SandboxClient, SandboxControlError
from sandbox.models import Call
from sandbox.server import SandboxServer, make_app
from sandbox.simulator import ApiResponse, BotApiSimulator

__all__ = [
    "ApiResponse",
    "BotApiSimulator",
    "Call",
    "SandboxClient",
    "SandboxControlError",
    "SandboxServer",
    "make_app",
]
