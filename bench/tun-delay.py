#!/usr/bin/env python3
"""User-space netem for kernels without sch_netem (TEST-INFRA section 5).

Opens two TUN devices and forwards every IP packet from one to the other after a fixed one-way
delay (so TCP sees RTT = 2 x delay), optionally capping the rate and dropping a share of packets.
bench/netsim.sh moves one device into a network namespace and configures addresses.

  tun-delay.py --a nsimc --b nsims --delay-ms 20 [--rate-mbit 100] [--loss 0.01] [--ready FILE]
"""
import argparse
import errno
import fcntl
import heapq
import os
import random
import select
import struct
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    os.set_blocking(fd, False)
    return fd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", default="nsimc")
    ap.add_argument("--b", default="nsims")
    ap.add_argument("--delay-ms", type=float, default=20.0)
    ap.add_argument("--rate-mbit", type=float, default=0.0)
    ap.add_argument("--loss", type=float, default=0.0)
    ap.add_argument("--ready", default=None)
    args = ap.parse_args()

    fa = open_tun(args.a)
    fb = open_tun(args.b)
    peer = {fa: fb, fb: fa}
    delay = args.delay_ms / 1000.0
    byte_time = 8.0 / (args.rate_mbit * 1e6) if args.rate_mbit > 0 else 0.0
    link_free = {fa: 0.0, fb: 0.0}  # per direction: when the emulated wire is free again
    queue = []  # (due, seq, out_fd, packet)
    seq = 0
    if args.ready:
        with open(args.ready, "w") as f:
            f.write(str(os.getpid()))

    while True:
        now = time.monotonic()
        timeout = None
        if queue:
            timeout = max(0.0, queue[0][0] - now)
        readable, _, _ = select.select([fa, fb], [], [], timeout)
        now = time.monotonic()
        for fd in readable:
            for _ in range(256):
                try:
                    pkt = os.read(fd, 65536)
                except OSError as e:
                    if e.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                        break
                    raise
                if args.loss and random.random() < args.loss:
                    continue
                out = peer[fd]
                due = now + delay
                if byte_time:
                    start = max(now, link_free[fd])
                    link_free[fd] = start + len(pkt) * byte_time
                    due = link_free[fd] + delay
                seq += 1
                heapq.heappush(queue, (due, seq, out, pkt))
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, out, pkt = heapq.heappop(queue)
            try:
                os.write(out, pkt)
            except OSError:
                pass  # device down or queue full: the packet is lost, as on a real link


if __name__ == "__main__":
    main()
