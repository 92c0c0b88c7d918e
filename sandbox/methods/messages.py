"""sendMessage, sendDocument, message edits and deletion."""

from __future__ import annotations

import mimetypes
from dataclasses import replace
from typing import Any
from urllib.parse import urlparse

from sandbox.core import SimulatorCore
from sandbox.entities import utf16_len
from sandbox.errors import NOT_MODIFIED, bad_request
from sandbox.formatting import format_text
from sandbox.methods.common import inline_markup, send_as_bot, send_target, snapshot
from sandbox.methods.registry import api_method
from sandbox.models import ChatState, Document, JsonDict, StoredMessage, UploadedFile
from sandbox.objects import file_ids
from sandbox.params import Params

MAX_TEXT = 4096
MAX_CAPTION = 1024
DELETE_WINDOW = 48 * 3600
_NO_MESSAGE_ID = "message identifier is not specified"


def _text_fields(p: Params, name: str, entities_name: str) -> JsonDict:
    raw = p.opt_str(name) or ""
    text, entities = format_text(raw, p.opt_str("parse_mode"), p.obj(entities_name))
    fields: JsonDict = {name: text} if text else {}
    if entities:
        fields[entities_name] = entities
    return fields


def _message_text(p: Params) -> JsonDict:
    fields = _text_fields(p, "text", "entities")
    if not fields.get("text"):
        raise bad_request("message text is empty")
    if utf16_len(fields["text"]) > MAX_TEXT:
        raise bad_request("message is too long")
    return fields


@api_method("sendMessage", sends=True)
async def send_message(sim: SimulatorCore, p: Params) -> Any:
    """Send a text message as the bot."""
    chat = send_target(sim, p.chat_id(), "can_send_messages", "text messages")
    return snapshot(send_as_bot(sim, chat, p, _message_text(p)))


def _resolve_document(sim: SimulatorCore, value: UploadedFile | str | None) -> UploadedFile:
    if isinstance(value, UploadedFile):
        if not value.data:
            raise bad_request("file must be non-empty")
        return value
    if not value:
        raise bad_request("there is no document in the request")
    for doc in sim.uploads:
        if doc.file_id == value:
            return doc.file
    if value.startswith(("http://", "https://")):
        name = urlparse(value).path.rsplit("/", 1)[-1] or "file"
        return UploadedFile(name, b"", "application/octet-stream")
    raise bad_request("wrong file identifier/HTTP URL specified")


def _mime(upload: UploadedFile) -> str:
    guessed = mimetypes.guess_type(upload.filename)[0]
    if guessed:
        return guessed
    if upload.content_type and upload.content_type != "application/octet-stream":
        return upload.content_type
    return "application/octet-stream"


@api_method("sendDocument", sends=True)
async def send_document(sim: SimulatorCore, p: Params) -> Any:
    """Send a file (multipart upload, known file_id or URL); keeps name, bytes and mime."""
    chat = send_target(sim, p.chat_id(), "can_send_documents", "documents")
    upload = _resolve_document(sim, p.file("document"))
    fields = _text_fields(p, "caption", "caption_entities")
    if utf16_len(fields.get("caption", "")) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    file_id, unique_id = file_ids("document", sim.seq())
    mime = _mime(upload)
    fields["document"] = {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "file_name": upload.filename,
        "mime_type": mime,
        "file_size": len(upload.data),
    }
    message = send_as_bot(sim, chat, p, fields)
    sim.uploads.append(
        Document(
            chat_id=chat.id,
            message_id=message.message_id,
            file_id=file_id,
            file_unique_id=unique_id,
            file=replace(upload, content_type=mime),
            caption=fields.get("caption"),
        )
    )
    return snapshot(message)


def _editable(sim: SimulatorCore, p: Params) -> StoredMessage:
    if p.has("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat = sim.chat(p.chat_id())
    message = sim.find_message(chat, p.req_int("message_id", _NO_MESSAGE_ID))
    if message is None:
        raise bad_request("message to edit not found")
    if not message.from_bot or message.service:
        raise bad_request("message can't be edited")
    return message


@api_method("editMessageText")
async def edit_message_text(sim: SimulatorCore, p: Params) -> Any:
    """Edit the bot's text message; the keyboard goes unless reply_markup is resent."""
    message = _editable(sim, p)
    if "text" not in message.data:
        raise bad_request("there is no text in the message to edit")
    fields = _message_text(p)
    markup = inline_markup(p.obj("reply_markup"))
    data = message.data
    if (
        fields["text"] == data.get("text")
        and fields.get("entities") == data.get("entities")
        and markup == data.get("reply_markup")
    ):
        raise bad_request(NOT_MODIFIED)
    for key in ("entities", "reply_markup"):
        data.pop(key, None)
    data.update(fields)
    if markup is not None:
        data["reply_markup"] = markup
    data["edit_date"] = sim.timestamp()
    return snapshot(message)


@api_method("editMessageReplyMarkup")
async def edit_message_reply_markup(sim: SimulatorCore, p: Params) -> Any:
    """Replace or remove the inline keyboard of the bot's message."""
    message = _editable(sim, p)
    markup = inline_markup(p.obj("reply_markup"))
    if markup == message.data.get("reply_markup"):
        raise bad_request(NOT_MODIFIED)
    message.data.pop("reply_markup", None)
    if markup is not None:
        message.data["reply_markup"] = markup
    return snapshot(message)


def _can_delete(sim: SimulatorCore, chat: ChatState, message: StoredMessage) -> bool:
    if not chat.is_private and sim.bot_has(chat, "can_delete_messages"):
        return True
    if chat.type == "group" and sim.bot_is_admin(chat):
        return True
    recent = sim.timestamp() - int(message.data["date"]) < DELETE_WINDOW
    return recent and (chat.is_private or message.from_bot)


@api_method("deleteMessage")
async def delete_message(sim: SimulatorCore, p: Params) -> Any:
    """Delete a message if the bot may (own or private and < 48 h, or with the right)."""
    chat = sim.chat(p.chat_id())
    message = sim.find_message(chat, p.req_int("message_id", _NO_MESSAGE_ID))
    if message is None:
        raise bad_request("message to delete not found")
    if not _can_delete(sim, chat, message):
        raise bad_request("message can't be deleted")
    message.deleted = True
    if message.pinned:
        message.pinned = False
        chat.pinned.remove(message.message_id)
    return True
