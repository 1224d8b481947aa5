"""The address guard for URLs others chose (webhooks, fetches): no loopback, link-local or
private targets unless allowed, checked after resolving and again after each redirect, and
the request goes to the address that was checked."""
from __future__ import annotations

import httpx
import pytest

from projectradar.errors import BlockedAddressError, FetchError
from projectradar.netguard import ALLOW_ENV, check_url, guarded_request

# documentation-free public addresses the fake resolver hands out (no packet leaves: the
# client below answers from a MockTransport)
PUBLIC = "93.184.216.34"
NAMES = {"news.example": [PUBLIC], "intranet.example": ["10.2.3.4"], "meta.example": ["169.254.169.254"],
         "split.example": [PUBLIC, "127.0.0.1"]}


def resolve(host: str, port: int) -> list[str]:
    return NAMES[host]


@pytest.mark.parametrize("url, problem", [
    ("http://127.0.0.1:8000/hook", "loopback"),
    ("http://[::1]/hook", "loopback"),
    ("http://169.254.169.254/latest/meta-data", "link-local"),
    ("http://10.0.0.7/", "private"),
    ("http://192.168.1.20/", "private"),
    ("http://172.16.5.5/", "private"),
    ("http://[::ffff:10.0.0.1]/", "private"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://100.64.0.1/", "not a public address"),
    ("http://intranet.example/", "private"),
    ("http://meta.example/", "link-local"),
    ("http://split.example/", "loopback"),          # every address a name resolves to is checked
])
def test_non_public_targets_are_refused_with_the_reason(monkeypatch, url, problem):
    monkeypatch.delenv(ALLOW_ENV, raising=False)
    with pytest.raises(BlockedAddressError, match=problem) as caught:
        check_url(url, resolve=resolve)
    assert ALLOW_ENV in str(caught.value) and caught.value.where == url


def test_public_targets_pass_and_the_operator_can_allow_private_ones(monkeypatch):
    monkeypatch.delenv(ALLOW_ENV, raising=False)
    assert check_url("https://news.example/feed", resolve=resolve)[1] == PUBLIC
    assert check_url("http://127.0.0.1:9/x", allow_private=True)[1] == "127.0.0.1"
    monkeypatch.setenv(ALLOW_ENV, "1")
    assert check_url("http://10.2.3.4/")[1] == "10.2.3.4"
    with pytest.raises(BlockedAddressError):
        check_url("http://10.2.3.4/", allow_private=False)      # an explicit no wins over the environment


@pytest.mark.parametrize("url", ["ftp://news.example/x", "file:///etc/passwd", "http:///nohost", "http://a:99999/"])
def test_malformed_urls_are_fetch_errors(url):
    with pytest.raises(FetchError) as caught:
        check_url(url, resolve=resolve, allow_private=False)
    assert not isinstance(caught.value, BlockedAddressError)


def _client(routes):
    """An httpx client answering from ``routes``: (host the request went to, path) -> response."""
    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return routes[(request.url.host, request.url.path)]
    return httpx.Client(transport=httpx.MockTransport(answer)), seen


def test_the_request_goes_to_the_checked_address_with_the_name_in_host():
    client, seen = _client({(PUBLIC, "/hook"): httpx.Response(204)})
    response = guarded_request(client, "POST", "http://news.example:8080/hook?x=1", content=b"{}",
                               allow_private=False, resolve=resolve)
    assert response.status_code == 204
    assert seen[0].url.host == PUBLIC and seen[0].url.port == 8080 and seen[0].url.query == b"x=1"
    assert seen[0].headers["host"] == "news.example:8080"
    assert response.extensions["guarded_url"] == "http://news.example:8080/hook?x=1"


def test_a_redirect_into_a_private_address_is_refused():
    client, seen = _client({
        (PUBLIC, "/start"): httpx.Response(302, headers={"location": "http://meta.example/latest/meta-data"}),
    })
    with pytest.raises(BlockedAddressError, match="link-local"):
        guarded_request(client, "GET", "http://news.example/start", allow_private=False, resolve=resolve)
    assert [r.url.path for r in seen] == ["/start"]          # the private hop was never requested


def test_public_redirects_are_followed_and_post_becomes_get_on_303():
    client, seen = _client({
        (PUBLIC, "/a"): httpx.Response(303, headers={"location": "/b"}),
        (PUBLIC, "/b"): httpx.Response(200, text="ok"),
    })
    response = guarded_request(client, "POST", "http://news.example/a", content=b"x", allow_private=False,
                               resolve=resolve)
    assert response.text == "ok" and [r.method for r in seen] == ["POST", "GET"]
    loop, _ = _client({(PUBLIC, "/loop"): httpx.Response(302, headers={"location": "/loop"})})
    with pytest.raises(FetchError, match="redirects"):
        guarded_request(loop, "GET", "http://news.example/loop", allow_private=False, resolve=resolve, max_redirects=3)
    not_followed, _ = _client({(PUBLIC, "/a"): httpx.Response(307, headers={"location": "/b"})})
    assert guarded_request(not_followed, "GET", "http://news.example/a", allow_private=False, resolve=resolve,
                           follow_redirects=False).status_code == 307
