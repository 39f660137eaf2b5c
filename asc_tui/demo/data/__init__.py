"""The demo's seeded data: apps, builds, metrics, signatures, logs and analytics records,
all derived deterministically from string keys."""
