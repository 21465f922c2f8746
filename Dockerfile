# The portal's image: build with `docker build -t lcoo-portal .`, run with compose.yaml.
# Two stages: the first builds the virtualenv with deploy/install.sh (the same script CI runs on the host),
# the second copies it into a slim image with no compiler, running as an unprivileged user.

FROM python:3.11-slim-bookworm AS build
COPY requirements.txt /src/requirements.txt
COPY deploy/install.sh /src/deploy/install.sh
RUN /src/deploy/install.sh /opt/venv

FROM python:3.11-slim-bookworm
# pg_dump and pg_restore for `manage.py backup_database` / `restore_database`; nothing else from apt
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 10001 --user-group portal
COPY --from=build /opt/venv /opt/venv
COPY --chown=portal:portal . /app
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH VENV=/opt/venv PYTHONUNBUFFERED=1 PORTAL_BIND=0.0.0.0:8000
# Static files are collected into the image (whitenoise serves them, hashed and compressed); the values
# here exist for this one command and are not kept in the image.
RUN DEBUG=false SECRET_KEY=collectstatic-only REDIS_URL= DATABASE_URL=sqlite:////tmp/unused.sqlite3 \
    python manage.py collectstatic --noinput -v0 \
    && mkdir -p var/backups var/metrics && chown -R portal:portal var
USER portal
EXPOSE 8000
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
# web runs gunicorn; compose.yaml starts `worker` and `beat` from the same image
CMD ["web"]
