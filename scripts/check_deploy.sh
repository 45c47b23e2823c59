#!/usr/bin/env bash
# Test the hosted recipe (deploy/, docs/HOSTED.md) on this machine, on loopback only.
#
#   bash scripts/check_deploy.sh              # config checks, Streamlit + nginx with TLS, HTTP checks
#   bash scripts/check_deploy.sh --browser    # also one browser session through the proxy (screenshot)
#
# Starts Streamlit exactly as deploy/border-monitor.service does (production config as the
# user's global config, --server.baseUrlPath border-monitor) on a free 127.0.0.1 port, and
# nginx with deploy/nginx.conf rendered onto two more 127.0.0.1 ports and a throwaway
# self-signed certificate; checks health, redirect, base path, WebSocket and limits through
# the proxy; stops both and removes the temporary directory. Needs nginx, openssl and curl
# (apt-get install nginx openssl curl) and the .venv from scripts/setup.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
PY=$REPO/.venv/bin/python
BASE_PATH=border-monitor
START_TIMEOUT_S=90

browser=false
case "${1:-}" in
  --browser) browser=true ;;
  "") ;;
  *) echo "usage: bash scripts/check_deploy.sh [--browser]" >&2; exit 2 ;;
esac

for tool in nginx openssl curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "[check] error: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done
[ -x "$PY" ] || { echo "[check] error: no .venv: run bash scripts/setup.sh" >&2; exit 1; }

failures=0
log() { echo "[check] $*"; }
pass() { echo "[check] ok: $*"; }
fail() { echo "[check] FAIL: $*" >&2; failures=$((failures + 1)); }

tmp=$(mktemp -d /tmp/bm-deploy-check.XXXXXX)
chmod 755 "$tmp"  # nginx workers (user nobody) use the temp paths inside it
streamlit_pid=""
cleanup() {
  if [ -f "$tmp/nginx.pid" ]; then
    kill -QUIT "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  fi
  if [ -n "$streamlit_pid" ] && kill -0 "$streamlit_pid" 2>/dev/null; then
    kill -TERM -- "-$streamlit_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$streamlit_pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$streamlit_pid" 2>/dev/null || true
  fi
  sleep 0.5
  rm -rf "$tmp"
}
trap cleanup EXIT

read -r st_port tls_port http_port < <("$PY" - <<'EOF'
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
EOF
)
log "ports (127.0.0.1): streamlit $st_port, https $tls_port, http $http_port; temp dir $tmp"

# -- 1. the production Streamlit config is the one in effect ------------------------------
home=$tmp/home
mkdir -p "$home/.streamlit" "$tmp/data"
cp deploy/streamlit-production.toml "$home/.streamlit/config.toml"
if HOME=$home "$PY" - deploy/streamlit-production.toml <<'EOF'
import sys, tomllib
from streamlit import config
wanted = tomllib.load(open(sys.argv[1], "rb"))
config.get_config_options(force_reparse=True)
bad = []
for section, options in wanted.items():
    for name, value in options.items():
        key = f"{section}.{name}"
        actual = config.get_option(key)
        if actual != value:
            bad.append(f"{key}: production file says {value!r}, in effect {actual!r} (set in {config.get_where_defined(key)})")
print("\n".join(bad) if bad else f"[check] {sum(map(len, wanted.values()))} production settings in effect as written")
sys.exit(1 if bad else 0)
EOF
then pass "deploy/streamlit-production.toml is not overridden by the repository's .streamlit/config.toml"
else fail "a production setting is overridden (see above)"
fi

# -- 2. the systemd units parse ------------------------------------------------------------
if command -v systemd-analyze >/dev/null 2>&1; then
  mkdir -p "$tmp/unit"
  for unit in deploy/*.service deploy/*.timer; do
    sed "s#/opt/border-monitor#$REPO#g" "$unit" >"$tmp/unit/$(basename "$unit")"
  done
  if systemd-analyze verify "$tmp"/unit/*; then
    pass "systemd-analyze verify: $(cd deploy && echo *.service *.timer) (paths pointed at this checkout)"
  else
    fail "systemd-analyze verify deploy/*.service deploy/*.timer"
  fi
else
  log "skipped: systemd-analyze not installed"
fi

# -- 3. certificate, nginx site rendered onto loopback ports --------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
mkdir -p "$tmp/acme" "$tmp/temp"
sed -e "s#^\(\s*\)listen 80;#\1listen 127.0.0.1:$http_port;#" \
    -e "s#^\(\s*\)listen 443 ssl http2;#\1listen 127.0.0.1:$tls_port ssl http2;#" \
    -e "/listen \[::\]/d" \
    -e "s#server_name monitor.example.org;#server_name 127.0.0.1;#" \
    -e "s#/etc/letsencrypt/live/monitor.example.org/fullchain.pem#$tmp/cert.pem#" \
    -e "s#/etc/letsencrypt/live/monitor.example.org/privkey.pem#$tmp/key.pem#" \
    -e "s#/var/log/nginx/#$tmp/#" \
    -e "s#/var/www/letsencrypt#$tmp/acme#" \
    -e "s#http://127.0.0.1:8501;#http://127.0.0.1:$st_port;#" \
    deploy/nginx.conf >"$tmp/site.conf"
if grep -v '^\s*#' "$tmp/site.conf" | grep -E "listen (80|443)|\[::\]|letsencrypt/live|/var/log|:8501"; then
  fail "the rendered site still has production addresses or paths (above): update the sed rules"
fi
cat >"$tmp/nginx.conf" <<EOF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/error.log;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $tmp/access.log;
    client_body_temp_path $tmp/temp/body;
    proxy_temp_path $tmp/temp/proxy;
    fastcgi_temp_path $tmp/temp/fastcgi;
    uwsgi_temp_path $tmp/temp/uwsgi;
    scgi_temp_path $tmp/temp/scgi;
    include $tmp/site.conf;
}
EOF
if nginx -t -q -e "$tmp/error.log" -c "$tmp/nginx.conf"; then
  pass "nginx -t accepts deploy/nginx.conf (rendered for loopback)"
else
  fail "nginx -t"; cat "$tmp/error.log" >&2; exit 1
fi

# -- 4. Streamlit as the unit starts it (log-in on, one viewer), then nginx -------------------
export BM_CHECK_PASSWORD
BM_CHECK_PASSWORD=$(openssl rand -hex 12)
login_args=()
if HOME=$home BORDER_MONITOR_DATA=$tmp/data "$PY" -m geo user --help >/dev/null 2>&1; then
  printf '%s\n' "$BM_CHECK_PASSWORD" | HOME=$home BORDER_MONITOR_DATA=$tmp/data \
    "$PY" -m geo user add check-viewer --role viewer --password-stdin
  login_args=(--user check-viewer --password-env BM_CHECK_PASSWORD)
fi
(
  cd "$REPO"
  export HOME=$home BORDER_MONITOR_DATA=$tmp/data PYTHONUNBUFFERED=1 STREAMLIT_SERVER_ALLOWED_HOSTS=127.0.0.1
  export BORDER_MONITOR_AUTH=on
  exec setsid .venv/bin/streamlit run server.py --server.address 127.0.0.1 --server.port "$st_port" \
    --server.baseUrlPath "$BASE_PATH" --server.headless true
) >"$tmp/streamlit.log" 2>&1 </dev/null &
streamlit_pid=$!
deadline=$((SECONDS + START_TIMEOUT_S))
until [ "$(curl -s --max-time 2 "http://127.0.0.1:$st_port/$BASE_PATH/_stcore/health" || true)" = ok ]; do
  if ! kill -0 "$streamlit_pid" 2>/dev/null || [ "$SECONDS" -gt "$deadline" ]; then
    echo "[check] error: streamlit did not become healthy; its log:" >&2; cat "$tmp/streamlit.log" >&2; exit 1
  fi
  sleep 0.5
done
pass "streamlit healthy on 127.0.0.1:$st_port/$BASE_PATH (production config, as in the unit)"
nginx -e "$tmp/error.log" -c "$tmp/nginx.conf"

https=https://127.0.0.1:$tls_port
curl_tls=(curl -ks --max-time 10)

# -- 5. checks through the proxy ---------------------------------------------------------------
body=$("${curl_tls[@]}" -w '|%{http_code}' "$https/$BASE_PATH/_stcore/health" || true)
[ "$body" = "ok|200" ] && pass "GET $https/$BASE_PATH/_stcore/health -> 200 ok" \
  || fail "health through the proxy: got '$body'"

headers=$(curl -s --max-time 10 -o /dev/null -D - "http://127.0.0.1:$http_port/$BASE_PATH/?kind=incident" || true)
location=$(printf '%s' "$headers" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
status=$(printf '%s' "$headers" | head -n1 | tr -d '\r')
if [[ "$status" == *" 301"* && "$location" == "https://127.0.0.1/$BASE_PATH/?kind=incident" ]]; then
  pass "http:// -> $status, Location: $location"
else
  fail "HTTP->HTTPS redirect: '$status' Location '$location'"
fi

page_headers=$("${curl_tls[@]}" -o "$tmp/index.html" -D - "$https/$BASE_PATH/" || true)
if grep -q '<div id="root">' "$tmp/index.html" && printf '%s' "$page_headers" | grep -qi '^HTTP/[0-9.]* 200'; then
  pass "GET $https/$BASE_PATH/ -> 200, the Streamlit page"
else
  fail "the app page through the proxy: $(printf '%s' "$page_headers" | head -n1)"
fi
for header in Strict-Transport-Security Content-Security-Policy X-Content-Type-Options X-Frame-Options Referrer-Policy; do
  printf '%s' "$page_headers" | grep -qi "^$header:" || fail "security header $header missing"
done
printf '%s' "$page_headers" | grep -qi '^server: nginx/' && fail "nginx version shown (server_tokens)"
pass "security headers present (HSTS, CSP, nosniff, frame options, referrer policy); no nginx version"

# Web sessions (server.py): a logged-out page request goes to the log-in route, which sets a
# Secure, HttpOnly, SameSite=Lax cookie limited to the base path through the TLS proxy.
login_headers=$("${curl_tls[@]}" -o /dev/null -D - -H 'Sec-Fetch-Dest: document' \
  "$https/$BASE_PATH/events?kind=incident" | tr -d '\r' || true)
want="/$BASE_PATH/auth/login?next=%2F$BASE_PATH%2Fevents%3Fkind%3Dincident"
if printf '%s' "$login_headers" | head -n1 | grep -q ' 303' \
    && printf '%s' "$login_headers" | grep -qi "^location: $want\$"; then
  pass "a logged-out page request -> 303 to the log-in route, returning to the same URL"
else
  fail "logged-out page request: $(printf '%s' "$login_headers" | head -n3 | tr '\n' ' ')"
fi
if [ ${#login_args[@]} -gt 0 ]; then
  jar=$tmp/cookies.txt
  csrf=$("${curl_tls[@]}" -c "$jar" "$https/$BASE_PATH/auth/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
  set_cookie=$("${curl_tls[@]}" -b "$jar" -o /dev/null -D - -H "Origin: https://127.0.0.1:$tls_port" \
    --data-urlencode "csrf=$csrf" --data-urlencode "username=check-viewer" \
    --data-urlencode "password=$BM_CHECK_PASSWORD" "$https/$BASE_PATH/auth/login" | tr -d '\r' \
    | grep -i '^set-cookie: bm_session=' || true)
  if [[ "$set_cookie" == *"HttpOnly"* && "$set_cookie" == *"Secure"* && "$set_cookie" == *"SameSite=lax"* \
        && "$set_cookie" == *"Path=/$BASE_PATH/"* ]]; then
    pass "log-in through the proxy sets the session cookie HttpOnly; Secure; SameSite=Lax; Path=/$BASE_PATH/"
  else
    fail "session cookie through the proxy: '${set_cookie:-none}'"
  fi
fi

leaflet=$("${curl_tls[@]}" -o "$tmp/leaflet.js" -w '%{http_code} %{content_type}' \
  "$https/$BASE_PATH/app/static/vendor/leaflet/leaflet.js" || true)
if [[ "$leaflet" == "200 "*javascript* ]] && grep -q "Leaflet" "$tmp/leaflet.js"; then
  pass "GET /$BASE_PATH/app/static/vendor/leaflet/leaflet.js -> $leaflet ($(wc -c <"$tmp/leaflet.js") bytes)"
else
  fail "vendor Leaflet under the base path: $leaflet"
fi
outside=$("${curl_tls[@]}" -o /dev/null -w '%{http_code}' "$https/app/static/vendor/leaflet/leaflet.js" || true)
[ "$outside" = 404 ] && pass "GET /app/static/... (outside the base path) -> 404" \
  || fail "/app/static outside the base path answered $outside"

metrics=$("${curl_tls[@]}" -o /dev/null -w '%{http_code}' "$https/$BASE_PATH/_stcore/metrics" || true)
direct=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$st_port/$BASE_PATH/_stcore/metrics" || true)
[ "$metrics" = 404 ] && pass "Streamlit's metrics: 404 through the proxy ($direct on 127.0.0.1:$st_port)" \
  || fail "/_stcore/metrics through the proxy answered $metrics"

too_big=$(head -c $((7 * 1024 * 1024)) /dev/zero | "${curl_tls[@]}" -o /dev/null -w '%{http_code}' -X PUT \
  -H 'Content-Type: application/octet-stream' --data-binary @- "$https/$BASE_PATH/_stcore/upload_file/x/y" || true)
[ "$too_big" = 413 ] && pass "a 7 MB upload is refused by nginx -> 413" || fail "7 MB upload answered $too_big"

# WebSocket: same origin -> 101 and a Streamlit session; a foreign Origin or Host -> refused.
if "$PY" - "$tls_port" "$BASE_PATH" <<'EOF'
import asyncio, ssl, sys
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

port, base = sys.argv[1], sys.argv[2]
ctx = ssl.create_default_context()
ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE

async def handshake(origin: str, host: str = "127.0.0.1") -> str:
    """HTTP status of a WebSocket handshake sent to 127.0.0.1 with this Origin and Host."""
    uri = f"wss://{host}:{port}/{base}/_stcore/stream"
    try:
        async with connect(uri, host="127.0.0.1", port=int(port), ssl=ctx, server_hostname="127.0.0.1",
                           origin=origin, subprotocols=["streamlit"], open_timeout=10) as ws:
            status = ws.response.status_code
            await ws.close()
            return f"{status}"
    except InvalidStatus as exc:
        return f"{exc.response.status_code}"

async def main() -> int:
    own = await handshake(f"https://127.0.0.1:{port}")
    foreign = await handshake("https://evil.example")
    wrong_host = await handshake(f"https://evil.example:{port}", host="evil.example")
    print(f"[check] websocket handshakes: own origin {own}, foreign origin {foreign}, foreign Host {wrong_host}")
    return 0 if (own, foreign, wrong_host) == ("101", "403", "403") else 1

sys.exit(asyncio.run(main()))
EOF
then pass "WebSocket /$BASE_PATH/_stcore/stream through nginx: 101 Switching Protocols; foreign Origin/Host refused"
else fail "WebSocket upgrade through the proxy (expected 101, 403, 403)"
fi

# -- 6. backup and restore of a PostGIS store (throwaway PostgreSQL from tests/pgserver.py) ---
if "$PY" - "$tmp" <<'PYTHON'
import os, subprocess, sys
from pathlib import Path
from tests.pgserver import PgServer, PgUnavailable, missing_parts

tmp = Path(sys.argv[1])
if missing_parts():
    print(f"[check] skipped backup/restore: {' '.join(missing_parts())} not installed")
    sys.exit(0)
try:
    server = PgServer.start()
except PgUnavailable as exc:
    print(f"[check] skipped backup/restore: {exc}")
    sys.exit(0)


def run(command: list[str], env: dict[str, str], stdin: str | None = None) -> str:
    done = subprocess.run(command, env=env, input=stdin, text=True, capture_output=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


def has_command(name: str, env: dict[str, str]) -> bool:
    return subprocess.run([sys.executable, "-m", "geo", name, "--help"], env=env, capture_output=True).returncode == 0


def snapshot(url: str, env: dict[str, str]) -> dict[str, str]:
    """What must survive the round trip: a PostGIS table, the accounts, the events (when stored there)."""
    env = {**env, "DATABASE_URL": url}
    out = {"geometry": run(["psql", "-X", "-At", url, "-c", "SELECT string_agg(name || ' ' || ST_AsText(geom) || "
                                                          "' SRID ' || ST_SRID(geom), ', ' ORDER BY name) "
                                                          "FROM bm_check_places"], env),
           "owners": run(["psql", "-X", "-At", url, "-c", "SELECT string_agg(DISTINCT tableowner, ',') "
                                                        "FROM pg_tables WHERE schemaname = 'public' "
                                                        "AND tablename <> 'spatial_ref_sys'"], env),
           "custom srid": run(["psql", "-X", "-At", url, "-c", "SELECT auth_name || ':' || srid FROM spatial_ref_sys "
                                                             "WHERE srid = 990001"], env)}
    if has_command("user", env):
        out["users"] = run([sys.executable, "-m", "geo", "user", "list"], env)
    if has_command("migrate", env):
        out["events"] = run([sys.executable, "-m", "geo", "export", "--format", "geojson", "--out", "-"], env)
    return out


with server:
    # As docs/HOSTED.md does it: a role, its database, PostGIS created by the superuser.
    server.psql("postgres", "CREATE ROLE border_monitor LOGIN")
    server.psql("postgres", "CREATE DATABASE border_monitor OWNER border_monitor")
    server.psql("border_monitor", "CREATE EXTENSION postgis")
    server.psql("border_monitor", "INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, proj4text, srtext) "
                                  "VALUES (990001, 'bm-check', 990001, '+proj=longlat +datum=WGS84 +no_defs', '')")
    url = f"postgresql://border_monitor@127.0.0.1:{server.port}/border_monitor"
    env = {**os.environ, "DATABASE_URL": url, "BORDER_MONITOR_DATA": str(tmp / "pg-data"), "HOME": str(tmp / "home")}
    run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c",
         "CREATE TABLE bm_check_places (name text PRIMARY KEY, geom geometry(Point, 4326));"
         "INSERT INTO bm_check_places VALUES ('Khorog', ST_SetSRID(ST_MakePoint(71.55, 37.49), 4326)),"
         "('Ishkashim', ST_SetSRID(ST_MakePoint(71.61, 36.73), 4326))"], env)
    if has_command("user", env):
        run([sys.executable, "-m", "geo", "user", "add", "backup-admin", "--role", "admin", "--password-stdin"],
            env, stdin="correct horse battery staple 42\n")
    before = snapshot(url, env)  # with a PostGIS store, its first use seeds it with the curated events

    backups = tmp / "backups"
    run(["bash", "deploy/backup.sh", str(backups)], {**env, "BM_ENV_FILE": "/nonexistent"})
    dumps = sorted(backups.glob("border-monitor-*.dump"))
    assert len(dumps) == 1, dumps
    pg_env = {**os.environ, "PGHOST": "127.0.0.1", "PGPORT": str(server.port), "PGUSER": "bm"}
    run(["bash", "deploy/restore.sh", str(dumps[0]), "border_monitor_restored", "border_monitor"], pg_env)
    after = snapshot(url.rsplit("/", 1)[0] + "/border_monitor_restored", env)

    same = {name: before[name] == after[name] for name in before}
    print(f"[check] {dumps[0].name} ({dumps[0].stat().st_size} bytes) restored into border_monitor_restored; "
          f"identical before/after: {same}; tables owned by {after['owners']}; {after['geometry']}")
    sys.exit(0 if all(same.values()) and after["owners"] == "border_monitor" else 1)
PYTHON
then pass "deploy/backup.sh + deploy/restore.sh round trip on PostgreSQL 15 + PostGIS"
else fail "backup/restore round trip"
fi

if $browser; then
  shot=$REPO/artifacts/deploy/map-through-proxy.png
  if "$PY" scripts/load_test.py --url "$https/$BASE_PATH" --sessions 1 --duration 20 --screenshot "$shot" \
      "${login_args[@]}"; then
    pass "one browser session through nginx (log in, filter, card, export); screenshot $shot"
  else
    fail "browser session through the proxy"
  fi
fi

if grep -qiE "Traceback|Exception" "$tmp/streamlit.log"; then
  fail "the streamlit log has errors:"; grep -iE -A5 "Traceback|Exception" "$tmp/streamlit.log" | head -40 >&2
fi
if [ "$failures" -gt 0 ]; then
  echo "[check] $failures check(s) FAILED" >&2
  exit 1
fi
log "all deployment checks passed"
