#!/usr/bin/env bash
# Real TCP round-trip time without sch_netem (TEST-INFRA section 5): a network namespace `wphost`
# joined to the host by two TUN devices, with bench/tun-delay.py forwarding each packet after a
# delay. Client side 10.201.0.1 (nsimc, root namespace), server side 10.201.0.2 (nsims, in wphost).
#
#   bench/netsim.sh up 20 [RATE_MBIT]   # 20 ms each way = 40 ms RTT
#   bench/netsim.sh exec <cmd…>         # run a server inside the namespace (listen on 10.201.0.2)
#   bench/netsim.sh down
# Needs root and /dev/net/tun. Touches only its own namespace and devices.
set -euo pipefail
NS=wphost
STATE=/run/site-rescue-netsim
HERE="$(cd "$(dirname "$0")" && pwd)"

case "${1:-}" in
  up)
    delay="${2:-20}"; rate="${3:-0}"
    mkdir -p "$STATE"
    "$0" down >/dev/null 2>&1 || true
    ip netns add "$NS"
    rm -f "$STATE/ready"
    nohup python3 "$HERE/tun-delay.py" --a nsimc --b nsims --delay-ms "$delay" --rate-mbit "$rate" --ready "$STATE/ready" \
      >"$STATE/forwarder.log" 2>&1 &
    echo $! >"$STATE/pid"
    for _ in $(seq 1 100); do [ -s "$STATE/ready" ] && break; sleep 0.05; done
    [ -s "$STATE/ready" ] || { echo "netsim: forwarder did not start: $(cat "$STATE/forwarder.log")" >&2; exit 1; }
    ip link set nsims netns "$NS"
    ip addr add 10.201.0.1 peer 10.201.0.2 dev nsimc
    ip link set nsimc up
    ip netns exec "$NS" ip link set lo up
    ip netns exec "$NS" ip addr add 10.201.0.2 peer 10.201.0.1 dev nsims
    ip netns exec "$NS" ip link set nsims up
    echo "netsim up: 10.201.0.1 <-> 10.201.0.2, ${delay} ms each way"
    ;;
  exec)
    shift
    exec ip netns exec "$NS" "$@"
    ;;
  down)
    if [ -f "$STATE/pid" ]; then kill "$(cat "$STATE/pid")" 2>/dev/null || true; rm -f "$STATE/pid"; fi
    ip netns del "$NS" 2>/dev/null || true
    ip link del nsimc 2>/dev/null || true
    ;;
  *)
    echo "usage: $0 up DELAY_MS [RATE_MBIT] | exec CMD... | down" >&2; exit 2 ;;
esac
