# Neuvo — multi-stage: dependencies are built first, the code comes last.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
# Install the pinned dependencies alone (cached while pyproject.toml is unchanged).
RUN python -m venv /venv && /venv/bin/pip install --upgrade pip && \
    /venv/bin/python -c "import tomllib; d = tomllib.load(open('pyproject.toml','rb')); print('\n'.join(d['project']['dependencies']))" > /tmp/requirements.txt && \
    /venv/bin/pip install -r /tmp/requirements.txt
COPY . .
RUN /venv/bin/pip install --no-deps .

FROM python:3.11-slim AS runtime
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PATH="/venv/bin:$PATH" \
    NEUVO_DATABASE_URL="sqlite+aiosqlite:////data/neuvo.db"
# Pango and a font for PDF digests (WeasyPrint).
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core && \
    rm -rf /var/lib/apt/lists/* && \
    useradd --system --create-home --uid 10001 neuvo && mkdir /data && chown neuvo /data
COPY --from=build /venv /venv
WORKDIR /app
COPY --chown=neuvo locales ./locales
COPY --chown=neuvo bot ./bot
COPY --chown=neuvo config ./config
COPY --chown=neuvo storage ./storage
COPY --chown=neuvo themes ./themes
COPY --chown=neuvo scheduler ./scheduler
COPY --chown=neuvo digest ./digest
COPY --chown=neuvo safeguarding ./safeguarding
COPY --chown=neuvo sandbox ./sandbox
COPY --chown=neuvo demo ./demo
USER neuvo
VOLUME ["/data"]
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
