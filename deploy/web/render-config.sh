#!/bin/sh
# Renders the web container's nginx configuration from templates/ into VT_OUTPUT_DIR. The image runs it from
# /docker-entrypoint.d/ before nginx starts; deploy/test/web.int.spec.ts runs the same script for Debian's nginx.
# TLS: when both TLS_CERT_FILE and TLS_KEY_FILE exist (Docker secrets tls_cert and tls_key), nginx serves HTTPS
# on HTTPS_LISTEN and HTTP only redirects; when neither exists, plain HTTP; one without the other is an error.
set -eu

: "${VT_TEMPLATE_DIR:=/etc/nginx/vt-templates}"
: "${VT_OUTPUT_DIR:=/etc/nginx/conf.d}"
: "${NGINX_BIN:=nginx}"
: "${WEB_ROOT:=/usr/share/nginx/html}"
: "${HEARTBEAT_UPSTREAM:=heartbeat:8080}"
: "${QUERY_UPSTREAM:=query:8080}"
: "${HTTP_LISTEN:=8080}"
: "${HTTPS_LISTEN:=8443}"
: "${HTTPS_PUBLIC_PORT:=443}"
: "${TLS_CERT_FILE:=/run/secrets/tls_cert}"
: "${TLS_KEY_FILE:=/run/secrets/tls_key}"

if [ -s "$TLS_CERT_FILE" ] && [ -s "$TLS_KEY_FILE" ]; then
  mode=https
elif [ -e "$TLS_CERT_FILE" ] || [ -e "$TLS_KEY_FILE" ]; then
  echo "render-config: give both TLS_CERT_FILE ($TLS_CERT_FILE) and TLS_KEY_FILE ($TLS_KEY_FILE), or neither" >&2
  exit 1
else
  mode=http
fi

VT_HTTPS_PORT_SUFFIX=""
[ "$HTTPS_PUBLIC_PORT" = 443 ] || VT_HTTPS_PORT_SUFFIX=":$HTTPS_PUBLIC_PORT"

# nginx 1.25.1 replaced `listen ... http2` by the `http2` directive; the image runs a current nginx, Debian 12 1.22.
version=$("$NGINX_BIN" -v 2>&1 | sed -n 's|.*nginx/\([0-9][0-9.]*\).*|\1|p')
IFS=. read -r major minor patch <<VERSION
$version
VERSION
if [ $((major * 1000000 + minor * 1000 + ${patch:-0})) -ge 1025001 ]; then
  VT_LISTEN_HTTP2="" VT_HTTP2_DIRECTIVE="http2 on;"
else
  VT_LISTEN_HTTP2=" http2" VT_HTTP2_DIRECTIVE=""
fi

VT_HSTS=""
[ "$mode" = http ] || VT_HSTS='add_header Strict-Transport-Security "max-age=31536000" always;'

export WEB_ROOT HEARTBEAT_UPSTREAM QUERY_UPSTREAM HTTP_LISTEN HTTPS_LISTEN TLS_CERT_FILE TLS_KEY_FILE VT_OUTPUT_DIR \
  VT_HTTPS_PORT_SUFFIX VT_LISTEN_HTTP2 VT_HTTP2_DIRECTIVE VT_HSTS
names='${WEB_ROOT} ${HEARTBEAT_UPSTREAM} ${QUERY_UPSTREAM} ${HTTP_LISTEN} ${HTTPS_LISTEN} ${TLS_CERT_FILE}
${TLS_KEY_FILE} ${VT_OUTPUT_DIR} ${VT_HTTPS_PORT_SUFFIX} ${VT_LISTEN_HTTP2} ${VT_HTTP2_DIRECTIVE} ${VT_HSTS}'

mkdir -p "$VT_OUTPUT_DIR"
envsubst "$names" <"$VT_TEMPLATE_DIR/locations.template" >"$VT_OUTPUT_DIR/vehicle-tracker.locations"
cat "$VT_TEMPLATE_DIR/common.conf.template" "$VT_TEMPLATE_DIR/server-$mode.conf.template" |
  envsubst "$names" >"$VT_OUTPUT_DIR/vehicle-tracker.conf"
echo "render-config: $mode, heartbeat at $HEARTBEAT_UPSTREAM, query at $QUERY_UPSTREAM"
