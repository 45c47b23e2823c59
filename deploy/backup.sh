#!/usr/bin/env bash
# Back up Border Monitor: the PostGIS database (pg_dump custom format) and the data directory.
#
#   deploy/backup.sh [BACKUP_DIR]     # default /var/backups/border-monitor
#
# DATABASE_URL comes from the environment or from /etc/border-monitor/env (BM_ENV_FILE);
# without one (GeoPackage store) only the data directory is saved. Files are written under
# a temporary name and renamed when complete; the KEEP newest of each kind are kept (14).
# Run by deploy/border-monitor-backup.service as the service user; see docs/HOSTED.md.
set -euo pipefail
umask 077

dir=${1:-/var/backups/border-monitor}
keep=${KEEP:-14}
env_file=${BM_ENV_FILE:-/etc/border-monitor/env}
data=${BORDER_MONITOR_DATA:-/var/lib/border-monitor/data}
if [ -z "${DATABASE_URL:-}" ] && [ -r "$env_file" ]; then
  DATABASE_URL=$(sed -n 's/^DATABASE_URL=//p' "$env_file" | tail -n 1)
fi
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"

# prune PATTERN: keep the $keep newest files matching PATTERN in $dir.
prune() {
  find "$dir" -maxdepth 1 -name "$1" -printf '%T@ %p\n' | sort -rn | tail -n +$((keep + 1)) | cut -d' ' -f2- |
    while read -r old; do rm -f -- "$old"; done
}

if [ -n "${DATABASE_URL:-}" ]; then
  out=$dir/border-monitor-$stamp.dump
  # Custom format: compressed, restorable table by table, PostGIS geometry included.
  pg_dump --format=custom --compress=6 --file="$out.part" "$DATABASE_URL"
  pg_restore --list "$out.part" >/dev/null  # the archive is complete and readable
  mv "$out.part" "$out"
  echo "[backup] database: $out ($(du -h "$out" | cut -f1))"
  prune 'border-monitor-*.dump'
fi

if [ -d "$data" ]; then
  # The store replaces its files atomically, so a copy taken while it runs is consistent.
  out=$dir/border-monitor-data-$stamp.tar.gz
  tar -C "$(dirname "$data")" -czf "$out.part" "$(basename "$data")"
  mv "$out.part" "$out"
  echo "[backup] data directory: $out ($(du -h "$out" | cut -f1))"
  prune 'border-monitor-data-*.tar.gz'
fi
