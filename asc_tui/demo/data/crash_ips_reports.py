"""The demo's TestFlight crash reports in Apple's JSON ``.ips`` form."""

from __future__ import annotations

import json

from .crash_context import APP_BASE, IMAGES, CrashContext, app_dir
from .seeding import stable_uuid


def cpp_ips(ctx: CrashContext) -> str:
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
        "os_version": f"{ctx.os_name} {ctx.os_version}",
        "incident_id": stable_uuid("incident", ctx.submission_id).upper(),
        "name": app.binary,
    }
    images = [
        {
            "arch": "arm64",
            "base": APP_BASE,
            "name": app.binary,
            "path": f"{app_dir(ctx)}/{app.binary}",
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
            for name, (base, folder) in IMAGES.items()
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
            "train": f"{ctx.os_name} {ctx.os_version.split(' ')[0]}",
            "releaseType": "User",
        },
        "captureTime": ctx.created.strftime("%Y-%m-%d %H:%M:%S.0000 +0000"),
        "incident": header["incident_id"],
        "cpuType": "ARM-64",
        "procName": app.binary,
        "procPath": f"{app_dir(ctx)}/{app.binary}",
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
