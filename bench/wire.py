"""A TCP relay on 127.0.0.1 that counts every byte crossing it, headers included.

It runs in its own process, so counting never competes with the client being
measured for the interpreter lock.
"""

from __future__ import annotations

import asyncio
import multiprocessing


def _serve(upstream_port: int, to_server, to_client, port_pipe) -> None:
    async def pipe(reader, writer, counter) -> None:
        try:
            while data := await reader.read(262144):
                counter.value += len(data)
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def handle(client_reader, client_writer) -> None:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", upstream_port)
        await asyncio.gather(
            pipe(client_reader, server_writer, to_server),
            pipe(server_reader, client_writer, to_client),
        )

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port_pipe.send(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())


class CountingRelay:
    """Forwards 127.0.0.1:<port> to an upstream port and counts bytes each way."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self._to_server = multiprocessing.Value("q", 0, lock=False)
        self._to_client = multiprocessing.Value("q", 0, lock=False)
        self.port = 0
        self._process: multiprocessing.Process | None = None

    @property
    def total(self) -> int:
        """Bytes in both directions since the last reset."""
        return self._to_server.value + self._to_client.value

    def reset(self) -> None:
        """Start counting from zero."""
        self._to_server.value = 0
        self._to_client.value = 0

    def start(self) -> CountingRelay:
        """Start relaying in a child process."""
        receiver, sender = multiprocessing.Pipe(duplex=False)
        self._process = multiprocessing.Process(
            target=_serve,
            args=(self.upstream_port, self._to_server, self._to_client, sender),
            daemon=True,
        )
        self._process.start()
        self.port = receiver.recv()
        return self

    def stop(self) -> None:
        """Stop the relay process."""
        if self._process is not None:
            self._process.terminate()
            self._process.join(5)
