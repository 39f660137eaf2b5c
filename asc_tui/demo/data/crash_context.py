"""What the demo's TestFlight crash reports are about: the crash, the app and device, and
the system binaries loaded at the same addresses in every report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .catalog import AppSpec
from .seeding import stable_uuid

KINDS = ("swift", "objc", "unsymbolicated", "cpp", "recursion")


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
    """E.g. ``18.1 (22B83)``."""
    created: datetime
    os_name: str = "iPhone OS"
    """As the report names the device's OS: ``iPhone OS`` (iPads too), ``macOS``…"""


def app_dir(ctx: CrashContext) -> str:
    bundle = stable_uuid("bundle", ctx.submission_id).upper()
    return f"/private/var/containers/Bundle/Application/{bundle}/{ctx.app.binary}.app"


IMAGES = {
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
