"""HTTP authentication for uploads: preemptive Basic, and Digest computed before the body is sent.

urllib's Digest handler answers a 401 by resending the request, which means sending a large body
twice; Virtuoso answers the first attempt with 401 before reading the body and closes the
connection, so the upload dies with a broken pipe. Instead we ask for the challenge with a
body-less request first and send the upload once, already authorised (RFC 7616, MD5, qop=auth).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import urllib.error
import urllib.parse
import urllib.request

_PARAM = re.compile(r'(\w+)=(?:"([^"]*)"|([^\s,]+))')


def basic_header(user: str, password: str) -> str:
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def parse_challenge(header: str) -> dict[str, str]:
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "digest":
        return {}
    return {key.lower(): quoted if quoted else bare for key, quoted, bare in _PARAM.findall(rest)}


def digest_header(
    challenge: dict[str, str], method: str, url: str, user: str, password: str
) -> str:
    def md5(text: str) -> str:
        return hashlib.md5(text.encode("utf-8")).hexdigest()  # noqa: S324 (the protocol's hash)

    parsed = urllib.parse.urlsplit(url)
    uri = parsed.path + (f"?{parsed.query}" if parsed.query else "")
    realm, nonce = challenge.get("realm", ""), challenge.get("nonce", "")
    ha1 = md5(f"{user}:{realm}:{password}")
    ha2 = md5(f"{method}:{uri}")
    fields = {"username": user, "realm": realm, "nonce": nonce, "uri": uri}
    if "auth" in [q.strip() for q in challenge.get("qop", "").split(",")]:
        cnonce, count = os.urandom(8).hex(), "00000001"
        fields["response"] = md5(f"{ha1}:{nonce}:{count}:{cnonce}:auth:{ha2}")
        fields.update(qop="auth", nc=count, cnonce=cnonce)
    else:
        fields["response"] = md5(f"{ha1}:{nonce}:{ha2}")
    if "opaque" in challenge:
        fields["opaque"] = challenge["opaque"]
    fields["algorithm"] = "MD5"
    unquoted = {"qop", "nc", "algorithm"}
    return "Digest " + ", ".join(
        f"{k}={v}" if k in unquoted else f'{k}="{v}"' for k, v in fields.items()
    )


def authorization(
    method: str, url: str, user: str, password: str, scheme: str, timeout: float
) -> str:
    """The Authorization header value for one request, asking the server for a challenge if
    needed."""
    if scheme == "basic":
        return basic_header(user, password)
    probe = urllib.request.Request(url, method="GET")
    try:
        with urllib.request.urlopen(probe, timeout=timeout) as response:
            response.read()
            return ""  # no authentication asked for
    except urllib.error.HTTPError as error:
        if error.code != 401:
            return ""  # let the real request report the problem
        challenge = parse_challenge(error.headers.get("WWW-Authenticate", ""))
        error.read()
    except (urllib.error.URLError, OSError):
        return ""  # unreachable: the real request will say so
    if not challenge:
        return basic_header(user, password)
    return digest_header(challenge, method, url, user, password)


def credentials_refused(url: str, user: str, password: str, scheme: str, timeout: float) -> bool:
    """True when the server answers a body-less, authorised GET of ``url`` with 401.

    Used after an upload died: a server that rejects the credentials often closes the
    connection before reading the body, which looks like a broken pipe rather than a 401.
    """
    header = authorization("GET", url, user, password, scheme, timeout)
    request = urllib.request.Request(
        url, method="GET", headers={"Authorization": header} if header else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        return error.code == 401
    except (urllib.error.URLError, OSError):
        return False
    return False
