#!/usr/bin/env bash
# The project page's workflow, as far as the tools exist today, on the
# simulated backend: create the `web` jail with the page's limits, provision
# it, supervise an HTTP daemon in it with the page's syslog settings, fetch a
# page from it, and print `jailctl stats` and `jailctl stats -P -h`.
#
# The page's jailmgr steps are done here with jailctl (jailmgr is not built
# yet); NetBSD's /usr/libexec/httpd is stood in for by python3's http.server.
# Everything lives under a temporary JAILS_PREFIX that is removed at the end.
# Run it with `npm run seed` (which builds the tools first).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
jailctl() { node "$repo/packages/jailctl/dist/jailctl.cjs" "$@"; }
vhost() { printf 'vhost# %s\n' "$*"; }

port=${SEED_PORT:-8080}
command -v python3 >/dev/null || { echo "seed: python3 is needed for the HTTP workload" >&2; exit 1; }
export JAILS_BACKEND=sim
JAILS_PREFIX=$(mktemp -d "${TMPDIR:-/tmp}/jails-seed.XXXXXX")
export JAILS_PREFIX
root="$JAILS_PREFIX/var/jailmgr/jails/web/root"
syslog_log="$JAILS_PREFIX/syslog.txt"
cleanup() {
  pkill -TERM -f "^jailctl supervise jail=web jid=" 2>/dev/null || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do pgrep -f "^jailctl supervise jail=web jid=" >/dev/null || break; sleep 1; done
  jailctl destroy web >/dev/null 2>&1 || true
  [ -n "${catcher:-}" ] && kill "$catcher" 2>/dev/null || true
  rm -rf "$JAILS_PREFIX"
}
trap cleanup EXIT

# A stand-in for the host's syslog: a UDP listener on loopback writing what it receives.
syslog_port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -u -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", int(sys.argv[1])))
with open(sys.argv[2], "a") as out:
    while True:
        out.write(s.recv(65536).decode(errors="replace") + "\n"); out.flush()
' "$syslog_port" "$syslog_log" &
catcher=$!

echo "== 2. Create Jail (jailmgr create: here with jailctl create and the same limits)"
vhost jailctl create -q 200 -c 1000000 -m 536870912 -p 512 -d 8192 -s 134217728 -l medium -r "$port" -n web "$root"
mkdir -p "$root"
jailctl create -q 200 -c 1000000 -m 536870912 -p 512 -d 8192 -s 134217728 -l medium -r "$port" -n web "$root"

echo
echo "== 3. Ephemeral Provisioning (jailmgr apply --ephemeral: here with jailctl exec)"
vhost "jailctl exec web /bin/sh <<'APPLY'"
jailctl exec web /bin/sh <<'APPLY'
mkdir -p var/www/mysite
echo "<html>Hello NetBSD!</html>" > var/www/mysite/index.html
APPLY

echo
echo "== 4./5. Start and supervise (jailmgr start: here with jailctl supervise)"
vhost jailctl supervise -f local3 -o info -e err -t jail-web web python3 -m http.server "$port" --bind 127.0.0.1 --directory var/www/mysite
jailctl supervise -f local3 -o info -e err -t jail-web --syslog "udp://127.0.0.1:$syslog_port" \
  web python3 -m http.server "$port" --bind 127.0.0.1 --directory var/www/mysite
for _ in $(seq 50); do
  body=$(curl -sf "http://127.0.0.1:$port/index.html" 2>/dev/null || python3 -c "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode(), end='')" "http://127.0.0.1:$port/index.html" 2>/dev/null || true)
  [ -n "$body" ] && break
  sleep 0.2
done
vhost "curl http://127.0.0.1:$port/"
echo "$body"
vhost ps axd
ps -eo pid,tty,stat,time,args --forest | grep -E "jailctl supervise jail=web|http.server $port" | grep -v grep || true

echo
echo "== 6. Runtime Statistics"
vhost jailctl stats
jailctl stats

echo
echo "== 7. Prometheus-Compatible Metrics Endpoint"
vhost jailctl stats -P -h
jailctl stats -P -h

echo
echo "== The jail's output in syslog (facility local3, tag jail-web)"
sleep 1
grep -a 'jail-web' "$syslog_log" | sed 's/^/  /' | head -5 || true
