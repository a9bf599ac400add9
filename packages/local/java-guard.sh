#!/bin/sh
# Runs DynamoDB Local (java with the arguments given) and makes sure it never outlives the Node process that
# started it: a TERM/INT from Node stops it, and so does Node's death by any means (even SIGKILL), because
# then the stdin pipe from Node closes and the watcher below wakes up.
exec 3<&0
java "$@" &
child=$!
trap 'kill "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT HUP
( while read -r _ <&3; do :; done; kill "$child" 2>/dev/null ) &
wait "$child"
