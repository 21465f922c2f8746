"""Run the test identity provider: `python -m e2e.idp.serve DIR` creates its database under DIR, listens on
a free loopback port and prints "listening <port>" once it accepts connections (the fixture waits for that
line). It stops when its standard input closes (the test session ended)."""

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

    directory = sys.argv[1]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "e2e.idp.settings")
    os.environ["IDP_DATABASE"] = os.path.join(directory, "idp.sqlite3")
    os.environ["IDP_RSA_PRIVATE_KEY"] = (
        jwk.JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None).decode()
    )

    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0)
    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=_Server, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"listening {server.server_port}", flush=True)
    sys.stdin.read()  # until the fixture closes the pipe or ends
    server.shutdown()


if __name__ == "__main__":
    main()
