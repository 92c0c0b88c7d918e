"""Reading Bot API parameters from HTTP: query, JSON, urlencoded and multipart bodies."""

from __future__ import annotations

from typing import Any

import aiohttp
from aiohttp import BodyPartReader, MultipartReader, hdrs, web

from sandbox.errors import bad_request
from sandbox.models import UploadedFile
from sandbox.params import normalize

Fields = tuple[dict[str, Any], dict[str, UploadedFile]]


async def read_multipart(reader: MultipartReader) -> Fields:
    """Text fields and file parts of a multipart/form-data body."""
    raw: dict[str, Any] = {}
    files: dict[str, UploadedFile] = {}
    async for part in reader:
        if not isinstance(part, BodyPartReader) or not part.name:
            continue
        if part.filename is not None:
            data = bytes(await part.read(decode=False))
            ctype = part.headers.get(hdrs.CONTENT_TYPE, "application/octet-stream")
            files[part.name] = UploadedFile(part.filename, data, ctype)
        else:
            raw[part.name] = await part.text()
    return raw, files


async def read_request_params(request: web.Request) -> dict[str, Any]:
    """All parameters of a Bot API request, decoded."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.method == "POST" and request.body_exists:
        ctype = request.content_type
        if ctype == "application/json":
            try:
                body = await request.json()
            except ValueError as exc:
                raise bad_request("can't parse JSON object") from exc
            if isinstance(body, dict):
                raw.update(body)
        elif ctype.startswith("multipart/"):
            fields, files = await read_multipart(await request.multipart())
            raw.update(fields)
        elif ctype == "application/x-www-form-urlencoded":
            form = await request.post()
            raw.update({key: value for key, value in form.items() if isinstance(value, str)})
    return normalize(raw, files)


async def read_response_call(resp: aiohttp.ClientResponse) -> tuple[str, dict[str, Any]] | None:
    """A Bot API method a webhook answered with (JSON or multipart), if any."""
    if resp.content_type.startswith("multipart/"):
        raw, files = await read_multipart(MultipartReader(resp.headers, resp.content))
    elif resp.content_type == "application/json":
        try:
            body = await resp.json()
        except ValueError:
            return None
        if not isinstance(body, dict):
            return None
        raw, files = body, {}
    else:
        await resp.read()
        return None
    method = raw.pop("method", None)
    if not isinstance(method, str) or not method:
        return None
    return method, normalize(raw, files)
