"""The demo's TestFlight crash reports in Apple's text ``.crash`` form: a header, the
threads' frames, the binary images."""

from __future__ import annotations

from .catalog import AppSpec
from .crash_context import APP_BASE, IMAGES, KIT_BASE, CrashContext, app_dir
from .seeding import hex_digest, rng, stable_uuid

RECURSION_DEPTH = 5000


def _line(number: int, binary: str, address: int, symbol: str) -> str:
    return f"{number:<3} {binary:<29}\t0x{address:016x} {symbol}"


def _header(ctx: CrashContext, exception: list[str]) -> list[str]:
    app = ctx.app
    when = ctx.created.strftime("%Y-%m-%d %H:%M:%S.0000 +0000")
    return [
        f"Incident Identifier: {stable_uuid('incident', ctx.submission_id).upper()}",
        f"CrashReporter Key:   {hex_digest('reporter', ctx.submission_id, length=40)}",
        f"Hardware Model:      {ctx.device}",
        f"Process:             {app.binary} [{rng('pid', ctx.submission_id).randint(300, 9000)}]",
        f"Path:                {app_dir(ctx)}/{app.binary}",
        f"Identifier:          {app.bundle_id}",
        f"Version:             {ctx.build_number} ({ctx.marketing_version})",
        "Code Type:           ARM-64 (Native)",
        "Role:                Foreground",
        "Parent Process:      launchd [1]",
        "",
        f"Date/Time:           {when}",
        f"OS Version:          {ctx.os_name} {ctx.os_version}",
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


def _frames(rows: list[tuple[str, str]], bases: dict[str, int]) -> list[str]:
    out = []
    for number, (binary, symbol) in enumerate(rows):
        base = bases.get(binary, IMAGES.get(binary, (0x1A0000000, ""))[0])
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
        f"<{hex_digest('uuid', app.app_id, ctx.build_number)}> {app_dir(ctx)}/{app.binary}"
    )
    if ctx.kind == "objc":
        kit = f"{app.binary}Kit"
        lines.append(
            f"       0x{KIT_BASE:x} - 0x{KIT_BASE + 0x3FFFF:x} {kit} arm64  "
            f"<{hex_digest('uuid', kit, ctx.build_number)}> "
            f"{app_dir(ctx)}/Frameworks/{kit}.framework/{kit}"
        )
    for name, (base, folder) in IMAGES.items():
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


def swift(ctx: CrashContext) -> str:
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


def objc(ctx: CrashContext) -> str:
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


def unsymbolicated(ctx: CrashContext) -> str:
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
    objc = IMAGES["libobjc.A.dylib"][0]
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


def recursion(ctx: CrashContext) -> str:
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
