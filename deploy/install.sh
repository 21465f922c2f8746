#!/bin/sh
# Builds the portal's virtualenv: the container's build step (Dockerfile) and CI's check of it on the host.
#   deploy/install.sh VENV_DIR
# Installs exactly the pinned requirements.txt with pip (a wheel cache or PIP_FIND_LINKS is honoured, so a
# second build is quick); no compiler is needed, every dependency ships a wheel.
set -eu
VENV=${1:?usage: deploy/install.sh VENV_DIR}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}

"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "the portal needs Python 3.11")'
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: -r "$HERE/requirements.txt"
# the import of every installed distribution resolves: a broken pin fails the build, not the first request
"$VENV/bin/python" -m pip check
echo "deploy/install.sh: $VENV ready ($("$VENV/bin/python" -c 'import django; print("Django", django.get_version())'))"
