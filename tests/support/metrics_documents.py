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


def raw_get(server: Any, path: str, **params: str) -> Any:
    """A document from a demo server on loopback, signed with its key, as JSON."""
    import httpx

    from asc_tui.api.jwt_auth import JwtAuth
    from asc_tui.auth.private_key import load_private_key

    key = server.key
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    return httpx.get(server.base_url + path, auth=auth, params=params).json()
