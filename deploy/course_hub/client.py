"""Talking to the hub and to a trainee's server as a browser would (接口客户端).

- :class:`HubAPI`: the hub's REST API (``/hub/api``) with a token;
- :class:`ServerAPI`: a trainee's single-user server through the hub's proxy
  (``/user/NAME/api``: contents, sessions);
- :class:`KernelChannel`: the kernel websocket (``/user/NAME/api/kernels/ID/channels``),
  the same messages JupyterLab sends: ``execute_request`` and widget ``comm_msg``
  (a value change, a button click), with the outputs collected as notebook
  outputs — ``update_display_data`` applied to the output it names.

Everything goes through the public address of the hub, so the proxy, the
hub's authentication of every request and the server's own checks are all on
the path.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import struct
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

AsyncHTTPClient.configure(None, max_clients=500)


class APIError(RuntimeError):
    """A request answered with an unexpected status; carries the status and the body."""

    def __init__(self, method: str, url: str, status: int, body: str) -> None:
        super().__init__(f"{method} {url} -> {status}: {body[:300]}")
        self.status = status
        self.body = body


@dataclass
class Http:
    """JSON over HTTP with a token (or cookies) against ``base`` (e.g. ``http://127.0.0.1:8000``)."""

    base: str
    token: str | None = None
    timeout: float = 300.0

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"} if self.token else {}

    async def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        ok: tuple[int, ...] = (200, 201, 202, 204),
        raw: bool = False,
    ) -> Any:
        url = self.base.rstrip("/") + path
        request = HTTPRequest(
            url,
            method=method,
            headers={**self.headers(), "Content-Type": "application/json"},
            body=json.dumps(body)
            if body is not None
            else (b"" if method in ("POST", "PUT") else None),
            request_timeout=self.timeout,
            connect_timeout=30,
            follow_redirects=False,
            allow_nonstandard_methods=True,
        )
        try:
            reply = await AsyncHTTPClient().fetch(request, raise_error=False)
        except (TimeoutError, OSError) as error:
            raise APIError(method, url, 0, str(error)) from None
        text = reply.body.decode("utf-8", errors="replace") if reply.body else ""
        if reply.code not in ok:
            raise APIError(method, url, reply.code, text)
        if raw:
            return reply
        return json.loads(text) if text.strip() else None


class HubAPI(Http):
    """The hub's REST API (``/hub/api``)."""

    throttled: int = 0  # how often the hub answered "too many servers starting, try again"

    async def create_users(self, names: list[str]) -> None:
        await self.call("POST", "/hub/api/users", {"usernames": names}, ok=(201, 409))

    async def user(self, name: str) -> dict[str, Any]:
        return await self.call("GET", f"/hub/api/users/{quote(name)}")

    async def start_server(self, name: str, timeout: float = 900) -> int:
        """Ask for ``name``'s server; while the hub says "too many starting" (429), wait as it asks and retry.

        Returns the final status (201 started, 202 starting, 400 already running).
        """
        deadline = time.monotonic() + timeout
        while True:
            reply = await self.call(
                "POST", f"/hub/api/users/{quote(name)}/server", ok=(201, 202, 400, 429), raw=True
            )
            if reply.code != 429:
                return reply.code
            self.throttled += 1
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{name}'s server was refused (too many starting) for {timeout:.0f} s"
                )
            await asyncio.sleep(float(reply.headers.get("Retry-After", 5)))

    async def wait_ready(self, name: str, timeout: float = 600) -> dict[str, Any]:
        """Poll until ``name``'s server is ready (as the spawn-pending page does)."""
        deadline = time.monotonic() + timeout
        while True:
            model = await self.user(name)
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                return server
            if not server and not model.get("pending"):
                raise RuntimeError(
                    f"{name}'s server is neither running nor starting (start failed; see the hub log)"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"{name}'s server was not ready after {timeout:.0f} s")
            await asyncio.sleep(0.5)

    async def stop_server(self, name: str, timeout: float = 300) -> None:
        await self.call("DELETE", f"/hub/api/users/{quote(name)}/server", ok=(202, 204, 400))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = await self.user(name)
            if not model.get("servers") and not model.get("pending"):
                return
            await asyncio.sleep(0.5)
        raise TimeoutError(f"{name}'s server did not stop within {timeout:.0f} s")

    async def new_token(
        self, name: str, note: str = "classroom simulation", expires_in: int = 7200
    ) -> str:
        reply = await self.call(
            "POST", f"/hub/api/users/{quote(name)}/tokens", {"note": note, "expires_in": expires_in}
        )
        return reply["token"]


@dataclass
class ServerAPI(Http):
    """One trainee's single-user server, reached through the hub's public address."""

    user: str = ""

    @property
    def prefix(self) -> str:
        return f"/user/{quote(self.user)}"

    async def get(self, path: str, *, content: bool = True) -> dict[str, Any]:
        return await self.call(
            "GET", f"{self.prefix}/api/contents/{quote(path)}?content={int(content)}"
        )

    async def save_notebook(self, path: str, notebook: dict[str, Any]) -> dict[str, Any]:
        return await self.call(
            "PUT",
            f"{self.prefix}/api/contents/{quote(path)}",
            {"type": "notebook", "format": "json", "content": notebook},
        )

    async def open_notebook(self, path: str, kernel: str = "python3") -> dict[str, Any]:
        """Start a session (a kernel for the notebook) as JupyterLab does when a notebook is opened."""
        return await self.call(
            "POST",
            f"{self.prefix}/api/sessions",
            {
                "path": path,
                "name": path.rsplit("/", 1)[-1],
                "type": "notebook",
                "kernel": {"name": kernel},
            },
        )

    async def close_session(self, session_id: str) -> None:
        await self.call("DELETE", f"{self.prefix}/api/sessions/{session_id}", ok=(204, 404))

    async def channel(self, kernel_id: str) -> KernelChannel:
        channel = KernelChannel(self, kernel_id)
        await channel.connect()
        return channel


# --------------------------------------------------------------------------- the kernel websocket
def _decode_binary(frame: bytes) -> dict[str, Any]:
    """The legacy binary websocket frame: offsets, the JSON message, then its buffers."""
    (count,) = struct.unpack("!I", frame[:4])
    offsets = list(struct.unpack(f"!{count}I", frame[4 : 4 + 4 * count])) + [len(frame)]
    message = json.loads(frame[offsets[0] : offsets[1]].decode("utf-8"))
    message["buffers"] = [frame[offsets[i] : offsets[i + 1]] for i in range(1, count)]
    return message


def to_output(message: dict[str, Any]) -> dict[str, Any] | None:
    """An iopub message as a notebook output (nbformat 4), or None for messages that are not outputs."""
    kind, content = message["msg_type"], message["content"]
    if kind == "stream":
        return {"output_type": "stream", "name": content["name"], "text": content["text"]}
    if kind == "display_data":
        return {
            "output_type": "display_data",
            "data": content["data"],
            "metadata": content.get("metadata", {}),
        }
    if kind == "execute_result":
        return {
            "output_type": "execute_result",
            "data": content["data"],
            "metadata": content.get("metadata", {}),
            "execution_count": content.get("execution_count"),
        }
    if kind == "error":
        return {
            "output_type": "error",
            "ename": content["ename"],
            "evalue": content["evalue"],
            "traceback": content.get("traceback", []),
        }
    return None


@dataclass
class Execution:
    """What one request produced: outputs (notebook form), the reply, timings."""

    msg_id: str
    outputs: list[dict[str, Any]] = field(default_factory=list)
    reply: dict[str, Any] | None = None
    execution_count: int | None = None
    replied_at: float | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)
    idle: bool = False
    opened_comms: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return (self.reply or {}).get("status", "no reply")


class KernelChannel:
    """The websocket to one kernel: execute code, send widget messages, keep widget state and display ids."""

    def __init__(self, server: ServerAPI, kernel_id: str) -> None:
        self.server = server
        self.kernel_id = kernel_id
        self.session = uuid.uuid4().hex
        self.ws: WebSocketClientConnection | None = None
        self.pending: dict[str, Execution] = {}
        self.comms: dict[str, dict[str, Any]] = {}  # comm id -> widget state
        self.displays: dict[str, list[dict[str, Any]]] = {}  # display id -> outputs showing it
        self._reader: asyncio.Task | None = None
        self.closed_reason: str | None = None

    async def connect(self) -> None:
        base = (
            self.server.base.replace("http://", "ws://", 1)
            .replace("https://", "wss://", 1)
            .rstrip("/")
        )
        url = f"{base}{self.server.prefix}/api/kernels/{self.kernel_id}/channels?session_id={self.session}"
        request = HTTPRequest(
            url, headers=self.server.headers(), connect_timeout=60, request_timeout=120
        )
        self.ws = await websocket_connect(request, max_message_size=256 * 1024 * 1024)
        self._reader = asyncio.ensure_future(self._read())

    async def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    def _message(
        self, msg_type: str, content: dict[str, Any], channel: str = "shell"
    ) -> dict[str, Any]:
        return {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "username": self.server.user,
                "session": self.session,
                "msg_type": msg_type,
                "version": "5.3",
                "date": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()),
            },
            "parent_header": {},
            "metadata": {},
            "content": content,
            "buffers": [],
            "channel": channel,
        }

    async def _send(self, message: dict[str, Any]) -> Execution:
        assert self.ws is not None, "connect() first"
        run = Execution(message["header"]["msg_id"])
        self.pending[run.msg_id] = run
        await self.ws.write_message(json.dumps(message))
        return run

    async def _read(self) -> None:
        assert self.ws is not None
        while True:
            frame = await self.ws.read_message()
            if frame is None:
                self.closed_reason = "the websocket closed"
                for run in self.pending.values():
                    run.done.set()
                return
            message = _decode_binary(frame) if isinstance(frame, bytes) else json.loads(frame)
            self._dispatch(message)

    def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message.get("msg_type") or message.get("header", {}).get("msg_type")
        message["msg_type"] = kind
        parent = (message.get("parent_header") or {}).get("msg_id")
        run = self.pending.get(parent)
        content = message.get("content", {})
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.comms[content["comm_id"]] = dict(content.get("data", {}).get("state", {}))
            if run is not None:
                run.opened_comms.append(content["comm_id"])
        elif kind == "comm_msg" and content.get("comm_id") in self.comms:
            data = content.get("data", {})
            if data.get("method") in ("update", "echo_update"):
                self.comms[content["comm_id"]].update(data.get("state", {}))
        elif kind == "update_display_data":
            display_id = (content.get("transient") or {}).get("display_id")
            for output in self.displays.get(display_id, []):
                output["data"] = content["data"]
                output["metadata"] = content.get("metadata", {})
        elif kind == "status" and content.get("execution_state") in ("restarting", "dead"):
            # the kernel died (the OOM killer, a crash): nothing pending will be answered
            self.closed_reason = f"the kernel died ({content['execution_state']})"
            for waiting in self.pending.values():
                waiting.done.set()
        elif kind == "status" and run is not None and content.get("execution_state") == "idle":
            run.idle = True
            if run.reply is not None:
                run.done.set()
        elif message.get("channel") == "shell" and kind.endswith("_reply") and run is not None:
            run.reply = content
            run.replied_at = time.monotonic()
            run.execution_count = content.get("execution_count")
            if run.idle or kind == "comm_info_reply":
                run.done.set()
        if run is not None and kind == "clear_output":
            run.outputs.clear()
        output = to_output(message) if run is not None else None
        if output is not None:
            run.outputs.append(output)
            display_id = (content.get("transient") or {}).get("display_id")
            if display_id:
                self.displays.setdefault(display_id, []).append(output)

    async def _wait(self, run: Execution, timeout: float) -> Execution:
        try:
            await asyncio.wait_for(run.done.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(f"no answer from the kernel within {timeout:.0f} s") from None
        finally:
            self.pending.pop(run.msg_id, None)
        if self.closed_reason and run.reply is None:
            raise ConnectionError(self.closed_reason)
        return run

    async def execute(self, code: str, timeout: float = 300) -> Execution:
        """Run ``code`` as a notebook cell and wait until the kernel is idle again."""
        run = await self._send(
            self._message(
                "execute_request",
                {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": False,
                },
            )
        )
        return await self._wait(run, timeout)

    async def comm_send(
        self, comm_id: str, data: dict[str, Any], timeout: float = 120
    ) -> Execution:
        """A widget message from the front end (``update`` a value, ``custom`` click), waiting for the kernel."""
        message = self._message("comm_msg", {"comm_id": comm_id, "data": data})
        run = await self._send(message)
        run.reply = {"status": "ok"}  # comm messages get no reply: done when the kernel is idle
        return await self._wait(run, timeout)

    def widgets(self, comm_ids: list[str], model: str) -> list[str]:
        """The comms among ``comm_ids`` whose widget model is ``model`` (e.g. ``RadioButtonsModel``)."""
        return [c for c in comm_ids if self.comms.get(c, {}).get("_model_name") == model]
