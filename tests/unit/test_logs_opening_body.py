"""A logs body fetched from the API is opened as a saved file is: a big one from its first
part, whose rows are the whole log's first rows, the rest read to the same document as
reading the body whole; a small one whole; a damaged one refused with the server's answer
named; the body kept (packed) to be saved exactly as it came."""

from __future__ import annotations

import json

import pytest

from asc_tui.api.diagnostic_logs import DiagnosticLogsDocument
from asc_tui.errors import ResponseFormatError
from asc_tui.logs.calltree import CallTree
from asc_tui.logs.opening import ReceivedLogs, open_logs_body
from asc_tui.logs.report import text_report
from tests.support.logs_documents import log_document, small_first_parts


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    small_first_parts(monkeypatch)


@pytest.mark.parametrize("callees_first", [False, True])
def test_a_big_body_opens_from_its_first_part_and_reads_to_the_whole_document(
    callees_first: bool,
) -> None:
    document = log_document(600, callees_first=callees_first)
    body = json.dumps(document, indent=1, ensure_ascii=False).encode()
    opened = open_logs_body(body)
    assert opened.raw is None and opened.rest is not None
    first = CallTree.from_log(opened.document.logs[0], partial=True)
    raw, read = opened.rest()
    whole = CallTree.from_log(read.logs[0])
    expected = DiagnosticLogsDocument.from_json(json.loads(body))
    assert text_report(read, "t") == text_report(expected, "t")
    assert whole.frame_count == CallTree.from_log(expected.logs[0]).frame_count == 600
    assert 10 < first.node_count < whole.node_count // 4  # the first part only
    for node in range(first.node_count):
        assert first.row(node).depth == whole.row(node).depth
        part, full = first.frame(node), whole.frame(node)
        assert (part is None) == (full is None)
        if part is not None and full is not None and not part.unread:
            assert (part.symbol, part.address) == (full.symbol, full.address)
    assert isinstance(raw, ReceivedLogs) and raw.text().encode() == body  # saved as it came
    again, read_again = opened.rest()  # (read once more: from what was kept)
    assert again is raw and text_report(read_again, "t") == text_report(read, "t")


def test_a_small_body_is_read_whole() -> None:
    body = json.dumps(log_document(40, callees_first=False)).encode()
    opened = open_logs_body(body)
    assert opened.rest is None and isinstance(opened.raw, ReceivedLogs)
    assert opened.raw.text().encode() == body
    expected = DiagnosticLogsDocument.from_json(json.loads(body))
    assert text_report(opened.document, "t") == text_report(expected, "t")


def test_a_big_body_cut_off_is_refused_at_once() -> None:
    body = json.dumps(log_document(600, callees_first=False)).encode()
    with pytest.raises(ResponseFormatError) as caught:
        open_logs_body(body[:-1000])
    assert caught.value.message.startswith("The server's answer is cut off: it ends after ")


def test_a_big_body_damaged_after_its_first_part_fails_when_the_rest_is_read() -> None:
    text = json.dumps(log_document(600, callees_first=False))
    at = text.index('"symbolName"', len(text) // 2)
    opened = open_logs_body((text[:at] + "?" + text[at + 1 :]).encode())
    assert opened.rest is not None and opened.document.logs
    with pytest.raises(ResponseFormatError) as caught:
        opened.rest()
    assert caught.value.message == (
        "The server's answer is not valid JSON: expecting property name enclosed in double "
        f"quotes at line 1, column {at + 1:,}."
    )
