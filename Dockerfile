# Backbone as a container image: a static binary on an empty base, run as a
# non-root user. It needs an external PostgreSQL (DATABASE_URL): the image
# has no PostgreSQL server for the embedded one.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) \
#                --build-arg COMMIT=$(git rev-parse --short=12 HEAD) -t backbone .
#   docker run --env-file .env -p 127.0.0.1:8080:8080 backbone
#
# The build stage is the only one with a toolchain; the image holds the
# binary and the CA certificates it needs to reach Slack over HTTPS.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG COMMIT=unknown
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}" \
      -o /out/backbone ./cmd/backbone \
 && mkdir -p /out/state

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/backbone /usr/local/bin/backbone
# DATA_DIR is the only place backbone may write; it writes nothing there
# with an external database.
COPY --from=build --chown=65532:65532 /out/state /var/lib/backbone
USER 65532:65532
WORKDIR /var/lib/backbone
ENV DATA_DIR=/var/lib/backbone \
    HTTP_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/backbone"]
CMD ["serve"]
