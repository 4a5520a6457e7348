#!/usr/bin/env bash
# Guildhall's MySQL/MariaDB backup: a consistent dump, shipped to S3-compatible storage with retention, and the
# way back. One script for docker compose (profile `backup`) and the Kubernetes CronJob; docs/operations.md says
# how to run each step.
#
#   backup.sh dump      dump BACKUP_DB_NAME into BACKUP_DIR as <name>-<UTC time>.sql.gz   (mysqldump/mariadb-dump)
#   backup.sh ship      upload every dump in BACKUP_DIR to BACKUP_S3_URL, then prune old ones  (aws CLI)
#   backup.sh fetch F   download dump F (a file name, or `latest`) from BACKUP_S3_URL to BACKUP_DIR (aws CLI)
#   backup.sh restore F load dump F (a path) into BACKUP_DB_NAME, creating it if missing   (mysql/mariadb)
#
# Database: BACKUP_DB_HOST, BACKUP_DB_PORT (3306), BACKUP_DB_USER, BACKUP_DB_NAME; the password in MYSQL_PWD,
# which the clients read themselves (it never shows in a process list).
# Storage: BACKUP_S3_URL (s3://bucket/prefix); the aws CLI's own AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
# AWS_DEFAULT_REGION and, for S3-compatible stores (MinIO, R2, Ceph…), AWS_ENDPOINT_URL.
# Retention: dumps older than BACKUP_RETAIN_DAYS (14) are deleted, but the newest BACKUP_KEEP_MIN (3) always stay,
# so backups that stop for a while never prune the last good ones away.
set -euo pipefail

dir=${BACKUP_DIR:-/backups}
name=${BACKUP_NAME:-guildhall}
pattern="^${name}-[0-9]{8}T[0-9]{6}Z\.sql\.gz$"

log() { printf '%s backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
fail() {
  log "error: $*"
  exit 1
}
need() { for v in "$@"; do [ -n "${!v:-}" ] || fail "$v is not set"; done; }
# MariaDB's clients are named mariadb*, MySQL's mysql*; use whichever the image has.
first_of() { for c in "$@"; do if command -v "$c" >/dev/null 2>&1; then echo "$c"; return; fi; done; fail "none of $* found"; }
# The dumps under an S3 prefix, oldest first; nothing (not a failure) when there are none.
# (`aws s3 ls` prints date, time, size, name; plain bash reads it, as the AWS CLI image may lack awk.)
list_dumps() {
  { aws s3 ls "$1/" || true; } | while read -r _ _ _ key; do echo "$key"; done | { grep -E "$pattern" || true; } | sort
}
# The connection options every client takes (the password comes from MYSQL_PWD).
db_opts() { DB_OPTS=(--host="$BACKUP_DB_HOST" --port="${BACKUP_DB_PORT:-3306}" --user="$BACKUP_DB_USER"); }

dump() {
  need BACKUP_DB_HOST BACKUP_DB_USER BACKUP_DB_NAME
  local tool file partial help
  tool=$(first_of mariadb-dump mysqldump)
  db_opts
  file="$dir/$name-$(date -u +%Y%m%dT%H%M%SZ).sql.gz"
  partial="$file.partial"
  # --single-transaction: one consistent InnoDB snapshot without locking writers (every Guildhall table is
  # InnoDB). No --databases, so the dump restores into a database of any name.
  local args=(--single-transaction --quick --routines --triggers --events --hex-blob --no-tablespaces
    --default-character-set=utf8mb4)
  # MySQL with GTIDs would write a SET @@GLOBAL.GTID_PURGED that fails on restore into another server.
  # (Read whole first: `grep -q` on a pipe would end the writer early, and pipefail would call that a failure.)
  help=$("$tool" --help 2>/dev/null || true)
  if [[ "$help" == *--set-gtid-purged* ]]; then args+=(--set-gtid-purged=OFF); fi
  mkdir -p "$dir"
  log "dumping $BACKUP_DB_NAME from $BACKUP_DB_HOST with $tool"
  if ! "$tool" "${DB_OPTS[@]}" "${args[@]}" "$BACKUP_DB_NAME" | gzip -6 >"$partial"; then
    rm -f "$partial"
    fail "dumping $BACKUP_DB_NAME failed"
  fi
  # A dump cut short (connection lost, disk full) lacks the trailer the dump tools write last.
  gzip -dc "$partial" | tail -n 1 | grep -q '^-- Dump completed' || fail "dump of $BACKUP_DB_NAME is incomplete"
  mv "$partial" "$file"
  log "wrote $file ($(wc -c <"$file") bytes)"
}

ship() {
  # Compose passes an unset variable as empty: that means AWS itself, not an endpoint named "".
  [ -n "${AWS_ENDPOINT_URL:-}" ] || unset AWS_ENDPOINT_URL
  need BACKUP_S3_URL
  local base=${BACKUP_S3_URL%/} shipped=0 f
  for f in "$dir"/*.sql.gz; do
    [ -e "$f" ] || continue
    aws s3 cp --only-show-errors "$f" "$base/$(basename "$f")"
    rm -f "$f"
    shipped=$((shipped + 1))
    log "shipped $(basename "$f") to $base/"
  done
  [ "$shipped" -gt 0 ] || fail "no dump in $dir to ship"
  prune "$base"
}

prune() {
  local base=$1 days=${BACKUP_RETAIN_DAYS:-14} keep=${BACKUP_KEEP_MIN:-3} cutoff
  cutoff=$(date -u -d "@$(($(date +%s) - days * 86400))" +%Y%m%dT%H%M%SZ)
  # Names sort by time; the newest $keep are never candidates.
  list_dumps "$base" | head -n "-$keep" |
    while read -r old; do
      stamp=${old#"$name-"}
      stamp=${stamp%.sql.gz}
      if [[ "$stamp" < "$cutoff" ]]; then
        aws s3 rm --only-show-errors "$base/$old"
        log "pruned $old (older than $days days)"
      fi
    done
}

fetch() {
  [ -n "${AWS_ENDPOINT_URL:-}" ] || unset AWS_ENDPOINT_URL
  need BACKUP_S3_URL
  local base=${BACKUP_S3_URL%/} want=${1:-}
  [ -n "$want" ] || fail "say which dump to fetch (a file name, or latest)"
  if [ "$want" = latest ]; then
    want=$(list_dumps "$base" | tail -n 1)
    [ -n "$want" ] || fail "no dump under $base/"
  fi
  mkdir -p "$dir"
  aws s3 cp --only-show-errors "$base/$want" "$dir/$want"
  log "fetched $dir/$want"
  echo "$dir/$want"
}

restore() {
  need BACKUP_DB_HOST BACKUP_DB_USER BACKUP_DB_NAME
  local file=${1:-} tool
  [ -f "$file" ] || fail "no dump at '$file'"
  [[ "$BACKUP_DB_NAME" =~ ^[A-Za-z0-9_]+$ ]] || fail "BACKUP_DB_NAME must be [A-Za-z0-9_]+"
  tool=$(first_of mariadb mysql)
  db_opts
  log "restoring $file into $BACKUP_DB_NAME on $BACKUP_DB_HOST"
  "$tool" "${DB_OPTS[@]}" -e "CREATE DATABASE IF NOT EXISTS \`$BACKUP_DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
  gzip -dc "$file" | "$tool" "${DB_OPTS[@]}" --default-character-set=utf8mb4 "$BACKUP_DB_NAME"
  log "restored $BACKUP_DB_NAME"
}

case "${1:-}" in
  dump) dump ;;
  ship) ship ;;
  fetch) fetch "${2:-}" ;;
  restore) restore "${2:-}" ;;
  *) fail "usage: backup.sh dump | ship | fetch NAME|latest | restore FILE" ;;
esac
