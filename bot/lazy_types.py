"""Build aiogram's Telegram types on first use instead of all at import.

aiogram declares its ~400 pydantic types with `defer_build=True`, then rebuilds every one of
them at import (the loop at the end of `aiogram/types/__init__.py`) so that their forward
references resolve. That costs about 100 MB of validators and seconds of start-up, though a
bot parses a handful of types (aiogram issue #1513). `import_aiogram_lazily` imports aiogram
with that loop skipped for the deferred types and puts the names the loop would have resolved
into each type's module instead, so pydantic resolves them when a type is first used.
Nothing else changes; tests/unit/test_lazy_types.py builds every type and every method's
result this way. If aiogram was imported before, it stays as it was (eagerly built).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

TYPES_PACKAGE = "aiogram.types"


def import_aiogram_lazily() -> None:
    """Import `aiogram.types` with the deferred types left unbuilt until first use."""
    if TYPES_PACKAGE in sys.modules:
        return
    original = BaseModel.__dict__["model_rebuild"]
    deferred: set[str] = set()
    namespace: dict[str, Any] = {}

    def model_rebuild(
        cls: type[BaseModel],
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: Mapping[str, Any] | None = None,
    ) -> bool | None:
        if _is_deferrable(cls, force, _types_namespace):
            deferred.add(cls.__module__)
            namespace.update(_types_namespace or {})
            return None
        return original.__func__(  # type: ignore[no-any-return]
            cls,
            force=force,
            raise_errors=raise_errors,
            _parent_namespace_depth=_parent_namespace_depth + 1,
            _types_namespace=_types_namespace,
        )

    BaseModel.model_rebuild = classmethod(model_rebuild)  # type: ignore[method-assign,assignment]
    try:
        __import__(TYPES_PACKAGE)
    finally:
        BaseModel.model_rebuild = original  # type: ignore[method-assign]
    _publish(namespace, deferred)


def _is_deferrable(
    cls: type[BaseModel], force: bool, types_namespace: Mapping[str, Any] | None
) -> bool:
    """One of aiogram's own deferred types, rebuilt by its import loop."""
    return (
        not force
        and types_namespace is not None
        and cls.__module__.startswith(TYPES_PACKAGE + ".")
        and bool(cls.model_config.get("defer_build"))
    )


def _publish(namespace: Mapping[str, Any], modules: set[str]) -> None:
    """Make the loop's names visible where pydantic looks first: each type's module."""
    for name in modules:
        module_globals = vars(sys.modules[name])
        for key, value in namespace.items():
            module_globals.setdefault(key, value)
