#!/usr/bin/env bash
# Restore a deploy/backup.sh dump into a NEW database with PostGIS.
#
#   sudo -u postgres deploy/restore.sh DUMP NEW_DB [OWNER]     # OWNER default: border_monitor
#
# Run as a PostgreSQL superuser (creating the postgis extension needs one); connection
# settings come from the usual libpq variables (PGHOST, PGPORT, PGUSER). NEW_DB must not
# exist: the running database is never touched. Then point DATABASE_URL at NEW_DB (or
# rename the databases) and restart the service: docs/HOSTED.md, "Restore".
set -euo pipefail

if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
  echo "usage: restore.sh DUMP NEW_DB [OWNER]" >&2
  exit 2
fi
dump=$1 db=$2 owner=${3:-border_monitor}
[ -r "$dump" ] || { echo "[restore] error: cannot read $dump" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

createdb --owner="$owner" --template=template0 --encoding=UTF8 "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION IF NOT EXISTS postgis'
# The extension now exists (made by the superuser). Everything else is restored as OWNER,
# stopping at the first error; only spatial_ref_sys rows (the custom SRIDs PostGIS keeps in
# the dump, usually none) go in as the superuser, who owns that table.
pg_restore --list "$dump" >"$work/all"
srs='TABLE DATA public spatial_ref_sys '
grep -vE '^[0-9]+; [0-9]+ [0-9]+ (EXTENSION|COMMENT) - (EXTENSION )?postgis' "$work/all" | grep -v "$srs" >"$work/owner"
grep "$srs" "$work/all" >"$work/srs" || true
pg_restore --exit-on-error --no-owner --role="$owner" --use-list="$work/owner" --dbname="$db" "$dump"
if [ -s "$work/srs" ]; then
  pg_restore --exit-on-error --no-owner --use-list="$work/srs" --dbname="$db" "$dump"
fi
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'ANALYZE'
echo "[restore] $dump restored into database $db (owner $owner)"
psql -X -d "$db" -c "SELECT n.nspname AS schema, c.relname AS table, c.reltuples::bigint AS rows
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
