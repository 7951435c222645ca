"""A round-robin TCP proxy on loopback, standing in for the load balancer in front of the app
servers: each new client connection goes to the next server in turn (as nginx's or HAProxy's
stream mode would). The locustfile opens a new connection at each page view, so one panellist's
requests land on both servers and only shared state (PostgreSQL, Redis, the object store) can
carry their session and their sheet from one to the other.

    python tests/perf/load/proxy.py 8100 127.0.0.1:8101 127.0.0.1:8102
"""

import asyncio
import itertools
import sys


async def _pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def main(port: int, backends: list[tuple[str, int]]):
    turn = itertools.cycle(backends)

    async def handle(client_reader, client_writer):
        host, backend_port = next(turn)
        try:
            server_reader, server_writer = await asyncio.open_connection(host, backend_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            _pipe(client_reader, server_writer), _pipe(server_reader, client_writer)
        )

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=512)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    listen = int(sys.argv[1])
    targets = [(part.rsplit(":", 1)[0], int(part.rsplit(":", 1)[1])) for part in sys.argv[2:]]
    asyncio.run(main(listen, targets))
