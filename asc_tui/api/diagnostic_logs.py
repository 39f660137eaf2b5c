"""The ``diagnosticLogs`` document (a signature's logs), parsed without recursion.

Call trees can be thousands of frames deep; nothing here recurses, so no input can raise
RecursionError. Numbers such as addresses and line numbers are strings.

A log's frames are built lazily: the document holds its root frames, and a frame's
callees become ``Frame`` objects the first time its ``children`` are read. Building every
frame of a 100,000-frame log costs more than parsing its JSON, and the first screen of the
viewer needs a few dozen of them; the rest are built as the viewer indexes the log.
``count_frames`` counts unbuilt frames from the JSON, without building them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from ._coerce import as_bool, as_dict, as_dicts, as_int, as_list, as_str
from .gcpause import paused_gc

_EXACT = 2**53
"""Integers that ``as_int`` (through a float) gives back unchanged."""


@dataclass(slots=True, eq=False)
class Frame:
    symbol: str
    binary: str
    address: str = ""
    offset_into_binary: str = ""
    offset_into_symbol: str = ""
    file_name: str = ""
    line_number: str = ""
    sample_count: int = 0
    is_blame: bool = False
    binary_uuid: str = ""
    raw_frame: str = ""
    insights_category: str = ""
    children: list[Frame] = field(default_factory=list)
    unread: ClassVar[bool] = False
    """Part of the frame's fields are not read yet (see ``unread_frames_hook``): a field
    it lacks may still come."""

    @property
    def location(self) -> str:
        if self.file_name and self.line_number:
            return f"{self.file_name}:{self.line_number}"
        return self.file_name

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        # as_str of each field, without a call where the field is a string (as it is in
        # nearly every frame): a log has 100,000s of frames, and the calls cost half
        get = data.get
        symbol, binary, address = get("symbolName"), get("binaryName"), get("address")
        offset, uuid = get("offsetIntoBinaryTextSegment"), get("binaryUUID")
        file_name, line, raw = get("fileName"), get("lineNumber"), get("rawFrame")
        samples, blame = get("sampleCount"), get("isBlameFrame")
        raw = raw if raw.__class__ is str else as_str(raw)
        return cls(
            symbol=(symbol if symbol.__class__ is str else as_str(symbol)) or raw or "???",
            binary=binary if binary.__class__ is str else as_str(binary),
            address=address if address.__class__ is str else as_str(address),
            offset_into_binary=offset if offset.__class__ is str else as_str(offset),
            offset_into_symbol=as_str(get("offsetIntoSymbol")),
            file_name=file_name if file_name.__class__ is str else as_str(file_name),
            line_number=line if line.__class__ is str else as_str(line),
            sample_count=(
                samples
                if samples.__class__ is int and -_EXACT < samples < _EXACT
                else as_int(samples)
            ),
            is_blame=blame is True if blame.__class__ is not str else as_bool(blame),
            binary_uuid=uuid if uuid.__class__ is str else as_str(uuid),
            raw_frame=raw,
            insights_category=as_str(get("insightsCategory")),
        )


class _LazyFrame(Frame):
    """A frame from a document whose callees are built when first read."""

    __slots__ = ("_sub",)
    _sub: list[Mapping[str, Any]] | None
    """The callees' JSON objects while they are not built yet."""

    @property
    def children(self) -> list[Frame]:
        if self._sub is not None:
            with _BUILDING:  # a viewer and a saving thread may read the same frame
                sub = self._sub
                if sub is not None:
                    _CHILDREN.__set__(self, [_lazy_frame(node) for node in sub])
                    self._sub = None
        return _CHILDREN.__get__(self)  # type: ignore[no-any-return]  # a slot's descriptor

    @children.setter
    def children(self, value: list[Frame]) -> None:
        _CHILDREN.__set__(self, value)
        self._sub = None


_CHILDREN: Any = Frame.__dict__["children"]
"""The slot that holds a frame's children (``_LazyFrame.children`` stands in front of it)."""
_BUILDING = threading.Lock()


def _lazy_frame(node: Mapping[str, Any]) -> _LazyFrame:
    frame = _LazyFrame.from_json(node)
    frame._sub = as_dicts(node.get("subFrames")) or None
    return frame


class _UnreadFrame(_LazyFrame):
    """A frame of a file's first part whose object the part ends in: the fields written
    after its callees are not read yet (its symbol is "" then, not "???")."""

    __slots__ = ()
    unread: ClassVar[bool] = True


def unread_frames_hook(key: str) -> Callable[[dict[str, Any]], Any]:
    """An ``object_hook`` for a file's first part closed by ``deepjson.prefix`` with the
    member ``key`` added to the objects it ended: those that are frames become
    ``Frame.unread`` frames, and ``key`` is taken out of the others."""

    def hook(node: dict[str, Any]) -> Any:
        if node.pop(key, None) is None or ("subFrames" not in node and "symbolName" not in node):
            return node
        frame = _UnreadFrame.from_json(node)
        if "symbolName" not in node:
            frame.symbol = ""
        frame.children = parse_frames(node.get("subFrames"))
        return frame

    return hook


def parse_frames(roots: Any) -> list[Frame]:
    """The root frames of ``callStackRootFrames``; their callees are built when read (or
    were, as the JSON was read: see ``frame_hook``)."""
    return [
        node if isinstance(node, Frame) else _lazy_frame(node)
        for node in as_list(roots)
        if isinstance(node, Frame | Mapping)
    ]


def frame_hook() -> Callable[[dict[str, Any]], Any]:
    """An ``object_hook`` for reading a logs document whose frames are all needed: each
    frame's object (one with ``subFrames`` or ``symbolName``) becomes its ``Frame`` as soon
    as it is read, callees included, so the frames are never held as JSON objects and as
    frames at once. Fields that repeat from frame to frame (binary, UUID, file, line) are
    kept once, and each list of callees at its size (the reader's lists have room to grow)."""
    shared: dict[str, str] = {}
    share = shared.setdefault

    def hook(node: dict[str, Any]) -> Any:
        if "subFrames" not in node and "symbolName" not in node:
            return node
        frame = Frame.from_json(node)
        frame.binary = share(frame.binary, frame.binary)
        frame.binary_uuid = share(frame.binary_uuid, frame.binary_uuid)
        if frame.file_name:
            frame.file_name = share(frame.file_name, frame.file_name)
            frame.line_number = share(frame.line_number, frame.line_number)
        sub = node.get("subFrames")
        if sub.__class__ is list and all(child.__class__ is Frame for child in sub):
            frame.children = sub[:] if sub else sub
        else:
            frame.children = parse_frames(sub)
        return frame

    return hook


def count_frames(roots: Iterable[Frame]) -> tuple[int, int]:
    """(frames, blame frames) under ``roots``, without recursion, and without building the
    frames not built yet (it counts their JSON objects)."""
    frames = blames = 0
    stack = list(roots)
    pop, extend = stack.pop, stack.extend
    unbuilt: list[Mapping[str, Any]] = []
    while stack:
        frame = pop()
        frames += 1
        blames += frame.is_blame
        sub = frame._sub if isinstance(frame, _LazyFrame) else None
        if sub is not None:
            unbuilt.extend(sub)
        else:
            extend(frame.children)
    more, more_blames = _count_json_frames(unbuilt)
    return frames + more, blames + more_blames


def _count_json_frames(nodes: list[Mapping[str, Any]]) -> tuple[int, int]:
    """``count_frames`` of frames not built yet, from their JSON objects (the same ones
    ``_lazy_frame`` builds frames of)."""
    frames = blames = 0
    pop, push, extend = nodes.pop, nodes.append, nodes.extend
    while nodes:
        node = pop()
        if node.__class__ is not dict and not isinstance(node, Mapping):
            continue  # as_dicts leaves it out
        frames += 1
        blame = node.get("isBlameFrame")
        if blame is not None:
            blames += as_bool(blame)
        sub = node.get("subFrames")
        if sub.__class__ is list:
            extend(sub)
        elif sub is not None:  # as_list makes it a list of one
            push(sub)
    return frames, blames


@dataclass(slots=True)
class CallStack:
    roots: list[Frame]


@dataclass(slots=True)
class CallStackTree:
    per_thread: bool
    call_stacks: list[CallStack]


@dataclass(slots=True)
class DiagnosticLog:
    metadata: dict[str, str]
    trees: list[CallStackTree]

    @property
    def call_stacks(self) -> list[CallStack]:
        return [stack for tree in self.trees for stack in tree.call_stacks]

    def frame_count(self) -> int:
        return count_frames([frame for cs in self.call_stacks for frame in cs.roots])[0]


@dataclass(frozen=True, slots=True)
class LogInsight:
    category: str
    text: str
    url: str


@dataclass(slots=True)
class SignatureLogs:
    signature_id: str
    insights: list[LogInsight]
    logs: list[DiagnosticLog]


@dataclass(slots=True)
class DiagnosticLogsDocument:
    version: str
    products: list[SignatureLogs]

    @property
    def logs(self) -> list[DiagnosticLog]:
        return [log for product in self.products for log in product.logs]

    @property
    def insights(self) -> list[LogInsight]:
        return [insight for product in self.products for insight in product.insights]

    @classmethod
    def from_json(cls, data: Any) -> DiagnosticLogsDocument:
        with paused_gc():  # a frame object per frame: see gcpause
            return cls._from_json(data)

    @classmethod
    def _from_json(cls, data: Any) -> DiagnosticLogsDocument:
        doc = as_dict(data)
        products: list[SignatureLogs] = []
        for product in as_dicts(doc.get("productData")):
            logs: list[DiagnosticLog] = []
            for log in as_dicts(product.get("diagnosticLogs")):
                meta = {
                    str(k): as_str(v) for k, v in as_dict(log.get("diagnosticMetaData")).items()
                }
                raw_trees = log.get("callStackTree")
                trees = [
                    CallStackTree(
                        per_thread=as_bool(tree.get("callStackPerThread")),
                        call_stacks=[
                            CallStack(parse_frames(cs.get("callStackRootFrames")))
                            for cs in as_dicts(tree.get("callStacks"))
                        ],
                    )
                    for tree in as_dicts(raw_trees if isinstance(raw_trees, list) else [raw_trees])
                ]
                logs.append(DiagnosticLog(metadata=meta, trees=trees))
            products.append(
                SignatureLogs(
                    signature_id=as_str(product.get("signatureId")),
                    insights=[
                        LogInsight(
                            category=as_str(i.get("insightsCategory")),
                            text=as_str(i.get("insightsString")),
                            url=as_str(i.get("insightsURL")),
                        )
                        for i in as_dicts(product.get("diagnosticInsights"))
                    ],
                    logs=logs,
                )
            )
        return cls(version=as_str(doc.get("version")), products=products)
