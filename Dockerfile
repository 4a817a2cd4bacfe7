# annotator as a container: gunicorn serving the app, the SQLite database in the /data volume
# (or PostgreSQL: see compose.yaml). Settings come from ANNOTATOR_* variables (README,
# "Configuration"); ANNOTATOR_SECRET_KEY has no default and must be given.
#
#   docker build -t annotator .
#   openssl rand -hex 32 > annotator.key && chmod 600 annotator.key   # once; keep it: a new key ends every login
#   docker run -p 8000:8000 -e ANNOTATOR_SECRET_KEY="$(cat annotator.key)" -v annotator-data:/data annotator
#   docker run --rm -it -v annotator-data:/data annotator annotator users create admin --role admin
# PYTHON_IMAGE: any image with Python 3.11+, pip and useradd (README, "In a container", and .ci/check-image: how the image is checked).
ARG PYTHON_IMAGE=python:3.11-slim
# EXTRAS: the optional packages installed with the app (pyproject.toml's extras, comma-separated).
# A container cannot add one later that lasts: `--build-arg EXTRAS=postgres,spacy,hf` gives the
# spaCy and Hugging Face exports (about 300 MB more), which answer 422 without them.
ARG EXTRAS=postgres
FROM ${PYTHON_IMAGE} AS build
ARG EXTRAS
WORKDIR /src
COPY . .
# The wheel carries the migrations, the seeds and the settings; the checkout is not needed.
RUN pip wheel --no-cache-dir --wheel-dir /wheels ".[${EXTRAS}]"

FROM ${PYTHON_IMAGE}
ARG EXTRAS
RUN useradd --create-home --uid 10001 annotator \
    && mkdir /data && chown annotator /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels "annotator[${EXTRAS}]" \
    && rm -rf /wheels
COPY docker/entrypoint.sh /usr/local/bin/annotator-entrypoint
USER annotator
WORKDIR /home/annotator
ENV ANNOTATOR_DATABASE_URL=sqlite:////data/annotator.sqlite \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    WEB_CONCURRENCY=2
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4).status != 200)"
ENTRYPOINT ["annotator-entrypoint"]
# --preload: the workers share the app's pages in memory (docs/benchmarks.md, "Small and quick").
# --access-logfile -: a line per request on stdout (gunicorn logs none by default), beside the
# app's warnings and errors on stderr; `docker logs` shows both.
CMD ["gunicorn", "--preload", "--access-logfile", "-", "--bind", "0.0.0.0:8000", "--worker-class", "sync", "annotator.wsgi:app"]
