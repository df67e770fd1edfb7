"""A TCP relay on 127.0.0.1 that counts every byte crossing it, headers included."""

from __future__ import annotations

import asyncio
import threading


class CountingRelay:
    """Forwards 127.0.0.1:<port> to an upstream port and counts bytes each way."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.to_server = 0
        self.to_client = 0
        self.connections = 0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def total(self) -> int:
        """Bytes in both directions since the last reset."""
        return self.to_server + self.to_client

    def reset(self) -> None:
        """Start counting from zero."""
        self.to_server = self.to_client = self.connections = 0

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _pipe(self, reader, writer, direction: str) -> None:
        try:
            while data := await reader.read(65536):
                setattr(self, direction, getattr(self, direction) + len(data))
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def _handle(self, client_reader, client_writer) -> None:
        self.connections += 1
        server_reader, server_writer = await asyncio.open_connection(
            "127.0.0.1", self.upstream_port
        )
        await asyncio.gather(
            self._pipe(client_reader, server_writer, "to_server"),
            self._pipe(server_reader, client_writer, "to_client"),
        )

    def start(self) -> CountingRelay:
        """Start relaying in a background thread."""
        self._thread.start()
        self._ready.wait(5)
        return self
