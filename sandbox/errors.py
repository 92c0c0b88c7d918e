"""Bot API errors in Telegram's exact wording."""

from __future__ import annotations

from typing import Any

DEFAULT_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class ApiError(Exception):
    """A Bot API failure answered as `{"ok": false, "error_code": ..., "description": ...}`."""

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> dict[str, Any]:
        """The error body exactly as Telegram sends it."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body


def make_error(
    error_code: int, description: str | None = None, retry_after: int | None = None
) -> ApiError:
    """Build an error with Telegram's default description for the code."""
    if error_code == 429:
        seconds = 5 if retry_after is None else retry_after
        text = description or f"Too Many Requests: retry after {seconds}"
        return ApiError(429, text, {"retry_after": seconds})
    text = description or DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")
    params = {"retry_after": retry_after} if retry_after is not None else None
    return ApiError(error_code, text, params)


def bad_request(text: str) -> ApiError:
    """A 400 error: `Bad Request: <text>`."""
    return ApiError(400, f"Bad Request: {text}")


def forbidden(text: str) -> ApiError:
    """A 403 error: `Forbidden: <text>`."""
    return ApiError(403, f"Forbidden: {text}")


def conflict(text: str) -> ApiError:
    """A 409 error: `Conflict: <text>`."""
    return ApiError(409, f"Conflict: {text}")


def upgraded(new_chat_id: int) -> ApiError:
    """The 400 for a call to a group that was upgraded to the supergroup `new_chat_id`."""
    return ApiError(
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        {"migrate_to_chat_id": new_chat_id},
    )


CHAT_NOT_FOUND = "chat not found"
POLL_CONFLICT = (
    "terminated by other getUpdates request; make sure that only one bot instance is running"
)
WEBHOOK_CONFLICT = (
    "can't use getUpdates method while webhook is active; use deleteWebhook to delete the "
    "webhook first"
)
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
