"""`python -m sandbox [--host H] [--port P]`: a standalone Bot API simulator."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=None, help="accept only this bot token")
    return parser.parse_args(argv)


async def _serve(args: argparse.Namespace) -> None:
    sim = BotApiSimulator(bot_token=args.token)
    async with SandboxServer(sim, host=args.host, port=args.port) as server:
        print(server.base_url, flush=True)  # noqa: T201
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
        asyncio.run(_serve(_parse_args(argv)))


if __name__ == "__main__":
    main()
