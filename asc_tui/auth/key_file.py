"""The .p8 key file a user names: read bounded, a key's text given in place of its path
told apart (and never echoed), the path as messages show it, and the key ID in Apple's
file name."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InvalidKeyError
from ..files.readable import FileRefused, read_regular_file

_KEY_FILE_NAME = re.compile(r"^AuthKey_([A-Z0-9]{10})\.p8$")

MAX_KEY_BYTES = 64 * 1024
"""A .p8 key is about 250 bytes; anything past 64 KB is not one (and is not read)."""
KEY_PATH_MAX = 256
"""A key *path* longer than this is taken for the key's text and never shown."""
SHOWN_PATH_MAX = 80
_KEY_TEXT_RUN = re.compile(r"[A-Za-z0-9+=]{40,}")


def _surely_key_text(text: str) -> bool:
    return "-----BEGIN" in text or "\n" in text or "\r" in text or len(text) > KEY_PATH_MAX


def looks_like_key_text(value: str) -> bool:
    """Whether a value looks like key text rather than a path (no file system access): a
    PEM, several lines, over 256 characters, or a run of 40+ base64 characters."""
    text = value.strip()
    return _surely_key_text(text) or _KEY_TEXT_RUN.search(text) is not None


def key_text_as_path(value: str) -> bool:
    """Whether a value given as the key's *path* looks like the key itself
    (``looks_like_key_text``; a base64 run only when it names no file). Such a value is
    never echoed in a message (it would put the key in a terminal or a CI log)."""
    text = value.strip()
    if _surely_key_text(text):
        return True
    if _KEY_TEXT_RUN.search(text) is None:
        return False
    try:
        return not Path(text).expanduser().exists()
    except (OSError, ValueError):
        return True


def shown_key_path(path: str | Path) -> str:
    """A key path as messages show it: controls made visible, at most 80 characters."""
    from ..safe_text import visible

    text = visible(str(path))
    if len(text) <= SHOWN_PATH_MAX:
        return text
    half = (SHOWN_PATH_MAX - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


def read_key_file(path: str | Path) -> str:
    if key_text_as_path(str(path)):
        raise InvalidKeyError(
            "The value given as the key path looks like the key itself (not shown).",
            hint="Give the path of the .p8 file, or pass the key's text another way: set "
            "ASC_PRIVATE_KEY instead of ASC_PRIVATE_KEY_PATH, or use --key-file - and paste "
            "it on stdin.",
        )
    p = Path(path).expanduser()
    shown = shown_key_path(p)
    try:
        return read_regular_file(p, limit=MAX_KEY_BYTES).decode("utf-8", "replace")
    except FileRefused as refused:
        if refused.reason.startswith("is a folder"):
            raise InvalidKeyError(f"{shown} is a folder, not a .p8 key file.") from None
        raise InvalidKeyError(
            f"The key file {shown} {refused.reason}; a .p8 key is a small text file."
        ) from None
    except FileNotFoundError:
        raise InvalidKeyError(f"The key file {shown} does not exist.") from None
    except IsADirectoryError:
        raise InvalidKeyError(f"{shown} is a folder, not a .p8 key file.") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise InvalidKeyError(f"The key file {shown} cannot be read ({reason}).") from None


def key_id_from_filename(path: str | Path) -> str | None:
    """The key ID in Apple's file name ``AuthKey_<KEY ID>.p8``, if the name is that."""
    match = _KEY_FILE_NAME.match(Path(path).name)
    return match.group(1) if match else None
