#!/usr/bin/env bash
# Starts Debian's PostgreSQL on loopback and creates the role the tests use (idempotent).
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then pg_createcluster "$version" main >/dev/null; fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for i in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && break; sleep 1; done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='atlas'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE atlas LOGIN CREATEDB PASSWORD 'atlas'\""
echo "PostgreSQL $version up on 127.0.0.1:5432 (role atlas/atlas)"
