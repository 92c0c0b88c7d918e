"""The benchmarks' sandbox in a process of its own, so the bot's process holds only the bot:
its CPU time and peak RSS are then the bot's, and the simulator has the other core.

    python -m bench.sandbox_process      (driven by bench.ingest through `SandboxProcess`)

One JSON object per line. Once serving, the child prints {"base_url", "chat_id", "staff_id",
"member_ids"}; then for each line {"queue": N} it reads it queues N member messages (spread
over the session day's 08–10 window) and answers {"queued": N}. End of input stops it.
"""

from __future__ import annotations

import asyncio
import json
import sys
from types import TracebackType
from typing import Any, Self

from bench.world import bench_clock, make_world, queue_messages
from sandbox.client import SandboxClient
from sandbox.server import SandboxServer


async def serve() -> None:
    """Build the world, serve it over HTTP, obey queue commands until stdin closes."""
    world = make_world(bench_clock())
    async with SandboxServer(world.sim) as server:
        hello = {
            "base_url": server.base_url,
            "chat_id": world.chat_id,
            "staff_id": world.staff_id,
            "member_ids": list(world.member_ids),
        }
        print(json.dumps(hello), flush=True)
        loop = asyncio.get_running_loop()
        while line := await loop.run_in_executor(None, sys.stdin.readline):
            count = int(json.loads(line)["queue"])
            queue_messages(world, count)
            print(json.dumps({"queued": count}), flush=True)


class SandboxProcess:
    """The parent's handle: start the child, queue messages, ask what is unconfirmed."""

    def __init__(self) -> None:
        self.base_url = ""
        self.chat_id = self.staff_id = 0
        self.member_ids: tuple[int, ...] = ()
        self._child: asyncio.subprocess.Process | None = None
        self._client: SandboxClient | None = None

    async def __aenter__(self) -> Self:
        self._child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.sandbox_process",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        hello = await self._read()
        self.base_url, self.chat_id = hello["base_url"], int(hello["chat_id"])
        self.staff_id, self.member_ids = int(hello["staff_id"]), tuple(hello["member_ids"])
        self._client = SandboxClient(self.base_url)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.close()
        if self._child is not None and self._child.stdin is not None:
            self._child.stdin.close()
            await self._child.wait()

    async def queue(self, count: int) -> None:
        """Queue `count` member messages in the sandbox (they wait for getUpdates)."""
        assert self._child is not None and self._child.stdin is not None
        self._child.stdin.write(json.dumps({"queue": count}).encode() + b"\n")
        await self._child.stdin.drain()
        answer = await self._read()
        if answer.get("queued") != count:
            raise RuntimeError(f"the sandbox answered {answer}, expected {count} queued")

    async def pending(self) -> int:
        """Updates the sandbox still holds unconfirmed."""
        assert self._client is not None
        return int(await self._client.pending_updates())

    async def _read(self) -> dict[str, Any]:
        assert self._child is not None and self._child.stdout is not None
        line = await self._child.stdout.readline()
        if not line:
            raise RuntimeError("the sandbox process exited before answering")
        answer: dict[str, Any] = json.loads(line)
        return answer


if __name__ == "__main__":
    asyncio.run(serve())
