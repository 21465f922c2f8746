"""Run the test identity provider: `python -m e2e.idp.serve DIR` creates its database under DIR, listens on
a free loopback port and prints "listening <port>" once it accepts connections (the fixture waits for that
line). It stops when its standard input closes (the test session ended).

To try single sign-on by hand (README, "Single sign-on"): `--port 9000 --client ID SECRET REDIRECT_URI
--person EMAIL PASSWORD` registers the portal as a client and creates a person (username: the address),
and it keeps running until Ctrl-C.
"""

import argparse
import os
import sys
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    from jwcrypto import jwk

    parser = argparse.ArgumentParser(prog="python -m e2e.idp.serve")
    parser.add_argument("directory")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--client", nargs=3, metavar=("CLIENT_ID", "CLIENT_SECRET", "REDIRECT_URI"))
    parser.add_argument("--person", nargs=2, metavar=("EMAIL", "PASSWORD"))
    options = parser.parse_args()
    directory = options.directory
    os.environ.setdefault("IDP_CONTROL_TOKEN", "")
    os.environ["DJANGO_SETTINGS_MODULE"] = "e2e.idp.settings"  # this process is only ever the provider
    os.environ["IDP_DATABASE"] = os.path.join(directory, "idp.sqlite3")
    os.environ["IDP_RSA_PRIVATE_KEY"] = (
        jwk.JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None).decode()
    )

    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0)
    if options.client or options.person:
        _seed(options.client, options.person)
    server = make_server(
        "127.0.0.1", options.port, get_wsgi_application(), server_class=_Server, handler_class=_QuietHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"listening {server.server_port}", flush=True)
    if options.client or options.person:
        print(f"issuer http://127.0.0.1:{server.server_port}/o (Ctrl-C stops)", flush=True)
        threading.Event().wait()
    sys.stdin.read()  # until the fixture closes the pipe or ends
    server.shutdown()


def _seed(client: list[str] | None, person: list[str] | None) -> None:
    """A client and a person for trying by hand."""
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    if client:
        client_id, secret, redirect_uri = client
        Application.objects.filter(client_id=client_id).delete()
        Application.objects.create(
            client_id=client_id,
            client_secret=secret,
            name=client_id,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=redirect_uri,
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
    if person:
        email, password = person
        user, _ = User.objects.update_or_create(username=email, defaults={"email": email})
        user.set_password(password)
        user.save()


if __name__ == "__main__":
    main()
