# The monitor as a container: hash-locked install, config mounted read-only, state and inbox as volumes.
FROM python:3.11-slim
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY monitor ./monitor
COPY config ./config
RUN pip install --no-cache-dir --no-deps --no-build-isolation -e . && useradd --create-home monitor && mkdir -p state inbox && chown monitor state inbox
USER monitor
ENTRYPOINT ["monitor"]
CMD ["run", "--config", "config/monitor.yaml", "--state", "state"]
