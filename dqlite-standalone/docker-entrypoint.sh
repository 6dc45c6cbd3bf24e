#!/bin/sh
# Starts the dqlite node, passing on its arguments. With DQLITE_START_FILE set, it first waits for that
# file to be complete (its last line DQLITE_START_FILE_COMPLETE=1) and exports the VAR=value lines in it:
# the Testcontainers module writes it once it knows the ports Docker published, which are the node's
# wire addresses. JAVA_OPTS adds options to the JVM. The jar is the one beside this script.
set -e
if [ -n "$DQLITE_START_FILE" ]; then
  echo "dqlite-standalone: waiting for $DQLITE_START_FILE"
  until grep -qs '^DQLITE_START_FILE_COMPLETE=1$' "$DQLITE_START_FILE"; do
    sleep 0.1
  done
  set -a
  . "$DQLITE_START_FILE"
  set +a
  unset DQLITE_START_FILE DQLITE_START_FILE_COMPLETE
fi
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
exec java -XX:+ExitOnOutOfMemoryError $JAVA_OPTS -jar "$(dirname "$0")/dqlite-standalone.jar" "$@"
