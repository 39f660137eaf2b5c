"""Reading the demo's raw xcodeMetrics JSON directly, without the app's parser."""

from __future__ import annotations

from typing import Any

Doc = dict[str, Any]


def raw_datasets(doc: Doc) -> list[tuple[str, Doc, Doc]]:
    """(category, metric, dataset) straight from the JSON, without the app's parser."""
    return [
        (category["identifier"], metric, dataset)
        for product in doc["productData"]
        for category in product["metricCategories"]
        for metric in category["metrics"]
        for dataset in metric["datasets"]
    ]


def raw(doc: Doc, metric: str, device: str, percentile: str) -> Doc:
    for _, item, dataset in raw_datasets(doc):
        criteria = dataset["filterCriteria"]
        if (item["identifier"], criteria["device"], criteria["percentile"]) == (
            metric,
            device,
            percentile,
        ):
            return dataset
    raise AssertionError(f"{metric} {device} {percentile} missing")
