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

from collections.abc import Callable

from .crash_context import CrashContext
from .crash_ips_reports import cpp_ips
from .crash_text_reports import objc, recursion, swift, unsymbolicated

_WRITERS: dict[str, Callable[[CrashContext], str]] = {
    "swift": swift,
    "objc": objc,
    "unsymbolicated": unsymbolicated,
    "cpp": cpp_ips,
    "recursion": recursion,
}


def crash_log_text(ctx: CrashContext) -> str:
    return _WRITERS[ctx.kind](ctx)
