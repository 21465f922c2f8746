#!/bin/sh
# The container's entrypoint (and CI's on the host): waits for the database, migrates, starts one role.
#   deploy/entrypoint.sh web|worker|beat|manage ARGS…
# web     migrates, then runs gunicorn (deploy/gunicorn.conf.py: PORTAL_BIND, WEB_CONCURRENCY)
# worker  waits until web has migrated, then runs one Celery worker
# beat    waits until web has migrated, then runs Celery beat (one sends; a second waits: lcoo_portal/beat.py)
# manage  runs `python manage.py ARGS…` (create_operator, backup_database, …) once the database answers
# Settings come from the environment (README, "Configuration"). VENV (default /opt/venv, the image's)
# names the virtualenv deploy/install.sh built; WAIT_SECONDS (default 60) bounds each wait.
set -eu
cd "$(dirname "$0")/.."
VENV=${VENV:-/opt/venv}
PY="$VENV/bin/python"
WAIT_SECONDS=${WAIT_SECONDS:-60}
export DJANGO_SETTINGS_MODULE=lcoo_portal.settings
ROLE=${1:-web}
[ $# -gt 0 ] && shift

say() { echo "entrypoint [$ROLE]: $*" >&2; }

wait_for() {  # wait_for DESCRIPTION COMMAND…: retries COMMAND each second until it succeeds or time runs out
    what=$1; shift
    waited=0
    until "$@" >/dev/null 2>&1; do
        waited=$((waited + 1))
        if [ "$waited" -ge "$WAIT_SECONDS" ]; then
            say "gave up after ${WAIT_SECONDS}s waiting for $what"
            "$@" || true  # once more, showing why
            exit 1
        fi
        sleep 1
    done
    say "$what: ready"
}

database_answers() {
    "$PY" -c 'import django; django.setup(); from django.db import connection; connection.ensure_connection()'
}

wait_for "the database" database_answers

case "$ROLE" in
    web)
        "$PY" manage.py migrate --noinput
        exec "$VENV/bin/gunicorn" lcoo_portal.wsgi --config deploy/gunicorn.conf.py "$@"
        ;;
    worker)
        wait_for "the migrations (run by web)" "$PY" manage.py migrate --check
        exec "$VENV/bin/celery" -A lcoo_portal worker --loglevel="${LOG_LEVEL:-INFO}" "$@"
        ;;
    beat)
        wait_for "the migrations (run by web)" "$PY" manage.py migrate --check
        exec "$VENV/bin/celery" -A lcoo_portal beat --loglevel="${LOG_LEVEL:-INFO}" --pidfile= "$@"
        ;;
    manage)
        exec "$PY" manage.py "$@"
        ;;
    *)
        say "unknown role '$ROLE': one of web, worker, beat, manage"
        exit 2
        ;;
esac
