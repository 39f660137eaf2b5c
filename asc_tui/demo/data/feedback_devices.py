"""The devices the demo's TestFlight feedback comes from: iPhones and iPads running the
iOS app, and the other devices that run it unchanged, as testers' do: a Mac with Apple
silicon ("Designed for iPad", or for iPhone) and Apple Vision Pro (a compatible iPad or
iPhone app). The app's platform stays IOS (its builds are iOS builds); the device's
platform, family and OS are the device's."""

from __future__ import annotations

from .seeding import rng

APP_PLATFORM = "IOS"
"""Every demo app is an iOS app: its builds are iOS builds, wherever they run."""
MAC_SHARE = 0.10
VISION_SHARE = 0.05
"""Of the submissions, those from a Mac and from Apple Vision Pro."""
MACS = ("Mac14,2", "Mac15,3", "Mac14,13")
"""MacBook Air (M2), MacBook Pro 14-inch (M3), Mac Studio (M2 Max)."""
MAC_OS_VERSIONS = ("14.6.1 (23G93)", "15.1 (24B83)", "15.3.2 (24D81)", "26.0.1 (25A362)")
VISION_PRO = "RealityDevice14,1"
VISION_OS_VERSIONS = ("2.1 (22N842)", "2.3 (22N896)", "26.0 (23M336)")
OS_NAMES = {"IOS": "iPhone OS", "MAC_OS": "macOS", "VISION_OS": "visionOS"}
"""How a crash report names the OS of each device platform (iPads' say iPhone OS too)."""


def device_platform(model: str) -> str:
    """The Platform of the device (``IOS``, ``MAC_OS`` or ``VISION_OS``)."""
    if model.startswith("Mac"):
        return "MAC_OS"
    return "VISION_OS" if model.startswith("RealityDevice") else "IOS"


def device_family(model: str) -> str:
    """The DeviceFamily of the device."""
    families = {"MAC_OS": "MAC", "VISION_OS": "VISION"}
    family = families.get(device_platform(model))
    return family or ("IPAD" if model.startswith("iPad") else "IPHONE")


def screen_points(model: str) -> tuple[int, int]:
    """The screen (or the app's window on a Mac or in visionOS) in points."""
    sizes = {"IPAD": (820, 1180), "MAC": (1180, 820), "VISION": (1280, 720)}
    return sizes.get(device_family(model), (390, 844))


def feedback_device(app_id: str, n: int, ios_model: str, ios_version: str) -> tuple[str, str]:
    """(device model, full OS version) of submission ``n``: mostly the iPhone or iPad
    drawn for it, some a Mac or Apple Vision Pro (drawn apart, so the rest of the
    submission stays as it was)."""
    r = rng("feedback-device", app_id, n)
    roll = r.random()
    if roll < MAC_SHARE:
        return r.choice(MACS), r.choice(MAC_OS_VERSIONS)
    if roll < MAC_SHARE + VISION_SHARE:
        return VISION_PRO, r.choice(VISION_OS_VERSIONS)
    return ios_model, ios_version
