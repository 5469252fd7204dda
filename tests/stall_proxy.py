#!/usr/bin/env python3
"""stall_proxy.py PORTFILE SOCKET: a server that hangs at connect, but once.

Listens on 127.0.0.1, on a free port it writes to PORTFILE.  The first
client is forwarded to the PostgreSQL server's Unix socket SOCKET (the
server sees a local connection, and libpq's process ID is the server
process's own: a direct connection); every later client is accepted and
never answered, as a server behind a firewall that drops packets, until
the proxy is killed.  tests/e2e/lock_retry.bats points migrator at it: its
lock watch (the second connection) must not hold up the run.
"""
import os
import socket
import sys
import threading


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def main():
    portfile, path = sys.argv[1], sys.argv[2]
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(16)
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % lsock.getsockname()[1])
    os.rename(portfile + ".tmp", portfile)
    held = []
    first = True
    while True:
        client, _ = lsock.accept()
        if not first:
            held.append(client)  # never answered
            continue
        first = False
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.connect(path)
        for a, b in ((client, server), (server, client)):
            threading.Thread(target=pump, args=(a, b), daemon=True).start()


if __name__ == "__main__":
    main()
