#!/bin/sh
# The image's entry point: SERVICE picks what runs. exec replaces the shell, so node is PID 1 and gets SIGTERM itself.
set -eu
case "${SERVICE:-}" in
  # From the package's own folder, where its node_modules holds tsx (a production dependency of each service).
  core | bot | scheduler | web) cd "services/$SERVICE" && exec node --import tsx src/bin.ts ;;
  # The REST proxy every bot replica shares (part of the bot's package).
  rest-proxy) cd services/bot && exec node --import tsx src/rest-proxy/bin.ts ;;
  migrate) cd packages/db && exec node --import tsx src/bin/migrate.ts ;;
  *)
    echo "SERVICE must be core, bot, scheduler, web, rest-proxy or migrate (got '${SERVICE:-}')" >&2
    exit 64
    ;;
esac
