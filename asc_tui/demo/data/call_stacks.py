"""Call-stack trees for diagnostic logs, built without recursion.

Frames live in flat lists linked by parent index (a parent is always created before its
children), so trees of any depth or size are built and summed iteratively. Sample counts
follow spindump: a frame's ``sampleCount`` is its own samples plus its callees'.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from typing import Any

from .catalog import AppSpec
from .seeding import rng, stable_uuid
from .signatures import binary_name, fill
from .symbol_catalog import APP, Sym

_OBJC_CLASS = re.compile(r"[-+]\[(\w+)")
_SWIFT_TYPE = re.compile(r"\b([A-Z]\w+)\.")


def source_file(symbol: str) -> str:
    """A plausible source file for an app symbol: ``-[Foo bar]`` → Foo.m, ``Foo.bar()`` →
    Foo.swift."""
    if match := _OBJC_CLASS.match(symbol):
        return f"{match.group(1)}.m"
    if match := _SWIFT_TYPE.search(symbol):
        return f"{match.group(1)}.swift"
    return "AppDelegate.swift"


class BinaryImages:
    """Load addresses and UUIDs of the binaries in one process (one app build on one OS)."""

    def __init__(self, app: AppSpec, build_id: str, os_version: str) -> None:
        self.app = app
        self.build_id = build_id
        self.os_version = os_version
        self._images: dict[str, tuple[str, int]] = {}

    def image(self, binary: str) -> tuple[str, int]:
        found = self._images.get(binary)
        if found is None:
            if binary == self.app.binary:
                uid = stable_uuid("binary", binary, self.build_id).upper()
                load = 0x100000000 + 0x4000 * rng("slide", self.build_id).randint(1, 4096)
            else:
                uid = stable_uuid("binary", binary, self.os_version).upper()
                load = 0x180000000 + 0x10000 * rng("load", binary, self.os_version).randint(
                    1, 0x20000
                )
            found = self._images[binary] = (uid, load)
        return found

    def symbol_start(self, binary: str, symbol: str) -> int:
        """Offset of the symbol's first instruction in the binary's text segment."""
        return 4 * rng("symbol", binary, symbol, self.os_version).randint(0x400, 0x1FFFFF)


class FrameTree:
    """The frames of one diagnostic log (all its threads)."""

    def __init__(self, app: AppSpec, images: BinaryImages, r: random.Random) -> None:
        self.app = app
        self.images = images
        self.r = r
        self.frames: list[dict[str, Any]] = []
        self.parents: list[int] = []
        self.own: list[int] = []
        self.children: list[int] = []
        self.roots: list[int] = []

    def __len__(self) -> int:
        return len(self.frames)

    def add(
        self,
        parent: int | None,
        sym: Sym,
        *,
        file: str = "",
        offset: int | None = None,
        blame: bool = False,
        insight: str | None = None,
        symbolicated: bool = True,
    ) -> int:
        """Add one frame under ``parent`` (None: a new root); return its index."""
        binary = binary_name(self.app, sym[0])
        symbol = fill(self.app, sym[1])
        uid, load = self.images.image(binary)
        into = offset if offset is not None else 4 * self.r.randint(1, 220)
        text_offset = self.images.symbol_start(binary, symbol) + into
        frame: dict[str, Any] = {"sampleCount": 0, "isBlameFrame": blame}
        if symbolicated:
            frame["symbolName"] = symbol
        frame["binaryName"] = binary
        frame["binaryUUID"] = uid
        frame["address"] = hex(load + text_offset)
        frame["offsetIntoBinaryTextSegment"] = str(text_offset)
        if symbolicated:
            frame["offsetIntoSymbol"] = str(into)
        if binary == self.app.binary and symbolicated:
            frame["fileName"] = fill(self.app, file) if file else source_file(symbol)
            frame["lineNumber"] = str(self.r.randint(18, 940))
        if insight:
            frame["insightsCategory"] = insight
        frame["rawFrame"] = ""
        frame["subFrames"] = []
        index = len(self.frames)
        self.frames.append(frame)
        self.parents.append(-1 if parent is None else parent)
        self.own.append(0)
        self.children.append(0)
        if parent is None:
            self.roots.append(index)
        else:
            self.frames[parent]["subFrames"].append(frame)
            self.children[parent] += 1
        return index

    def chain(self, parent: int | None, syms: Iterable[Sym], *, samples: int = 0) -> int:
        """Add frames each calling the next; give the last ``samples`` own samples."""
        node = parent
        for sym in syms:
            symbolicated = sym[0] == APP or self.r.random() > 0.015
            node = self.add(node, sym, symbolicated=symbolicated)
        if node is None:
            raise ValueError("a chain needs at least one frame")
        self.own[node] += samples
        return node

    def finish(self) -> None:
        """Sum sample counts bottom-up and write ``sampleCount`` and ``rawFrame``."""
        pairs = zip(self.own, self.children, strict=True)
        totals = [max(own, 1) if kids == 0 else own for own, kids in pairs]
        for index in range(len(self.frames) - 1, -1, -1):
            parent = self.parents[index]
            if parent >= 0:
                totals[parent] += totals[index]
        for frame, count in zip(self.frames, totals, strict=True):
            frame["sampleCount"] = count
            frame["rawFrame"] = raw_frame(frame)

    def root_frames(self, roots: Iterable[int]) -> list[dict[str, Any]]:
        return [self.frames[i] for i in roots]


def raw_frame(frame: dict[str, Any]) -> str:
    """spindump style: ``44 sqlite3_step (in libsqlite3.dylib) + 300 (sqlite3.c:90617)
    [0x1b9980e9c]``."""
    count = frame["sampleCount"]
    binary = frame["binaryName"]
    if "symbolName" not in frame:
        return f"{count} ??? (in {binary}) + {frame['offsetIntoBinaryTextSegment']} " + (
            f"[{frame['address']}]"
        )
    where = f" ({frame['fileName']}:{frame['lineNumber']})" if "fileName" in frame else ""
    return (
        f"{count} {frame['symbolName']} (in {binary}) + {frame['offsetIntoSymbol']}{where} "
        f"[{frame['address']}]"
    )
