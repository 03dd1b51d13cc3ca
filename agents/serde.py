"""The sessions' checkpoint serializer: plain JSON data and an allow-list of our own types.

LangGraph's default serializer (JsonPlusSerializer) rebuilds whatever a checkpoint names: a
msgpack extension ("os", "system", "touch x") imports and calls it, a "pickle" entry unpickles
(with the fallback on), a "json" entry revives constructor dicts. A session folder comes from
anywhere (shared, copied, downloaded), so `sessions show/fork/resume` must open it as data.

Written: ("omnijet-json", UTF-8 JSON). Plain values are themselves; the few others are tagged
dicts {"$t": tag, ...}, rebuilt by this module's own code from a fixed table, never by a name
looked up at run time:

    tuple               {"$t": "tuple", "v": [...]}
    bytes               {"$t": "bytes", "v": base64}
    dict with "$t" key  {"$t": "dict", "v": {...}}        (escaped, so data cannot pose as a tag)
    dict, other keys    {"$t": "map", "v": [[k, v], ...]}  (int keys of LangGraph's versions)
    Interrupt           {"$t": "interrupt", "value": ..., "id": str}
    a state model       {"$t": "model", "name": "Plan", "v": {...}}  (agents.state/spec only)

Read: that format, plus sessions written before it ("msgpack" from JsonPlusSerializer) through
an extension hook that knows only the same types. Anything else (pickle, "json" constructor
dicts, an extension naming any other callable) is refused with `UnsafeCheckpointError`: one line.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import ormsgpack
from langgraph.types import Interrupt
from pydantic import BaseModel, ValidationError

from omnijet.errors import ConfigError

FORMAT = "omnijet-json"
MAX_BLOB = 512 << 20  # bytes of one checkpoint value
# JsonPlusSerializer's msgpack extension codes (langgraph.checkpoint.serde.jsonplus)
_EXT_POS, _EXT_KW, _EXT_PYDANTIC_V2 = 1, 2, 5


class UnsafeCheckpointError(ConfigError):
    """A checkpoint value this program will not rebuild (it names code, or is not data)."""


def _models() -> dict[str, type[BaseModel]]:
    """The allow-list: pydantic models defined in agents.state and agents.spec, by class name."""
    from agents import spec, state

    out: dict[str, type[BaseModel]] = {}
    for mod in (state, spec):
        for name, obj in vars(mod).items():
            if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == mod.__name__:
                out[name] = obj
    return out


class SessionSerializer:
    """LangGraph's SerializerProtocol (dumps_typed / loads_typed) over plain data."""

    def __init__(self) -> None:
        self.models = _models()
        self._refused: UnsafeCheckpointError | None = None  # what the msgpack hook refused

    # -- writing -------------------------------------------------------------------------------
    def dumps_typed(self, obj: Any) -> tuple[str, bytes]:
        if obj is None:
            return "null", b""
        if isinstance(obj, bytes | bytearray):
            return "bytes", bytes(obj)
        return FORMAT, json.dumps(self._enc(obj), separators=(",", ":")).encode()

    def _enc(self, o: Any) -> Any:
        if o is None or isinstance(o, bool | int | float | str):
            return o
        if isinstance(o, list):
            return [self._enc(v) for v in o]
        if isinstance(o, tuple):
            return {"$t": "tuple", "v": [self._enc(v) for v in o]}
        if isinstance(o, dict):
            if all(isinstance(k, str) for k in o):
                body = {k: self._enc(v) for k, v in o.items()}
                return {"$t": "dict", "v": body} if "$t" in o else body
            return {"$t": "map", "v": [[self._enc(k), self._enc(v)] for k, v in o.items()]}
        if isinstance(o, bytes | bytearray):
            return {"$t": "bytes", "v": base64.b64encode(o).decode()}
        if isinstance(o, Interrupt):
            return {"$t": "interrupt", "value": self._enc(o.value), "id": o.id}
        if isinstance(o, BaseModel) and self.models.get(type(o).__name__) is type(o):
            return {"$t": "model", "name": type(o).__name__, "v": o.model_dump(mode="json")}
        if isinstance(o, BaseException):  # LangGraph's error writes: kept as their text
            return repr(o)
        raise TypeError(f"a session checkpoint holds a {type(o).__module__}.{type(o).__qualname__}: "
                        "only plain data and the agents' own state models are checkpointed")

    # -- reading -------------------------------------------------------------------------------
    def loads_typed(self, data: tuple[str, bytes]) -> Any:
        kind, raw = data
        if raw is not None and len(raw) > MAX_BLOB:
            raise UnsafeCheckpointError(f"a checkpoint value of {len(raw)} bytes (at most {MAX_BLOB})")
        try:
            if kind == "null":
                return None
            if kind in ("bytes", "bytearray"):
                return bytes(raw)
            if kind == FORMAT:
                return self._dec(json.loads(raw))
            if kind == "msgpack":
                self._refused = None
                return ormsgpack.unpackb(raw, ext_hook=self._ext, option=ormsgpack.OPT_NON_STR_KEYS)
        except UnsafeCheckpointError:
            raise
        except ormsgpack.MsgpackDecodeError as e:
            if self._refused is not None:  # ormsgpack wraps what the hook raised
                raise self._refused from None
            raise UnsafeCheckpointError(f"a checkpoint value of kind 'msgpack' is malformed: {e}") from None
        except (ValueError, TypeError, KeyError, RecursionError, ValidationError) as e:
            raise UnsafeCheckpointError(f"a checkpoint value of kind {kind!r} is malformed: "
                                        f"{str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
        raise UnsafeCheckpointError(f"a checkpoint value of kind {_short(kind)} is not plain data "
                                    "(pickle and constructor formats are never loaded)")

    def _dec(self, o: Any) -> Any:
        if isinstance(o, list):
            return [self._dec(v) for v in o]
        if not isinstance(o, dict):
            return o
        tag = o.get("$t")
        if tag is None:
            return {k: self._dec(v) for k, v in o.items()}
        v = o.get("v")
        if tag == "dict" and isinstance(v, dict):
            return {k: self._dec(x) for k, x in v.items()}
        if tag == "tuple" and isinstance(v, list):
            return tuple(self._dec(x) for x in v)
        if tag == "map" and isinstance(v, list):
            return {_hashable(self._dec(k)): self._dec(x) for k, x in v}
        if tag == "bytes" and isinstance(v, str):
            return base64.b64decode(v, validate=True)
        if tag == "interrupt" and isinstance(o.get("id"), str):
            return Interrupt(value=self._dec(o.get("value")), id=o["id"])
        if tag == "model" and isinstance(v, dict):
            return self._model(str(o.get("name")), v)
        raise UnsafeCheckpointError(f"a checkpoint value is tagged {_short(tag)}, which this "
                                    "program does not load")

    def _model(self, name: str, data: Any) -> BaseModel:
        cls = self.models.get(name)
        if cls is None:
            raise UnsafeCheckpointError(f"a checkpoint value names the type {_short(name)}, "
                                        "which is not one of the session's own")
        return cls.model_validate(data)

    def _ext(self, code: int, raw: bytes) -> Any:
        """Extensions of sessions written by JsonPlusSerializer: only our own types."""
        try:
            return self._rebuild(code, raw)
        except UnsafeCheckpointError as e:
            self._refused = self._refused or e
            raise
        except (ValueError, TypeError, KeyError, ValidationError) as e:
            self._refused = self._refused or UnsafeCheckpointError(
                f"a msgpack extension ({code}) of a checkpoint is malformed: {str(e).splitlines()[0]}")
            raise

    def _rebuild(self, code: int, raw: bytes) -> Any:
        tup = ormsgpack.unpackb(raw, ext_hook=self._ext, option=ormsgpack.OPT_NON_STR_KEYS)
        if not isinstance(tup, list | tuple) or len(tup) < 3:
            raise UnsafeCheckpointError(f"a checkpoint holds a malformed msgpack extension ({code})")
        where = _short(f"{tup[0]}.{tup[1]}")
        if code == _EXT_KW and (tup[0], tup[1]) == ("langgraph.types", "Interrupt") \
                and isinstance(tup[2], dict) and isinstance(tup[2].get("id"), str) \
                and set(tup[2]) <= {"value", "id", "response_schema"} and tup[2].get("response_schema") is None:
            return Interrupt(value=tup[2].get("value"), id=tup[2]["id"])
        if code == _EXT_POS and (tup[0], tup[1]) == ("builtins", "tuple") and isinstance(tup[2], list):
            return tuple(tup[2])
        if code == _EXT_PYDANTIC_V2 and tup[0] in ("agents.state", "agents.spec"):
            return self._model(str(tup[1]), tup[2])
        raise UnsafeCheckpointError(f"a checkpoint names {where} (msgpack extension {code}), which "
                                    "this program never rebuilds: the session file may be crafted")


def _short(x: Any) -> str:
    """A name from the file, for a one-line message: printable, at most 60 characters."""
    text = "".join(c if c.isprintable() else "?" for c in str(x))
    return repr(text[:60] + ("..." if len(text) > 60 else ""))


def _hashable(k: Any) -> Any:
    if isinstance(k, list | dict):
        raise UnsafeCheckpointError("a checkpoint map has a key that is not a plain value")
    return k
