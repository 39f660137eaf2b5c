"""Reading a profile's key: the Linux kernel keyring (keyctl system calls) against the
Secret Service (GNOME Keyring over D-Bus), through asc-tui's KeyringStore, same payload,
same run. Prints the median of each and the ratio. Needs a Secret Service (run under
``.ci/with-keyring``) and a usable kernel keyring; uses a service name of its own and
removes what it wrote.

    .ci/with-keyring .venv/bin/python -m benchmarks.credential_stores [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid

from asc_tui.auth.kernel_keyring import KernelKeyring
from asc_tui.auth.keyring_store import KeyringStore, StoredKey
from asc_tui.demo import generate_demo_key


def median_read(store: KeyringStore, profile: str, rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        assert store.get(profile) is not None
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    key = generate_demo_key()
    stored = StoredKey(key.issuer_id, key.key_id, key.private_key_pem)
    service = f"asc-tui-bench-{uuid.uuid4().hex[:8]}"
    profile = "bench"
    results: dict[str, float] = {}
    for name in ("keyctl", "secret-service"):
        store = KeyringStore(service, store=name)
        store.set(profile, stored)
        try:
            store.get(profile)  # warm up (D-Bus connection, persistent keyring link)
            results[name] = median_read(store, profile, args.rounds)
        finally:
            store.delete(profile)
    KernelKeyring().remove_service(service)
    kernel, dbus = results["keyctl"], results["secret-service"]
    print(f"kernel keyring read:  {kernel * 1e3:8.3f} ms (median of {args.rounds})")
    print(f"Secret Service read:  {dbus * 1e3:8.3f} ms (median of {args.rounds})")
    print(f"ratio Secret Service / kernel keyring: {dbus / kernel:.1f}x")


if __name__ == "__main__":
    main()
