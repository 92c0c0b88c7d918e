"""BotApiSimulator: the in-memory Telegram Bot API with its scripting API."""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass

from sandbox.actions import ActionsMixin
from sandbox.errors import ApiError, make_error, upgraded
from sandbox.inspection import InspectionMixin
from sandbox.limits import SendTarget
from sandbox.methods import lookup
from sandbox.models import Call, Fault, JsonDict
from sandbox.params import Params, for_record

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ApiResponse:
    """HTTP status and JSON body of one Bot API answer."""

    status: int
    body: JsonDict


class BotApiSimulator(ActionsMixin, InspectionMixin):
    """One simulated bot: the first valid token seen (or `bot_token`) is the only one accepted.

    Not thread-safe: use it from the event loop that runs the server.
    """

    async def handle(self, token: str, method: str, params: JsonDict) -> ApiResponse:
        """Answer one Bot API request and record it as a Call."""
        entry = lookup(method)
        name = entry.name if entry else method
        started = self.now()
        recorded = for_record(params)
        try:
            if self.down:
                raise make_error(502)
            if not self.accept_token(token):
                raise make_error(401)
            if entry is None:
                raise make_error(404)
            self._inject_fault(name, recorded)
            self._refuse_upgraded(params)
            target = self._paced_target(params) if entry.sends else None
            if target is not None:
                self.limiter.check(target, started)
            result = await entry.handler(self, Params(params))
            if target is not None:
                self.limiter.record(target, started)
        except ApiError as err:
            self.record(Call(name, recorded, started, False, err.error_code, err.description))
            return ApiResponse(err.error_code, err.to_json())
        except Exception as exc:
            log.exception("sandbox handler for %s crashed", name)
            crash = make_error(500, f"Internal Server Error: {exc!r}")
            self.record(Call(name, recorded, started, False, 500, crash.description))
            return ApiResponse(500, crash.to_json())
        self.record(Call(name, recorded, started, True, result=copy.deepcopy(result)))
        return ApiResponse(200, {"ok": True, "result": result})

    def _paced_target(self, params: JsonDict) -> SendTarget | None:
        """The chat a send goes to while rate limits are on (None: not paced)."""
        if not self.rate_limits.enabled:
            return None
        try:
            chat_id = Params(params).chat_id()
            if isinstance(chat_id, int) and chat_id > 0:
                return SendTarget(chat_id, is_group=False)
            chat = self.chat(chat_id)
        except ApiError:
            return None  # the handler answers Telegram's error for a bad chat
        return SendTarget(chat.id, is_group=chat.type in ("group", "supergroup"))

    def _refuse_upgraded(self, params: JsonDict) -> None:
        """A call about a group upgraded to a supergroup: 400 with `migrate_to_chat_id`."""
        if params.get("chat_id") is None:
            return
        target = Params(params).chat_id()
        chat = self.chats.get(target) if isinstance(target, int) else None
        if chat is not None and chat.migrated_to is not None:
            raise upgraded(chat.migrated_to)

    def _inject_fault(self, method: str, params: JsonDict) -> None:
        for fault in self.faults:
            if fault.matches(method, params):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                raise make_error(fault.error_code, fault.description, fault.retry_after)

    def fail_next(
        self,
        method: str,
        error_code: int = 500,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        match: JsonDict | None = None,
    ) -> None:
        """The next `times` calls of `method` (whose params include `match`) fail."""
        self.faults.append(Fault(method, error_code, description, retry_after, times, match))

    def set_down(self, down: bool = True) -> None:
        """While down, every Bot API route answers 502 Bad Gateway (JSON, recorded)."""
        self.down = down

    def reset(self) -> None:
        """Forget all state (users, chats, updates, calls, faults); clock and rate limits stay."""
        self.updates.close_polls()
        self._init_state()
        self.calls_changed.notify()
