"""The numbers behind every metric: one value per (app, version, metric, device,
percentile), drifting from version to version, plus a little per-build noise."""

from __future__ import annotations

import functools
import statistics

from .catalog import DEVICES, Device
from .metric_catalog import METRICS, SCRIPTED_TRENDS, MetricSpec
from .seeding import rng

_SPECS = {spec.identifier: spec for spec in METRICS}
_DEVICES = {device.identifier: device for device in DEVICES}


def metric_spec(identifier: str) -> MetricSpec:
    return _SPECS[identifier]


@functools.cache
def _trend(app_id: str, metric: str, versions: int) -> tuple[float, ...]:
    """A random walk of multipliers, one per marketing version, oldest first."""
    r = rng("trend", app_id, metric)
    walk = [1.0]
    for _ in range(versions - 1):
        walk.append(min(1.6, max(0.6, walk[-1] * (1.0 + r.gauss(0.0, 0.025)))))
    scripted = SCRIPTED_TRENDS.get((app_id, metric))
    if scripted is not None and versions > 1:
        walk[-1] = walk[-2] * scripted
    return tuple(walk)


def _device_factor(spec: MetricSpec, device: Device) -> float:
    if spec.kind == "time":
        return device.speed
    if spec.kind == "memory":
        return device.memory
    return 1.0 + (device.speed - 1.0) * 0.3


@functools.lru_cache(maxsize=65536)
def version_value(
    app_id: str, versions: int, index: int, metric: str, device: str, percentile: str
) -> float:
    """Unrounded value of a metric for one marketing version (``index`` of ``versions``)."""
    spec = _SPECS[metric]
    app_factor = rng("app-factor", app_id, metric).uniform(0.7, 1.35)
    noise = 1.0 + rng("noise", app_id, index, metric, device, percentile).gauss(0.0, 0.015)
    pct = spec.p90_factor if percentile == "percentile.ninety" else 1.0
    return (
        spec.typical
        * app_factor
        * _trend(app_id, metric, versions)[index]
        * _device_factor(spec, _DEVICES[device])
        * pct
        * noise
    )


def build_value(base: float, build_id: str, metric: str, device: str, percentile: str) -> float:
    """A build's value: its version's value with a few percent of build-to-build noise."""
    return base * (1.0 + rng("build-noise", build_id, metric, device, percentile).gauss(0, 0.03))


def rounded(spec: MetricSpec, value: float) -> float | int:
    """Rounded to the metric's precision; whole-number metrics (ms) as ints."""
    return round(value) if spec.decimals == 0 else round(value, spec.decimals)


def error_margin(spec: MetricSpec, value: float, *key: object) -> float | int:
    return rounded(spec, value * rng("margin", *key).uniform(0.02, 0.09))


def breakdown(spec: MetricSpec, *key: object) -> dict[str, object] | None:
    """The dominant sub-system and its share, in the spec's object form."""
    if not spec.breakdown:
        return None
    r = rng("breakdown", *key)
    label = spec.breakdown[0] if r.random() < 0.6 else r.choice(spec.breakdown)
    return {"value": round(r.uniform(28.0, 71.0), 1), "subSystemLabel": label}


def reference_average(
    app_id: str, versions: int, indices: range, metric: str, device: str, percentile: str
) -> float:
    return statistics.fmean(
        version_value(app_id, versions, i, metric, device, percentile) for i in indices
    )
