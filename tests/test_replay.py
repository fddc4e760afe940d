"""The replay server must be indistinguishable, for a spider, from the live sites it stands for."""

from __future__ import annotations

import hashlib
import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pipelines.config import corpus_dir
from replay import (
    Canned,
    ManifestError,
    ReplayServer,
    content_type_for,
    load_manifest,
    recordings_by_key,
    url_key,
)
from replay.__main__ import main as replay_main

CORPUS = corpus_dir()
RECORDINGS = recordings_by_key(load_manifest(CORPUS))

SPEECH_URL = (
    "https://www.gov.uk/api/content/government/speeches/"
    "lord-mcnally-s-speaking-note-for-westminster-legal-policy-forum-event"
)
SEARCH_URL = (
    "https://www.gov.uk/api/search.json?q=mutuals&filter_content_store_document_type=press_release"
)
SEARCH_FILE = "reconstructed/govuk/search-api/search-mutuals-press_release.json"
TWFY_XML_URL = "https://www.theyworkforyou.com/pwdata/scrapedxml/debates/debates2009-10-27a.xml"
UNAVAILABLE = "https://www.gov.uk/api/content/unavailable"
SLOW = "https://www.gov.uk/api/content/slow"
RESET = "https://www.gov.uk/api/content/reset"
TRUNCATED = "https://www.gov.uk/api/content/truncated"


@pytest.fixture(scope="module")
def server() -> Iterator[ReplayServer]:
    overrides = {
        UNAVAILABLE: Canned(status=503, body=b"down", headers={"Retry-After": "120"}),
        SLOW: Canned(body=b"{}", delay=2.0),
        RESET: Canned(reset=True),
        TRUNCATED: Canned(body=b'{"results": [', headers={"Content-Length": "400"}),
    }
    replay = ReplayServer(CORPUS, overrides=overrides)
    with replay:
        yield replay


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as http:
        yield http


def _bytes(relative: str) -> bytes:
    return (CORPUS / relative).read_bytes()


@pytest.mark.parametrize("key", sorted(RECORDINGS))
def test_every_recorded_url_serves_its_file(
    server: ReplayServer, client: httpx.Client, key: str
) -> None:
    recording = RECORDINGS[key]
    response = client.get(server.url_for(recording.url))
    assert response.status_code == 200, recording.url
    assert response.content == recording.file.read_bytes()
    assert response.headers["content-length"] == str(recording.file.stat().st_size)


def test_request_path_and_live_url_share_a_key() -> None:
    reordered = (
        "/www.gov.uk/api/search.json?filter_content_store_document_type=press_release&q=mutuals"
    )
    assert url_key(SEARCH_URL) == url_key(reordered)
    assert url_key(SEARCH_URL) == (
        "/www.gov.uk/api/search.json?filter_content_store_document_type=press_release&q=mutuals"
    )
    assert url_key("HTTP://WWW.GOV.UK/Api?b=2&a=1#top") == "/www.gov.uk/Api?a=1&b=2"


def test_query_order_does_not_matter(server: ReplayServer, client: httpx.Client) -> None:
    path = "/www.gov.uk/api/search.json?filter_content_store_document_type=press_release&q=mutuals"
    response = client.get(server.origin + path)
    assert response.status_code == 200
    assert response.content == _bytes(SEARCH_FILE)


@pytest.mark.parametrize(
    "path",
    [
        "/www.gov.uk/api/search.json?q=mutuals",  # a query the manifest never recorded
        "/www.gov.uk/api/content/government/news/no-such-article",
        "/www.gov.uk/robots.txt",
        "/robots.txt",
        "/",
    ],
)
def test_unrecorded_paths_get_404(server: ReplayServer, client: httpx.Client, path: str) -> None:
    response = client.get(server.origin + path)
    assert response.status_code == 404
    assert response.text == f"not recorded: {path}\n"


def test_duplicate_speech_serves_the_most_recently_updated(
    server: ReplayServer, client: httpx.Client
) -> None:
    chosen = RECORDINGS[url_key(SPEECH_URL)]
    assert chosen.file.name == "speech-with-updates.json"
    served = json.loads(client.get(server.url_for(SPEECH_URL)).content)
    assert served["public_updated_at"].startswith("2012-06-13")
    older = json.loads(_bytes("govuk/content-api/speech/best-practice-speaking-notes.json"))
    assert older["public_updated_at"].startswith("2012-05-22")


def test_duplicate_without_dates_serves_the_last_listed() -> None:
    url = "https://www.publications.parliament.uk/pa/cm201011/cmhansrd/cm110719/debtext/110719-0001.htm"
    listed = [rec for rec in load_manifest(CORPUS) if rec.url == url]
    assert len(listed) == 2
    assert RECORDINGS[url_key(url)] == listed[-1]


@pytest.mark.parametrize(
    ("live_url", "content_type"),
    [
        (SEARCH_URL, "application/json; charset=utf-8"),
        (
            "https://www.theyworkforyou.com/api/getMPs?key=KEY&version=1.0.0",
            "text/javascript; charset=iso-8859-1",
        ),
        (
            "https://hansard.parliament.uk/Commons/2022-06-22/debates/"
            "1825FDB2-5C11-4579-B1DA-94B80654D983/OralAnswersToQuestions",
            "text/html",
        ),
        (TWFY_XML_URL, "application/xml"),
    ],
)
def test_content_types(
    server: ReplayServer, client: httpx.Client, live_url: str, content_type: str
) -> None:
    assert content_type_for(RECORDINGS[url_key(live_url)]) == content_type
    assert client.get(server.url_for(live_url)).headers["content-type"] == content_type


def test_head_sends_headers_without_body(server: ReplayServer, client: httpx.Client) -> None:
    response = client.head(server.url_for(TWFY_XML_URL))
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(
        len(RECORDINGS[url_key(TWFY_XML_URL)].file.read_bytes())
    )


def test_conditional_get_answers_304(server: ReplayServer, client: httpx.Client) -> None:
    first = client.get(server.url_for(SEARCH_URL))
    etag = first.headers["etag"]
    assert etag == '"' + hashlib.sha256(_bytes(SEARCH_FILE)).hexdigest() + '"'
    again = client.get(server.url_for(SEARCH_URL), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    stale = client.get(server.url_for(SEARCH_URL), headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200


def test_if_modified_since(server: ReplayServer, client: httpx.Client) -> None:
    last_modified = client.get(server.url_for(SEARCH_URL)).headers["last-modified"]
    same = client.get(server.url_for(SEARCH_URL), headers={"If-Modified-Since": last_modified})
    assert same.status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert (
        client.get(server.url_for(SEARCH_URL), headers={"If-Modified-Since": old}).status_code
        == 200
    )


def test_other_methods_get_405(server: ReplayServer, client: httpx.Client) -> None:
    for method in ("POST", "DELETE", "PROPFIND"):
        response = client.request(method, server.url_for(SEARCH_URL))
        assert response.status_code == 405, method
        assert response.headers["allow"] == "GET, HEAD"


def test_override_503_with_retry_after(server: ReplayServer, client: httpx.Client) -> None:
    response = client.get(server.url_for(UNAVAILABLE))
    assert response.status_code == 503
    assert response.headers["retry-after"] == "120"
    assert response.content == b"down"


def test_override_takes_precedence_over_recording() -> None:
    with ReplayServer(CORPUS, overrides={SEARCH_URL: Canned(status=429)}) as replay:
        reordered = (
            "/www.gov.uk/api/search.json?filter_content_store_document_type=press_release&q=mutuals"
        )
        assert httpx.get(replay.origin + reordered).status_code == 429
        assert replay.requests == [("GET", reordered, 429)]


def test_override_delay_trips_client_timeout(server: ReplayServer) -> None:
    with pytest.raises(httpx.TimeoutException):
        httpx.get(server.url_for(SLOW), timeout=0.3)


def test_override_reset_is_a_connection_error(server: ReplayServer) -> None:
    with pytest.raises(httpx.TransportError) as caught:
        httpx.get(server.url_for(RESET))
    assert not isinstance(caught.value, httpx.TimeoutException)
    assert ("GET", "/www.gov.uk/api/content/reset", 0) in server.requests


def test_override_truncated_body_is_detected(server: ReplayServer) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(server.url_for(TRUNCATED))


def test_requests_are_recorded(server: ReplayServer, client: httpx.Client) -> None:
    before = len(server.requests)
    client.get(server.url_for(TWFY_XML_URL))
    client.get(server.origin + "/nowhere")
    slow_path = "/www.gov.uk/api/content/slow"  # a timed-out Canned delay may finish meanwhile
    assert [req for req in server.requests[before:] if req[1] != slow_path] == [
        ("GET", "/www.theyworkforyou.com/pwdata/scrapedxml/debates/debates2009-10-27a.xml", 200),
        ("GET", "/nowhere", 404),
    ]


def test_base_url_and_url_for(server: ReplayServer) -> None:
    assert server.base_url("https://www.gov.uk") == f"{server.origin}/www.gov.uk"
    assert server.base_url("https://www.gov.uk/") == f"{server.origin}/www.gov.uk"
    assert (
        server.base_url("https://www.theyworkforyou.com/pwdata/")
        == f"{server.origin}/www.theyworkforyou.com/pwdata"
    )
    assert server.url_for(SEARCH_URL + "#frag") == (
        f"{server.origin}/www.gov.uk/api/search.json"
        "?q=mutuals&filter_content_store_document_type=press_release"
    )


def test_binds_only_to_loopback(server: ReplayServer) -> None:
    assert server.origin == f"http://127.0.0.1:{server.port}"
    assert server._httpd is not None
    assert server._httpd.server_address[0] == "127.0.0.1"
    other = _non_loopback_address()
    if other is None:
        pytest.skip("no non-loopback IPv4 address to probe")
    with pytest.raises(OSError), socket.create_connection((other, server.port), timeout=1):
        pass


def _non_loopback_address() -> str | None:
    """This host's outward IPv4 address, found without sending anything (UDP connect)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_missing_manifest_raises(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match=r"MANIFEST\.tsv"):
        ReplayServer(tmp_path)


def test_manifest_naming_missing_file_raises(tmp_path: Path) -> None:
    header = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[0]
    row = "govuk/gone.json\tgovuk-content-json\tx\tx\tx\thttps://www.gov.uk/api/gone\tOGL\tnote"
    (tmp_path / "MANIFEST.tsv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"govuk/gone\.json"):
        ReplayServer(tmp_path)


def test_copied_corpus_serves_from_its_own_folder(tmp_path: Path) -> None:
    header = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "a.tsv").write_bytes(b"x\ty\n")
    row = "a.tsv\tsample-tsv\tx\tx\tx\thttps://example.org/a?z=1&y=2\tCC0\tnote"
    (tmp_path / "MANIFEST.tsv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    with ReplayServer(tmp_path) as replay:
        response = httpx.get(replay.origin + "/EXAMPLE.org/a?y=2&z=1")
    assert response.content == b"x\ty\n"
    assert response.headers["content-type"] == "text/tab-separated-values; charset=utf-8"


def test_verbose_logs_one_debug_line_per_request(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="replay.server")
    with ReplayServer(CORPUS, verbose=True) as replay:
        httpx.get(replay.origin + "/nowhere")
    lines = [rec.getMessage() for rec in caplog.records if rec.name == "replay.server"]
    assert len(lines) == 1
    assert '"GET /nowhere HTTP/1.1" 404' in lines[0]


def test_cli_rejects_a_bad_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert replay_main(["--corpus", str(tmp_path), "--port", "0"]) == 2
    assert "MANIFEST.tsv" in capsys.readouterr().err


def test_a_canned_fault_can_recover_after_some_requests(corpus) -> None:
    url = "https://www.gov.uk/api/search.json?q=mutuals&filter_content_store_document_type=press_release"
    with ReplayServer(corpus, overrides={url: Canned(503, times=2)}) as server:
        statuses = [httpx.get(server.url_for(url)).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
