#!/bin/sh
# Upgrade the database to the newest migration, then run the command (gunicorn by default).
# The app's factory never migrates by itself; doing it here makes a new image's first start
# bring an existing database up to date. gunicorn reads WEB_CONCURRENCY for its worker count.
set -e
if [ "$1" = "gunicorn" ]; then
    annotator db upgrade
fi
exec "$@"
