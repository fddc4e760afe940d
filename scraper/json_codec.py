"""JSON for what crosses machines in a distributed crawl: requests and items, never pickle.

Whoever can write to a pickle's store can run code in every process that loads it; a
Redis shared by workers on several machines is such a store. This codec writes plain
JSON, tagging only what JSON lacks:

    bytes               {"$bytes": "<base64>"}
    tuple, frozenset    {"$tuple": [...]}, {"$frozenset": [...]}
    dict, non-str keys  {"$dict": [[key, value], ...]}   (request headers have bytes keys)
    dataclass           {"$dataclass": "scraper.items:Document", "fields": {...}}

and rebuilds a dataclass only if it is one of this project's (`scraper.` modules), so a
message can name no other class. `dumps`/`loads` are also the serializer scrapy-redis
calls for the shared request queue (SCHEDULER_SERIALIZER = "scraper.json_codec").
"""

from __future__ import annotations

import base64
import dataclasses
import importlib
import json
from typing import Any

from scrapy import Request

ALLOWED_MODULES = ("scraper.",)  # dataclasses of these modules may be rebuilt


def dumps(value: Any) -> bytes:
    return json.dumps(_tagged(value), separators=(",", ":"), ensure_ascii=False).encode()


def loads(data: bytes | str) -> Any:
    value = json.loads(data, object_hook=_untagged)
    if isinstance(value, dict) and "_class" in value:  # a request of a Request subclass
        _request_class(value["_class"])
    return value


def _tagged(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode()}
    if isinstance(value, list):
        return [_tagged(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [_tagged(v) for v in value]}
    if isinstance(value, frozenset | set):
        return {"$frozenset": [_tagged(v) for v in sorted(value, key=repr)]}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _tagged(v) for k, v in value.items()}
        return {"$dict": [[_tagged(k), _tagged(v)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _tagged(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$dataclass": _class_path(type(value)), "fields": fields}
    raise TypeError(f"cannot send a {type(value).__name__} between machines: {value!r}")


def _untagged(obj: dict[str, Any]) -> Any:
    if "$bytes" in obj:
        return base64.b64decode(obj["$bytes"])
    if "$tuple" in obj:
        return tuple(obj["$tuple"])
    if "$frozenset" in obj:
        return frozenset(obj["$frozenset"])
    if "$dict" in obj:
        return {_hashable(k): v for k, v in obj["$dict"]}
    if "$dataclass" in obj:
        return _dataclass(obj["$dataclass"])(**obj["fields"])
    return obj


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


def _class_path(cls: type) -> str:
    path = f"{cls.__module__}:{cls.__qualname__}"
    if not cls.__module__.startswith(ALLOWED_MODULES):
        raise TypeError(f"only this project's dataclasses cross machines, not {path}")
    return path


def _dataclass(path: str) -> type:
    module, _, name = path.partition(":")
    if not module.startswith(ALLOWED_MODULES):
        raise ValueError(f"refusing to rebuild {path!r}: not one of this project's classes")
    cls = getattr(importlib.import_module(module), name, None)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError(f"refusing to rebuild {path!r}: not a dataclass")
    return cls


def _request_class(path: str) -> None:
    """A request dict's `_class` must name a Scrapy Request class (request_from_dict loads it)."""
    module, _, name = path.rpartition(".")
    if not module.startswith("scrapy."):
        raise ValueError(f"refusing a request of class {path!r}")
    cls = getattr(importlib.import_module(module), name, None)
    if not (isinstance(cls, type) and issubclass(cls, Request)):
        raise ValueError(f"refusing a request of class {path!r}")
