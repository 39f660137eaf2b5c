"""A thread's header line in the call-stack viewer counts its frames and samples in words
that agree with the number."""

from __future__ import annotations

from rich.style import Style

from asc_tui.logs.calltree import Row
from asc_tui.logs.frame_forest import ThreadInfo
from asc_tui.ui.widgets.call_tree_row import row_text


def header(frames: int, samples: int) -> str:
    info = ThreadInfo("Thread 1", frames, samples, has_blame=False)
    row = Row(0, 0, 0, has_children=frames > 0, expanded=False, thread=info)
    return row_text(row, lambda _: Style()).plain


def test_one_frame_and_one_sample_are_said_in_the_singular() -> None:
    assert header(1, 1).endswith("Thread 1  1 frame · 1 sample")
    assert header(1, 0).endswith("Thread 1  1 frame")


def test_several_frames_and_samples_are_said_in_the_plural() -> None:
    assert header(5010, 0).endswith("Thread 1  5,010 frames")
    assert header(53, 549).endswith("Thread 1  53 frames · 549 samples")
