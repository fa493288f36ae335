# Multi-stage build of dvc-assistant: the server and the widget/console bundles, then a small
# runtime image. Build: docker build -t dvc-assistant .   Run (SQLite in a volume):
#   docker run -p 8080:8080 -v dvc-data:/var/lib/dvc-assistant dvc-assistant
# With PostgreSQL: add -e DATABASE_URL=postgres://user:pass@db/dvc (several containers may share it).
FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm gzip && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# installs the wasm target, trunk, wasm-bindgen-cli and wasm-opt (from crates.io/npm), builds both bundles
RUN cargo xtask widget && cargo build --release -p dvc-backend --bin dvc-assistant

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/dvc-assistant dvc && mkdir -p /var/lib/dvc-assistant && chown dvc /var/lib/dvc-assistant
COPY --from=build /src/target/release/dvc-assistant /usr/local/bin/dvc-assistant
COPY --from=build /src/dist /usr/local/share/dvc-assistant/dist
COPY --from=build /src/data /usr/local/share/dvc-assistant/data
USER dvc
ENV DVC_ADDR=0.0.0.0:8080 \
    DVC_DATA_DIR=/var/lib/dvc-assistant \
    DVC_CONTENT=/usr/local/share/dvc-assistant/data \
    DVC_WIDGET_DIR=/usr/local/share/dvc-assistant/dist \
    DVC_LOG_FORMAT=json
VOLUME /var/lib/dvc-assistant
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD ["dvc-assistant", "probe", "http://127.0.0.1:8080/readyz"]
ENTRYPOINT ["dvc-assistant", "serve"]
