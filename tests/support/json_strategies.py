"""Hypothesis strategies for JSON shaped like App Store Connect's documents (or not):
any JSON value, and xcodeMetrics documents whose every key holds the real shape or any
JSON. Shared by the parser and the CI gate's property tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=30,
)


def shaped(keys: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with the real keys, each holding either the real shape or any JSON."""
    return st.fixed_dictionaries(
        {}, optional={k: st.one_of(v, json_values) for k, v in keys.items()}
    )


point = shaped(
    {
        "version": st.text(max_size=6),
        "value": st.floats(allow_nan=True),
        "errorMargin": st.floats(),
        "goal": st.sampled_from(["good", "fair", "poor"]),
        "percentageBreakdown": st.one_of(
            shaped({"value": st.floats(), "subSystemLabel": st.text()}),
            st.lists(shaped({"value": st.floats(), "subSystemLabel": st.text()}), max_size=3),
        ),
    }
)
dataset = shaped(
    {
        "filterCriteria": shaped(
            {"percentile": st.text(), "device": st.text(), "deviceMarketingName": st.text()}
        ),
        "points": st.lists(point, max_size=3),
        "recommendedMetricGoal": shaped({"value": st.floats(), "detail": st.text()}),
    }
)
metric = shaped(
    {
        "identifier": st.text(max_size=12),
        "unit": shaped({"identifier": st.text(), "displayName": st.text()}),
        "goalKeys": st.lists(
            shaped(
                {"goalKey": st.text(), "lowerBound": st.integers(), "upperBound": st.integers()}
            ),
            max_size=3,
        ),
        "datasets": st.lists(dataset, max_size=3),
    }
)
insight = shaped(
    {
        "metricCategory": st.text(),
        "referenceVersions": st.one_of(st.text(), st.lists(st.text(), max_size=3)),
        "populations": st.lists(shaped({"deltaPercentage": st.floats()}), max_size=2),
        "highImpact": st.booleans(),
    }
)
metrics_doc = shaped(
    {
        "version": st.text(),
        "productData": st.lists(
            shaped(
                {
                    "platform": st.text(),
                    "metricCategories": st.lists(
                        shaped(
                            {
                                "identifier": st.sampled_from(["HANG", "STORAGE", "NEW_THING"]),
                                "metrics": st.lists(metric, max_size=3),
                            }
                        ),
                        max_size=3,
                    ),
                }
            ),
            max_size=2,
        ),
        "insights": shaped(
            {
                "trendingUp": st.lists(insight, max_size=2),
                "regressions": st.lists(insight, max_size=2),
            }
        ),
    }
)
