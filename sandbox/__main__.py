"""`python -m sandbox [--host H] [--port P] [--telegram-limits]`: a standalone Bot API simulator.

Rate limits are off unless asked for: `--telegram-limits` answers 429 beyond Telegram's 30
sends/s per bot, 20 messages/min per group and 1 message/s per chat; `--bot-per-second`,
`--group-per-minute` and `--chat-per-second` set (or, alone, turn on) one limit each.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from dataclasses import replace

from sandbox.limits import RateLimits
from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line's options."""
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=None, help="accept only this bot token")
    parser.add_argument(
        "--telegram-limits",
        action="store_true",
        help="answer 429 beyond 30 sends/s per bot, 20 messages/min per group, 1/s per chat",
    )
    for flag, what in (
        ("--bot-per-second", "sends per second by the bot"),
        ("--group-per-minute", "messages per minute into one group"),
        ("--chat-per-second", "messages per second into one chat"),
    ):
        parser.add_argument(flag, type=_positive, metavar="N", help=f"at most N {what}")
    return parser.parse_args(argv)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def rate_limits(args: argparse.Namespace) -> RateLimits:
    """The limits the flags ask for (none by default)."""
    base = RateLimits.telegram() if args.telegram_limits else RateLimits()
    given = {
        name: getattr(args, name)
        for name in ("bot_per_second", "group_per_minute", "chat_per_second")
        if getattr(args, name) is not None
    }
    return replace(base, **given)


async def _serve(args: argparse.Namespace) -> None:
    sim = BotApiSimulator(bot_token=args.token, rate_limits=rate_limits(args))
    async with SandboxServer(sim, host=args.host, port=args.port) as server:
        print(server.base_url, flush=True)  # noqa: T201
        if sim.rate_limits.enabled:
            print(f"rate limits: {sim.rate_limits}", flush=True)  # noqa: T201
        print(  # noqa: T201
            f"NEUVO_TELEGRAM_API_URL={server.base_url} neuvo run   "
            f"(scripting: POST {server.base_url}/_sandbox/<action>)",
            flush=True,
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    """Run until interrupted."""
    logging.basicConfig(level=logging.INFO)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(parse_args(argv)))


if __name__ == "__main__":
    main()
