"""Which frames belong to the app and which to the system.

A frame is the app's own when its binary is one of the app's binaries (guessed from the
log's bundle ID and the signature's "Binary: symbol" prefix) or is not a system library.
System libraries are recognised by name: dylibs, ``lib…``/``dyld`` and Apple frameworks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

SYSTEM_FRAMEWORKS = frozenset(
    {
        "AVFAudio",
        "AVFCore",
        "AVFoundation",
        "Accelerate",
        "AppleJPEG",
        "AssetsLibraryServices",
        "AudioToolbox",
        "BackBoardServices",
        "BaseBoard",
        "CFNetwork",
        "CloudKit",
        "Combine",
        "Contacts",
        "CoreAnimation",
        "CoreAudio",
        "CoreAutoLayout",
        "CoreData",
        "CoreFoundation",
        "CoreGraphics",
        "CoreImage",
        "CoreLocation",
        "CoreML",
        "CoreMedia",
        "CoreMotion",
        "CoreServices",
        "CoreText",
        "CoreUI",
        "CoreVideo",
        "FrontBoardServices",
        "Foundation",
        "GraphicsServices",
        "IOKit",
        "ImageIO",
        "JavaScriptCore",
        "MapKit",
        "Metal",
        "MetalKit",
        "MetalPerformanceShaders",
        "Network",
        "PhotoKit",
        "Photos",
        "QuartzCore",
        "RunningBoardServices",
        "Security",
        "SwiftUI",
        "SwiftUICore",
        "SystemConfiguration",
        "UIFoundation",
        "UIKit",
        "UIKitCore",
        "UIKitServices",
        "WebCore",
        "WebKit",
        "CoreFoundationLite",
        "AttributeGraph",
        "StoreKit",
        "UserNotifications",
        "Vision",
        "AGXMetalA14",
        "AGXMetalA15",
        "AGXMetalA16",
        "AGXMetalA17",
        "IOSurface",
        "IOMobileFramebuffer",
        "MediaToolbox",
        "TextInput",
        "TextInputCore",
        "ProtocolBuffer",
        "SpringBoardServices",
        "CoreTelephony",
    }
)

_PREFIX = re.compile(r"^([A-Za-z0-9_.\-]+):\s")


def is_system_binary(binary: str) -> bool:
    """True for binaries that ship with the OS (and for frames with no binary at all)."""
    name = binary.strip()
    if not name or name in {"???", "<unknown>"}:
        return True
    lower = name.lower()
    return (
        lower.endswith(".dylib")
        or lower.startswith(("lib", "dyld"))
        or name in SYSTEM_FRAMEWORKS
        or name.removesuffix(".framework") in SYSTEM_FRAMEWORKS
    )


def is_app_binary(binary: str, app_binaries: Iterable[str] = ()) -> bool:
    names = app_binaries if isinstance(app_binaries, frozenset | set) else set(app_binaries)
    return binary in names or not is_system_binary(binary)


def app_binary_names(metadata: Mapping[str, str], signature: str = "") -> frozenset[str]:
    """Likely names of the app's main binary: the last part of the bundle ID and the
    binary a signature such as ``"LumenNotes: -[DatabaseQueue inDatabase:]"`` starts with."""
    names: set[str] = set()
    bundle_id = metadata.get("bundleId", "").strip()
    if bundle_id:
        names.add(bundle_id.rsplit(".", 1)[-1])
    match = _PREFIX.match(signature.strip())
    if match and not is_system_binary(match.group(1)):
        names.add(match.group(1))
    return frozenset(names)
