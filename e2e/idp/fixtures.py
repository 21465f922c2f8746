"""The `identity_provider` fixture: the test OpenID Connect provider (e2e/idp), started once per test session
in its own process on a free loopback port, and what tests do with it."""

import re
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class IdentityProvider:
    url: str
    control_token: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def _control(self, what: str, data: dict) -> dict:
        response = requests.post(
            f"{self.url}/control/{what}", json=data, headers={"X-Control-Token": self.control_token}, timeout=10
        )
        response.raise_for_status()
        return response.json()

    def person(
        self,
        email: str,
        *,
        email_verified: bool = True,
        amr: list[str] | None = None,
        id_token_seconds: int = 300,
        tamper: bool = False,
        password: str = "idp-password",
    ) -> str:
        """Create or update the provider's person for this address; returns their username there."""
        username = re.sub(r"[^a-z0-9]", "-", email.lower())
        self._control(
            "person",
            {
                "username": username,
                "email": email,
                "password": password,
                "email_verified": email_verified,
                "amr": amr or [],
                "id_token_seconds": id_token_seconds,
                "tamper": tamper,
            },
        )
        return username

    def client(self, client_id: str, client_secret: str, redirect_uris: list[str]) -> None:
        """Register (or update) a client of the provider."""
        self._control(
            "client", {"client_id": client_id, "client_secret": client_secret, "redirect_uris": redirect_uris}
        )

    def session_for(self, username: str, password: str = "idp-password") -> requests.Session:
        """A browser-like session signed in at the provider."""
        session = requests.Session()
        session.get(f"{self.url}/login/", timeout=10).raise_for_status()
        response = session.post(
            f"{self.url}/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": session.cookies["idp_csrftoken"],
                "next": "/o/userinfo/",
            },
            headers={"Referer": f"{self.url}/login/"},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, "the provider refused the test person's password"
        return session

    def authorize(self, session: requests.Session, authorize_url: str) -> str:
        """Follow the portal's redirect to the provider as the signed-in person: the URL it sends them back to."""
        response = session.get(authorize_url, allow_redirects=False, timeout=10)
        assert response.status_code == 302, f"the provider answered {response.status_code}: {response.text[:300]}"
        return response.headers["Location"]


@pytest.fixture(scope="session")
def identity_provider() -> Iterator[IdentityProvider]:
    token = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(prefix="lcoo-idp-") as directory, open(Path(directory) / "stderr.log", "w") as log:
        env = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "e2e.idp.settings",
            "IDP_CONTROL_TOKEN": token,
            "PYTHONPATH": str(ROOT),
        }
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "e2e.idp.serve", directory],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        try:
            line = process.stdout.readline()
            if not line.startswith("listening "):
                process.wait(timeout=10)
                log = (Path(directory) / "stderr.log").read_text()[-3000:]
                pytest.fail(f"The test identity provider did not start: {line!r}\n{log}")
            yield IdentityProvider(url=f"http://127.0.0.1:{int(line.split()[1])}", control_token=token)
        finally:
            process.stdin.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
