"""The App Store Connect client: one shared ``httpx.AsyncClient``, typed calls per endpoint.

Every failure comes out as an :class:`asc_tui.errors.AscError` subclass with a message a
user can act on; raw httpx exceptions never escape.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from typing import Any, TypeVar

import httpx

from .. import __version__
from ..errors import ApiError, ErrorDetail, NetworkError, UrlError, api_error_class
from . import jsonio
from ._coerce import as_dict, as_dicts, as_str
from .feedback import (
    CRASHES,
    NO_FILTER,
    SCREENSHOTS,
    CrashSubmission,
    FeedbackFilter,
    FeedbackKind,
    ScreenshotSubmission,
    build_numbers,
    crash_log_text,
)
from .list_queries import JSON, ListQuery, apps_query, builds_query
from .metrics_report import MetricsReport
from .models import (
    App,
    Build,
    DiagnosticSignature,
    Page,
    PreReleaseVersion,
    RateLimit,
    pre_release_versions,
)
from .pagination import PAGE_LIMIT, Listing, first_page_query, iterate_pages
from .query import filters
from .retry import RetryEvent, RetryListener, RetryPolicy
from .urls import DEFAULT_BASE_URL, check_url, shown

METRICS_JSON = "application/vnd.apple.xcode-metrics+json"
LOGS_JSON = "application/vnd.apple.diagnostic-logs+json"
T = TypeVar("T")
READ_TIMEOUT = 20.0
"""Seconds of silence (waiting for the answer, or between two reads of it) before a try
fails; the whole try is bounded by ``RetryPolicy.deadline``."""


def error_from_response(response: httpx.Response) -> ApiError:
    """Build the typed exception for an error response from Apple's ErrorResponse body."""
    details: list[ErrorDetail] = []
    try:
        body = response.json()
    except (ValueError, UnicodeDecodeError):
        body = None
    for item in as_dicts(as_dict(body).get("errors")):
        source = {str(k): as_str(v) for k, v in as_dict(item.get("source")).items()}
        details.append(
            ErrorDetail(
                status=as_str(item.get("status"), str(response.status_code)),
                code=as_str(item.get("code"), f"HTTP_{response.status_code}"),
                title=as_str(item.get("title")) or response.reason_phrase or "Error",
                detail=as_str(item.get("detail")) or None,
                id=as_str(item.get("id")) or None,
                source=source,
            )
        )
    cls = api_error_class(response.status_code)
    message = None
    if not details:
        reason = response.reason_phrase or "error"
        message = f"The server answered HTTP {response.status_code} {reason} without details."
    return cls(
        response.status_code,
        details,
        request_id=response.headers.get("x-request-id"),
        message=message,
    )


def _where(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.host}" + (f":{url.port}" if url.port else "")


def _waited_too_long(error: ApiError, seconds: float, policy: RetryPolicy) -> ApiError:
    """``error`` with a hint saying how long the server asked to wait (Retry-After)."""
    if seconds >= 7200:
        wait = f"{seconds / 3600:,.0f} hours"
    elif seconds >= 120:
        wait = f"{seconds / 60:,.0f} minutes"
    else:
        wait = f"{seconds:,.0f} s"
    error.hint = (
        f"The server asked to wait {wait} before trying again (Retry-After); asc-tui waits "
        f"at most {policy.max_retry_after:.0f} s by itself. Try again later."
    )
    return error


def _describe_transport_error(error: httpx.TransportError, url: httpx.URL | None) -> str:
    """What went wrong, e.g. "Could not connect to https://host."; with ``url`` None, the
    short form for a retry line ("could not connect")."""
    if url is None:
        if isinstance(error, httpx.ConnectTimeout | httpx.ConnectError):
            return "could not connect"
        if isinstance(error, httpx.TimeoutException):
            return "no answer in time"
        if isinstance(error, httpx.RemoteProtocolError):
            return "connection closed early"
        return f"request failed ({type(error).__name__})"
    where = _where(url)
    if isinstance(error, httpx.ConnectTimeout | httpx.ConnectError):
        return f"Could not connect to {where}."
    if isinstance(error, httpx.TimeoutException):
        return f"{where} did not answer in time."
    if isinstance(error, httpx.RemoteProtocolError):
        return f"The connection to {where} was closed before the response was complete."
    return f"The request to {where} failed ({type(error).__name__})."


class AscClient:
    """Async client for the App Store Connect API.

    ``auth`` signs each request (``JwtAuth``); ``transport`` lets tests use
    ``httpx.ASGITransport``/``MockTransport``. Use as an async context manager.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        auth: httpx.Auth | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = READ_TIMEOUT,
        on_retry: RetryListener | None = None,
    ) -> None:
        self.base_url = httpx.URL(check_url(base_url, what="The base URL").rstrip("/") + "/")
        self.retry = retry or RetryPolicy()
        self.rate_limit: RateLimit | None = None
        self.on_retry = on_retry
        """Told of every retry before its wait (see :class:`RetryEvent`)."""
        self.request_count = 0
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=auth,
            transport=transport or httpx.AsyncHTTPTransport(retries=1),
            timeout=httpx.Timeout(timeout, connect=10.0),
            headers={"User-Agent": f"asc-tui/{__version__}"},
            follow_redirects=False,
        )

    async def __aenter__(self) -> AscClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- transport -------------------------------------------------------------------

    def _url(self, path_or_url: str) -> str:
        return path_or_url if "://" in path_or_url else path_or_url.lstrip("/")

    async def request(
        self,
        method: str,
        path_or_url: str,
        *,
        params: Mapping[str, str] | None = None,
        accept: str = JSON,
        json_body: Any = None,
    ) -> httpx.Response:
        """Send one request with retries; return a 2xx response or raise an AscError.

        Each try is bounded by ``retry.deadline`` seconds in all (slow bodies included);
        each retry is announced to ``on_retry`` before its wait."""
        url = self._url(path_or_url)
        attempt, waited = 0, 0.0
        while True:
            attempt += 1
            self.request_count += 1
            try:
                async with asyncio.timeout(self.retry.deadline):
                    response = await self._http.request(
                        method, url, params=params, headers={"Accept": accept}, json=json_body
                    )
            except TimeoutError:
                where = _where(self._http.base_url.join(url))
                raise NetworkError(
                    f"{where} did not send its whole answer within {self.retry.deadline:g} s "
                    "(it is answering too slowly)."
                ) from None
            except httpx.InvalidURL as exc:
                raise UrlError(f"The URL {shown(url)} cannot be requested ({exc}).") from None
            except httpx.TransportError as exc:
                if self.retry.should_retry_error(method, exc, attempt):
                    reason = _describe_transport_error(exc, None)
                    delay = self.retry.backoff(attempt)
                    self._announce(
                        method, url, attempt, delay, reason, self.retry.most_attempts(exc)
                    )
                    await self.retry.wait(delay)
                    continue
                target = self._http.base_url.join(url)
                failed = NetworkError(_describe_transport_error(exc, target))
                failed.tries = attempt
                raise failed from None
            limit = RateLimit.from_header(response.headers.get("X-Rate-Limit"))
            if limit is not None:
                self.rate_limit = limit
            if response.is_success:
                return response
            if self.retry.should_retry_status(method, response.status_code, attempt):
                asked = self.retry.too_long_to_wait(response, already=waited)
                if asked is not None:
                    raise _waited_too_long(error_from_response(response), asked, self.retry)
                delay = self.retry.delay(attempt, response)
                waited += delay
                reason = f"HTTP {response.status_code}"
                told = response.headers.get("Retry-After") is not None
                self._announce(method, url, attempt, delay, reason, self.retry.attempts, told)
                await self.retry.wait(delay)
                continue
            error = error_from_response(response)
            error.tries = attempt
            raise error

    def _announce(
        self,
        method: str,
        url: str,
        attempt: int,
        delay: float,
        reason: str,
        attempts: int,
        retry_after: bool = False,
    ) -> None:
        if self.on_retry is None:
            return
        path = self._http.base_url.join(url).path
        event = RetryEvent(method, path, attempt + 1, attempts, delay, reason, retry_after)
        self.on_retry(event)

    async def get_json(
        self,
        path_or_url: str,
        params: Mapping[str, str] | None = None,
        *,
        accept: str = JSON,
        shape: type | None = None,
    ) -> Any:
        """The decoded document; with ``shape``, only what it names (``jsonio.loads``)."""
        response = await self.request("GET", path_or_url, params=params, accept=accept)
        return jsonio.loads(response.content, shape=shape)

    async def pages(
        self,
        path: str,
        params: Mapping[str, str] | None = None,
        *,
        resume_url: str | None = None,
        shape: type | None = None,
    ) -> AsyncIterator[Page]:
        """Every page of a collection, asking for the maximum page size; from
        ``resume_url`` (an IncompleteListError's) instead of the first page if given;
        each page decoded into ``shape`` if given (see ``get_json``)."""
        query = first_page_query(params)
        fetch = functools.partial(self.get_json, shape=shape) if shape else self.get_json
        pages = iterate_pages(fetch, path, query, origin=self.base_url, resume_url=resume_url)
        async for page in pages:
            yield page

    def paginate(
        self,
        path: str,
        params: Mapping[str, str],
        parse: Callable[[Page], list[T]],
        *,
        finish: Callable[[list[T]], list[T]] | None = None,
        forbidden_hint: str | None = None,
        shape: type | None = None,
    ) -> Listing[T]:
        """A collection as a :class:`Listing`: pages of ``parse(page)`` items, or all of
        them (``finish`` applied); a 403 gets ``forbidden_hint`` when given; ``shape``
        names what ``parse`` reads of a page (see ``get_json``)."""
        query = dict(params)

        def pages(resume_url: str | None) -> AsyncIterator[Page]:
            return self.pages(path, query, resume_url=resume_url, shape=shape)

        return Listing(pages, parse, finish=finish, forbidden_hint=forbidden_hint)

    # -- apps and builds -------------------------------------------------------------

    def listing(self, query: ListQuery[T]) -> Listing[T]:
        return self.paginate(query.path, query.params, query.parse, shape=query.shape)

    def apps(self) -> Listing[App]:
        """Every app, by name."""
        return self.listing(apps_query())

    async def get_app(self, app_id: str) -> App:
        doc = await self.get_json(f"/v1/apps/{app_id}")
        return App.from_resource(as_dict(as_dict(doc).get("data")))

    def builds(self, app_id: str) -> Listing[Build]:
        """An app's builds, newest first, with their marketing versions."""
        return self.listing(builds_query(app_id))

    async def find_builds(
        self, *, number: str | None = None, version: str | None = None, limit: int = 20
    ) -> list[tuple[str, Build]]:
        """Builds of any app by build number (``filter[version]``) and/or app version
        (``filter[preReleaseVersion.version]``), newest first, each with its app's id."""
        params = {
            "sort": "-uploadedDate",
            "include": "preReleaseVersion,app",
            "limit": str(min(limit, PAGE_LIMIT)),
        }
        if number:
            params["filter[version]"] = number
        if version:
            params["filter[preReleaseVersion.version]"] = version
        doc = as_dict(await self.get_json("/v1/builds", params))
        versions = pre_release_versions(as_dicts(doc.get("included")))
        found: list[tuple[str, Build]] = []
        for resource in as_dicts(doc.get("data")):
            app = as_dict(as_dict(as_dict(resource.get("relationships")).get("app")).get("data"))
            found.append((as_str(app.get("id")), Build.from_resource(resource, versions)))
        return found

    async def get_build(self, build_id: str) -> Build:
        doc = as_dict(
            await self.get_json(f"/v1/builds/{build_id}", {"include": "preReleaseVersion"})
        )
        versions = pre_release_versions(as_dicts(doc.get("included")))
        return Build.from_resource(as_dict(doc.get("data")), versions)

    # -- power and performance metrics -----------------------------------------------

    @staticmethod
    def _metric_params(
        metric_types: Iterable[str] | None, device_types: Iterable[str] | None
    ) -> dict[str, str]:
        return filters(metricType=metric_types, deviceType=device_types)

    async def build_metrics_json(
        self,
        build_id: str,
        *,
        metric_types: Iterable[str] | None = None,
        device_types: Iterable[str] | None = None,
    ) -> Any:
        params = self._metric_params(metric_types, device_types)
        path = f"/v1/builds/{build_id}/perfPowerMetrics"
        return await self.get_json(path, params, accept=f"{METRICS_JSON}, {JSON}")

    async def build_metrics(
        self,
        build_id: str,
        *,
        metric_types: Iterable[str] | None = None,
        device_types: Iterable[str] | None = None,
    ) -> MetricsReport:
        doc = await self.build_metrics_json(
            build_id, metric_types=metric_types, device_types=device_types
        )
        return MetricsReport.from_json(doc)

    async def app_metrics(
        self,
        app_id: str,
        *,
        metric_types: Iterable[str] | None = None,
        device_types: Iterable[str] | None = None,
    ) -> MetricsReport:
        params = self._metric_params(metric_types, device_types)
        path = f"/v1/apps/{app_id}/perfPowerMetrics"
        doc = await self.get_json(path, params, accept=f"{METRICS_JSON}, {JSON}")
        return MetricsReport.from_json(doc)

    # -- diagnostics -----------------------------------------------------------------

    def signatures(
        self, build_id: str, *, diagnostic_types: Iterable[str] | None = None
    ) -> Listing[DiagnosticSignature]:
        """A build's diagnostic signatures; all of them come heaviest first."""
        return self.paginate(
            f"/v1/builds/{build_id}/diagnosticSignatures",
            filters(diagnosticType=diagnostic_types),
            lambda page: [DiagnosticSignature.from_resource(r) for r in page.data],
            finish=lambda found: sorted(found, key=lambda s: s.weight, reverse=True),
        )

    async def signature_logs_json(self, signature_id: str) -> Any:
        """The logs document as received. Logs run to megabytes, so it is decoded in a
        thread, keeping the event loop (and a UI on it) responsive."""
        path = f"/v1/diagnosticSignatures/{signature_id}/logs"
        accept = f"{LOGS_JSON}, {METRICS_JSON}, {JSON}"
        params = {"limit": str(PAGE_LIMIT)}
        response = await self.request("GET", path, params=params, accept=accept)
        return await asyncio.to_thread(jsonio.loads, response.content)

    # -- TestFlight feedback -----------------------------------------------------------

    def crash_submissions(
        self, app_id: str, where: FeedbackFilter = NO_FILTER
    ) -> Listing[CrashSubmission]:
        """An app's TestFlight crash submissions (those ``where`` picks), newest first."""
        return self._feedback(app_id, CRASHES, CrashSubmission.from_resource, where)

    def screenshot_submissions(
        self, app_id: str, where: FeedbackFilter = NO_FILTER
    ) -> Listing[ScreenshotSubmission]:
        """An app's TestFlight screenshot feedback (that ``where`` picks), newest first."""
        return self._feedback(app_id, SCREENSHOTS, ScreenshotSubmission.from_resource, where)

    async def feedback_submission(
        self, kind: FeedbackKind, submission_id: str
    ) -> CrashSubmission | ScreenshotSubmission:
        """One crash or screenshot submission."""
        doc = as_dict(await self.get_json(f"/v1/{kind}/{submission_id}"))
        model = CrashSubmission if kind == CRASHES else ScreenshotSubmission
        return model.from_resource(as_dict(doc.get("data")))

    def _feedback(
        self,
        app_id: str,
        kind: str,
        model: Callable[[Mapping[str, Any], Mapping[str, str]], T],
        where: FeedbackFilter,
    ) -> Listing[T]:
        params = {**where.params(), "include": "build", "sort": "-createdDate"}

        def parse(page: Page) -> list[T]:
            builds = build_numbers(page.included)
            return [model(resource, builds) for resource in page.data]

        return self.paginate(f"/v1/apps/{app_id}/{kind}", params, parse)

    def app_versions(self, app_id: str) -> Listing[PreReleaseVersion]:
        """An app's versions (``preReleaseVersions``), as Apple lists them."""
        return self.paginate(
            f"/v1/apps/{app_id}/preReleaseVersions",
            {},
            lambda page: list(pre_release_versions(page.data).values()),
        )

    async def delete_feedback(self, kind: FeedbackKind, submission_id: str) -> None:
        """DELETE a ``betaFeedbackCrashSubmissions`` or ``betaFeedbackScreenshotSubmissions``
        resource (Apple answers 204)."""
        await self.request("DELETE", f"/v1/{kind}/{submission_id}")

    async def crash_log(self, submission_id: str) -> str:
        """The crash report of a crash submission, as text (``.crash`` or ``.ips``)."""
        return crash_log_text(
            await self.get_json(f"/v1/betaFeedbackCrashSubmissions/{submission_id}/crashLog")
        )
