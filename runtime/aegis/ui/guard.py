"""Who may talk to the viewer: the person who launched it, from its own page.

The server listens on 127.0.0.1 only, but any local process and any web page
the user visits can reach a loopback port, so every request is checked:

- **Host** must be ``127.0.0.1:PORT`` or ``localhost:PORT`` — a DNS-rebinding
  page reaches us under its own host name and is refused.
- **The launch secret** (random per launch) must come with the request: in the
  URL the CLI prints (``/?key=…``, traded at once for an HttpOnly SameSite=Strict
  cookie and a redirect that drops it from the address bar), or in that cookie.
- **Changes** (every POST) also need an ``Origin`` that is this server, a JSON
  body, and the ``X-Aegis-CSRF`` header carrying the per-launch CSRF token the
  page embeds. A cross-site form can send none of these without a CORS preflight,
  which this server never grants.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

COOKIE = "aegis_ui"
CSRF_HEADER = "X-Aegis-CSRF"


class Guard:
    def __init__(self, port: int, secret: str | None = None):
        self.port = port
        self.secret = secret or secrets.token_urlsafe(32)
        self.csrf_token = hmac.new(self.secret.encode(), b"csrf", hashlib.sha256).hexdigest()

    @property
    def hosts(self) -> tuple[str, ...]:
        return (f"127.0.0.1:{self.port}", f"localhost:{self.port}")

    @property
    def origins(self) -> tuple[str, ...]:
        return tuple(f"http://{host}" for host in self.hosts)

    def host_ok(self, host: str | None) -> bool:
        return (host or "").strip().lower() in self.hosts

    def key_ok(self, key: str | None) -> bool:
        return bool(key) and hmac.compare_digest(key.encode(), self.secret.encode())

    def cookie_ok(self, cookie_header: str | None) -> bool:
        from http.cookies import CookieError, SimpleCookie
        try:
            jar = SimpleCookie(cookie_header or "")
        except CookieError:
            return False
        morsel = jar.get(COOKIE)
        return morsel is not None and self.key_ok(morsel.value)

    def change_ok(self, origin: str | None, content_type: str | None, csrf: str | None) -> str:
        """Why a change request is refused ("" when it may go ahead)."""
        if (origin or "") not in self.origins:
            return "cross-origin request refused"
        if not (content_type or "").split(";")[0].strip().lower() == "application/json":
            return "changes must be sent as application/json"
        if not csrf or not hmac.compare_digest(csrf.encode(), self.csrf_token.encode()):
            return "missing or wrong CSRF token"
        return ""

    def set_cookie(self) -> str:
        return f"{COOKIE}={self.secret}; HttpOnly; SameSite=Strict; Path=/"

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}?key={self.secret}"
