#!/usr/bin/env bash
# What `make test` needs from the machine beyond the repository: Debian's packages (make,
# python3-venv, node and npm, chromium, PostgreSQL) and a running PostgreSQL cluster that lets
# user postgres in from localhost. `make test` and `.ci/run` both run this first.
#
# Installs nothing when everything is there (and then needs no root). Where something is
# missing and it cannot install (not root, no password-less sudo), it stops at once and says
# the one command to run.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
cd "$(dirname "$0")/.."

section() { printf '\n===== %s =====\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
if [ "$(id -u)" -eq 0 ]; then sudo=()
elif sudo -n true 2>/dev/null; then sudo=(sudo -n)
else sudo=(needs-root)
fi
needs_root() {
  if [ "${sudo[0]:-}" = needs-root ]; then
    echo "The machine lacks what the tests need ($*) and this user cannot install it." >&2
    echo "Run once:  sudo bash scripts/system_setup.sh   then make test again." >&2
    exit 1
  fi
}

section "System packages"
missing=()
have make || missing+=(make)
have python3 || missing+=(python3)
# Debian's python3 keeps ensurepip (needed by `python3 -m venv`) in python3-venv.
if [ ! -x .venv/bin/python ] && ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
have node || missing+=(nodejs)
have npm || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
fresh_postgresql=false
if ! have psql || ! have pg_ctlcluster || ! have pg_isready; then
  missing+=(postgresql)
  fresh_postgresql=true
fi
if [ ${#missing[@]} -gt 0 ]; then
  needs_root "${missing[*]}"
  echo "installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "nothing to install"
fi

section "PostgreSQL"
version=$(ls /etc/postgresql | sort -V | tail -n 1)
if ! pg_isready -q -h 127.0.0.1; then
  needs_root "a running PostgreSQL"
  echo "starting cluster $version/main"
  "${sudo[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1
# The tests connect as postgres over TCP without a password (the default FIELDAPP_TEST_PG_URL
# in the Makefile). A cluster installed just now asks for one, so let postgres in from
# localhost. An existing installation's configuration is never changed.
if [ -z "${FIELDAPP_TEST_PG_URL:-}" ] && ! psql -w -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  if $fresh_postgresql; then
    needs_root "PostgreSQL access for postgres"
    hba=/etc/postgresql/$version/main/pg_hba.conf
    echo "allowing user postgres from localhost without a password ($hba)"
    "${sudo[@]}" sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
    "${sudo[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    sleep 1
  fi
  psql -w -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null || {
    echo "cannot connect as postgres to 127.0.0.1:5432 without a password: allow it in" \
         "pg_hba.conf, or set FIELDAPP_TEST_PG_URL to an admin URL that works" >&2
    exit 1
  }
fi
echo "PostgreSQL accepts connections on 127.0.0.1:5432"

section "Tools"
python3 --version
echo "node $(node --version), npm $(npm --version)"
/usr/bin/chromium --version 2>/dev/null || echo "chromium: $(readlink -f /usr/bin/chromium)"
psql --version
