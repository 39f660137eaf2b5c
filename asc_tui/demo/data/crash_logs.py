"""The text of the demo's TestFlight crash reports (``betaCrashLogs.logText``), in Apple's
formats: the text ``.crash`` report and the JSON ``.ips`` form. Five kinds of crash:

- ``swift``: a Swift runtime trap (EXC_BREAKPOINT) in the app's own code, symbolicated;
- ``objc``: an uncaught NSInvalidArgumentException, with a Last Exception Backtrace whose
  blame frame is in the app's framework (``<Binary>Kit``);
- ``unsymbolicated``: EXC_BAD_ACCESS on a background thread, frames only ``0x… + offset``
  (load addresses differ per crash, as with ASLR);
- ``cpp``: an uncaught ``std::out_of_range``, as an ``.ips`` report;
- ``recursion``: a stack overflow, 5,000 frames of one recursive function.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from .catalog import AppSpec
from .seeding import hex_digest, rng, stable_uuid

KINDS = ("swift", "objc", "unsymbolicated", "cpp", "recursion")
RECURSION_DEPTH = 5000


@dataclass(frozen=True)
class CrashContext:
    """What one crash report says about where it happened."""

    app: AppSpec
    kind: str
    submission_id: str
    build_number: int
    marketing_version: str
    device: str
    os_version: str
    """E.g. ``18.1``."""
    created: datetime


def _line(number: int, binary: str, address: int, symbol: str) -> str:
    return f"{number:<3} {binary:<29}\t0x{address:016x} {symbol}"


def _app_dir(ctx: CrashContext) -> str:
    bundle = stable_uuid("bundle", ctx.submission_id).upper()
    return f"/private/var/containers/Bundle/Application/{bundle}/{ctx.app.binary}.app"


def _header(ctx: CrashContext, exception: list[str]) -> list[str]:
    app = ctx.app
    when = ctx.created.strftime("%Y-%m-%d %H:%M:%S.0000 +0000")
    return [
        f"Incident Identifier: {stable_uuid('incident', ctx.submission_id).upper()}",
        f"CrashReporter Key:   {hex_digest('reporter', ctx.submission_id, length=40)}",
        f"Hardware Model:      {ctx.device}",
        f"Process:             {app.binary} [{rng('pid', ctx.submission_id).randint(300, 9000)}]",
        f"Path:                {_app_dir(ctx)}/{app.binary}",
        f"Identifier:          {app.bundle_id}",
        f"Version:             {ctx.build_number} ({ctx.marketing_version})",
        "Code Type:           ARM-64 (Native)",
        "Role:                Foreground",
        "Parent Process:      launchd [1]",
        "",
        f"Date/Time:           {when}",
        f"OS Version:          iPhone OS {ctx.os_version}",
        "Release Type:        User",
        "Report Version:      104",
        "",
        *exception,
        "",
    ]


_SYSTEM_TAIL = [
    ("CoreFoundation", "__CFRUNLOOP_IS_CALLING_OUT_TO_A_SOURCE0_PERFORM_FUNCTION__ + 28"),
    ("CoreFoundation", "__CFRunLoopDoSource0 + 176"),
    ("CoreFoundation", "__CFRunLoopRun + 840"),
    ("GraphicsServices", "GSEventRunModal + 164"),
    ("UIKitCore", "-[UIApplication _run] + 816"),
    ("UIKitCore", "UIApplicationMain + 340"),
]
_IMAGES = {
    "CoreFoundation": (0x1A1D20000, "/System/Library/Frameworks/CoreFoundation.framework"),
    "GraphicsServices": (0x1E3BD8000, "/System/Library/PrivateFrameworks/GraphicsServices"),
    "UIKitCore": (0x1A4290000, "/System/Library/PrivateFrameworks/UIKitCore.framework"),
    "libsystem_kernel.dylib": (0x1E9A1E000, "/usr/lib/system"),
    "libsystem_pthread.dylib": (0x1E9A2A000, "/usr/lib/system"),
    "libsystem_c.dylib": (0x1A9B00000, "/usr/lib/system"),
    "libobjc.A.dylib": (0x19A1B8000, "/usr/lib"),
    "libc++abi.dylib": (0x1E98D0000, "/usr/lib"),
    "dyld": (0x1C4A20000, "/usr/lib"),
}
APP_BASE = 0x102AD0000
KIT_BASE = 0x104F20000


def _frames(rows: list[tuple[str, str]], bases: dict[str, int]) -> list[str]:
    out = []
    for number, (binary, symbol) in enumerate(rows):
        base = bases.get(binary, _IMAGES.get(binary, (0x1A0000000, ""))[0])
        out.append(_line(number, binary, base + 0x1000 + 0x40 * number, symbol))
    return out


def _main_thread_tail(app: AppSpec) -> list[tuple[str, str]]:
    return [
        *_SYSTEM_TAIL,
        (app.binary, "main + 64 (AppDelegate.swift:14)"),
        ("dyld", "start + 2104"),
    ]


def _binary_images(ctx: CrashContext, bases: dict[str, int]) -> list[str]:
    app = ctx.app
    lines = ["Binary Images:"]
    lines.append(
        f"       0x{bases[app.binary]:x} - 0x{bases[app.binary] + 0x3FFFF:x} {app.binary} arm64  "
        f"<{hex_digest('uuid', app.app_id, ctx.build_number)}> {_app_dir(ctx)}/{app.binary}"
    )
    if ctx.kind == "objc":
        kit = f"{app.binary}Kit"
        lines.append(
            f"       0x{KIT_BASE:x} - 0x{KIT_BASE + 0x3FFFF:x} {kit} arm64  "
            f"<{hex_digest('uuid', kit, ctx.build_number)}> "
            f"{_app_dir(ctx)}/Frameworks/{kit}.framework/{kit}"
        )
    for name, (base, folder) in _IMAGES.items():
        lines.append(
            f"       0x{base:x} - 0x{base + 0xFFFFF:x} {name} arm64e  "
            f"<{hex_digest('uuid', name)}> {folder}/{name}"
        )
    return lines


def _other_threads() -> list[str]:
    return [
        "Thread 1:",
        _line(0, "libsystem_pthread.dylib", 0x1E9A2B0C4, "start_wqthread + 0"),
        "",
        "Thread 2 name:   com.apple.uikit.eventfetch-thread",
        "Thread 2:",
        _line(0, "libsystem_kernel.dylib", 0x1E9A1F1CC, "mach_msg2_trap + 8"),
        _line(1, "libsystem_kernel.dylib", 0x1E9A21CC8, "mach_msg2_internal + 80"),
        _line(2, "UIKitCore", 0x1A43E1C88, "-[UIEventFetcher threadMain] + 420"),
        _line(3, "libsystem_pthread.dylib", 0x1E9A2D06C, "_pthread_start + 136"),
        "",
    ]


def _swift(ctx: CrashContext) -> str:
    noun, binary = ctx.app.nouns[0], ctx.app.binary
    bases = {binary: APP_BASE}
    exception = [
        "Exception Type:  EXC_BREAKPOINT (SIGTRAP)",
        "Exception Codes: 0x0000000000000001, 0x0000000102afb3d0",
        "Termination Reason: SIGNAL 5 Trace/BPT trap: 5",
        "Terminating Process: exc handler",
        "",
        "Triggered by Thread:  0",
    ]
    rows = [
        (binary, f"{noun}Editor.apply(_:) + 412 ({noun}Editor.swift:231)"),
        (binary, f"closure #1 in {noun}Editor.textDidChange() + 88 ({noun}Editor.swift:198)"),
        (binary, f"{noun}Editor.textDidChange() + 48 (<compiler-generated>:0)"),
        ("UIKitCore", "-[UITextView _textStorageDidProcessEditing:] + 196"),
        *_main_thread_tail(ctx.app),
    ]
    body = ["Thread 0 name:   Dispatch queue: com.apple.main-thread", "Thread 0 Crashed:"]
    body += [*_frames(rows, bases), "", *_other_threads()]
    return _join(ctx, exception, body, bases)


def _objc(ctx: CrashContext) -> str:
    noun, binary = ctx.app.nouns[1], ctx.app.binary
    kit = f"{binary}Kit"
    bases = {binary: APP_BASE, kit: KIT_BASE}
    address = rng("objc-address", ctx.submission_id).randrange(0x280000000, 0x2FFFFFFFF)
    exception = [
        "Exception Type:  EXC_CRASH (SIGABRT)",
        "Exception Codes: 0x0000000000000000, 0x0000000000000000",
        "Exception Note:  EXC_CORPSE_NOTIFY",
        "Termination Reason: SIGNAL 6 Abort trap: 6",
        "Triggered by Thread:  0",
        "",
        "Application Specific Information:",
        "*** Terminating app due to uncaught exception 'NSInvalidArgumentException', reason: "
        f"'-[__NSCFString objectForKey:]: unrecognized selector sent to instance 0x{address:x}'",
        "abort() called",
    ]
    backtrace = [
        ("CoreFoundation", "__exceptionPreprocess + 164"),
        ("libobjc.A.dylib", "objc_exception_throw + 60"),
        ("CoreFoundation", "-[NSObject(NSObject) doesNotRecognizeSelector:] + 136"),
        ("CoreFoundation", "___forwarding___ + 1580"),
        ("CoreFoundation", "_CF_forwarding_prep_0 + 96"),
        (kit, f"-[NP{noun}SyncSession applyPayload:] + 212 (NP{noun}SyncSession.m:148)"),
        (binary, "-[NPAppDelegate syncDidFinish:] + 76 (NPAppDelegate.m:61)"),
        *_main_thread_tail(ctx.app),
    ]
    crashed = [
        ("libsystem_kernel.dylib", "__pthread_kill + 8"),
        ("libsystem_pthread.dylib", "pthread_kill + 268"),
        ("libsystem_c.dylib", "abort + 180"),
        ("libc++abi.dylib", "abort_message + 132"),
        ("libobjc.A.dylib", "_objc_terminate() + 144"),
        ("libc++abi.dylib", "std::terminate() + 56"),
        *_main_thread_tail(ctx.app),
    ]
    body = ["Last Exception Backtrace:", *_frames(backtrace, bases), ""]
    body += ["Thread 0 name:   Dispatch queue: com.apple.main-thread", "Thread 0 Crashed:"]
    body += [*_frames(crashed, bases), "", *_other_threads()]
    return _join(ctx, exception, body, bases)


def _unsymbolicated(ctx: CrashContext) -> str:
    binary = ctx.app.binary
    base = 0x100000000 + 0x4000 * rng("aslr", ctx.submission_id).randrange(0x400, 0x8000)
    bases = {binary: base}
    exception = [
        "Exception Type:  EXC_BAD_ACCESS (SIGSEGV)",
        "Exception Subtype: KERN_INVALID_ADDRESS at 0x0000000000000010",
        "Exception Codes: 0x0000000000000001, 0x0000000000000010",
        "Termination Reason: SIGNAL 11 Segmentation fault: 11",
        "Triggered by Thread:  3",
    ]
    objc = _IMAGES["libobjc.A.dylib"][0]
    frames = [
        (objc + 48160, objc, 48160, "libobjc.A.dylib"),
        (base + 203400, base, 203400, binary),
        (base + 200468, base, 200468, binary),
        (base + 199012, base, 199012, binary),
    ]
    body = ["Thread 0 name:   Dispatch queue: com.apple.main-thread", "Thread 0:"]
    body += _frames(_main_thread_tail(ctx.app)[:6], bases)
    body += ["", *_other_threads(), "Thread 3 Crashed:"]
    body += [_line(n, b, a, f"0x{load:x} + {off}") for n, (a, load, off, b) in enumerate(frames)]
    body += [_line(4, "???", 0, "0x0 + 0"), ""]
    return _join(ctx, exception, body, bases)


def _recursion(ctx: CrashContext) -> str:
    noun, binary = ctx.app.nouns[1], ctx.app.binary
    bases = {binary: APP_BASE}
    exception = [
        "Exception Type:  EXC_BAD_ACCESS (SIGSEGV)",
        "Exception Subtype: KERN_PROTECTION_FAILURE at 0x000000016b3effe0",
        "Exception Codes: 0x0000000000000002, 0x000000016b3effe0",
        "VM Region Info: 0x16b3effe0 is in 0x16b3ec000-0x16b3f0000;  STACK GUARD",
        "Termination Reason: SIGNAL 11 Segmentation fault: 11",
        "Triggered by Thread:  0",
        "",
        "Application Specific Information:",
        "Thread stack size exceeded due to excessive recursion",
    ]
    recursion = [
        (binary, f"{noun}Tree.visit(_:depth:) + 96 ({noun}Tree.swift:57)")
    ] * RECURSION_DEPTH
    rows = [("libsystem_platform.dylib", "_platform_memmove + 52"), *recursion]
    rows += [(binary, f"{noun}ListView.reload() + 120 ({noun}ListView.swift:88)")]
    rows += _main_thread_tail(ctx.app)
    body = ["Thread 0 name:   Dispatch queue: com.apple.main-thread", "Thread 0 Crashed:"]
    body += [*_frames(rows, bases), "", *_other_threads()]
    return _join(ctx, exception, body, bases)


def _join(ctx: CrashContext, exception: list[str], body: list[str], bases: dict[str, int]) -> str:
    lines = [*_header(ctx, exception), *body, *_binary_images(ctx, bases), ""]
    return "\n".join(lines)


def _cpp_ips(ctx: CrashContext) -> str:
    """The ``.ips`` form: a header line of JSON, then the JSON body."""
    app = ctx.app
    namespace = app.binary.lower()
    noun = ctx.app.nouns[0]
    header = {
        "app_name": app.binary,
        "timestamp": ctx.created.strftime("%Y-%m-%d %H:%M:%S.00 +0000"),
        "app_version": ctx.marketing_version,
        "build_version": str(ctx.build_number),
        "bundleID": app.bundle_id,
        "bug_type": "309",
        "os_version": f"iPhone OS {ctx.os_version}",
        "incident_id": stable_uuid("incident", ctx.submission_id).upper(),
        "name": app.binary,
    }
    images = [
        {
            "arch": "arm64",
            "base": APP_BASE,
            "name": app.binary,
            "path": f"{_app_dir(ctx)}/{app.binary}",
            "uuid": stable_uuid("image", app.app_id, ctx.build_number),
        },
        *(
            {
                "arch": "arm64e",
                "base": base,
                "name": name,
                "path": f"{folder}/{name}",
                "uuid": stable_uuid("image", name),
            }
            for name, (base, folder) in _IMAGES.items()
        ),
    ]
    index = {image["name"]: i for i, image in enumerate(images)}

    def frame(
        binary: str, offset: int, symbol: str, at: int, source: tuple[str, int] | None = None
    ) -> dict[str, object]:
        item: dict[str, object] = {
            "imageOffset": offset,
            "symbol": symbol,
            "symbolLocation": at,
            "imageIndex": index[binary],
        }
        if source is not None:
            item["sourceFile"], item["sourceLine"] = source
        return item

    crashed = [
        frame("libsystem_kernel.dylib", 38956, "__pthread_kill", 8),
        frame("libsystem_pthread.dylib", 27660, "pthread_kill", 268),
        frame("libsystem_c.dylib", 478112, "abort", 180),
        frame("libc++abi.dylib", 68772, "abort_message", 132),
        frame(
            app.binary,
            3880,
            "std::__throw_out_of_range[abi:ne180100](char const*)",
            64,
            ("stdexcept", 268),
        ),
        frame(
            app.binary,
            91208,
            f"{namespace}::{noun}Buffer::at(unsigned long) const",
            120,
            (f"{noun}Buffer.cpp", 57),
        ),
        frame(
            app.binary,
            90112,
            f"{namespace}::{noun}Renderer::draw(float*, unsigned long)",
            344,
            (f"{noun}Renderer.cpp", 112),
        ),
        frame("UIKitCore", 843160, "UIApplicationMain", 340),
        frame("dyld", 62084, "start", 2104),
    ]
    body = {
        "modelCode": ctx.device,
        "osVersion": {
            "isEmbedded": True,
            "train": f"iPhone OS {ctx.os_version.split(' ')[0]}",
            "releaseType": "User",
        },
        "captureTime": ctx.created.strftime("%Y-%m-%d %H:%M:%S.0000 +0000"),
        "incident": header["incident_id"],
        "cpuType": "ARM-64",
        "procName": app.binary,
        "procPath": f"{_app_dir(ctx)}/{app.binary}",
        "procRole": "Foreground",
        "bundleInfo": {
            "CFBundleShortVersionString": ctx.marketing_version,
            "CFBundleVersion": str(ctx.build_number),
            "CFBundleIdentifier": app.bundle_id,
        },
        "parentProc": "launchd",
        "exception": {
            "codes": "0x0000000000000000, 0x0000000000000000",
            "type": "EXC_CRASH",
            "signal": "SIGABRT",
        },
        "termination": {"code": 6, "namespace": "SIGNAL", "indicator": "Abort trap: 6"},
        "asi": {
            "libsystem_c.dylib": ["abort() called"],
            "libc++abi.dylib": [
                "terminating due to uncaught exception of type std::out_of_range: vector"
            ],
        },
        "faultingThread": 0,
        "threads": [
            {"triggered": True, "id": 88120, "queue": "com.apple.main-thread", "frames": crashed},
            {
                "id": 88121,
                "name": "AURemoteIO::IOThread",
                "frames": [frame("libsystem_kernel.dylib", 4556, "mach_msg2_trap", 8)],
            },
        ],
        "usedImages": images,
    }
    return json.dumps(header) + "\n" + json.dumps(body, indent=2) + "\n"


_WRITERS = {
    "swift": _swift,
    "objc": _objc,
    "unsymbolicated": _unsymbolicated,
    "cpp": _cpp_ips,
    "recursion": _recursion,
}


def crash_log_text(ctx: CrashContext) -> str:
    return _WRITERS[ctx.kind](ctx)
