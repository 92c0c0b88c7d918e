"""aiogram imported through `bot` builds its Telegram types on first use, and every one of
them (and every Bot API method's result) still builds and parses."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHECK = textwrap.dedent(
    """
    import bot  # noqa: F401  (imports aiogram lazily)
    import aiogram.methods as methods
    import aiogram.types as types
    from aiogram.methods.base import Response, TelegramMethod
    from pydantic import BaseModel

    assert not types.Message.__pydantic_complete__, "types were built at import"
    update = types.Update.model_validate({
        "update_id": 1,
        "message": {
            "message_id": 5, "date": 1796710200,
            "chat": {"id": -100, "type": "supergroup", "title": "Neuvonantajat"},
            "from": {"id": 7, "is_bot": False, "first_name": "Aino"},
            "text": "Hei", "entities": [{"type": "bold", "offset": 0, "length": 3}],
            "reply_to_message": {"message_id": 4, "date": 1796710100,
                                 "chat": {"id": -100, "type": "supergroup"}},
        },
    })
    assert update.message.from_user.first_name == "Aino"
    assert update.message.reply_to_message.message_id == 4
    models = [getattr(types, name) for name in types.__all__]
    models = [m for m in models if isinstance(m, type) and issubclass(m, BaseModel)]
    unbuilt = [m.__name__ for m in models if m.model_rebuild() is False]
    assert not unbuilt, unbuilt
    results = 0
    for name in methods.__all__:
        method = getattr(methods, name)
        if isinstance(method, type) and issubclass(method, TelegramMethod):
            if method is not TelegramMethod:
                Response[method.__returning__].model_validate({"ok": False, "description": "x"})
                results += 1
    assert len(models) > 300 and results > 150, (len(models), results)
    print("ok", len(models), results)
    """
)


def test_every_type_and_method_result_builds_lazily() -> None:
    """In a fresh interpreter: no type is built at import; an update parses with nested
    messages; every type then builds and every method's response type validates."""
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("ok")
