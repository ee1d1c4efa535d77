"""A JSON-RPC client speaking PET's framing to `swift-venv pet server`, and
PET's schema, taken from PET's source (microsoft/python-environment-tools,
read 2026-08): crates/pet-core/src/python_environment.rs (PythonEnvironment,
PythonEnvironmentKind), crates/pet-core/src/manager.rs (EnvManager,
EnvManagerType), crates/pet-core/src/arch.rs, crates/pet/src/jsonrpc.rs
(RefreshResult, InfoResponse), crates/pet-reporter/src/jsonrpc.rs (Log)."""
import json
import queue
import subprocess
import threading

# PythonEnvironment's fields, camelCase, every one serialized (no skip_serializing_if).
ENV_KEYS = ["displayName", "name", "executable", "kind", "version", "prefix", "manager", "project", "arch",
            "symlinks", "error"]
KINDS = ["Conda", "Pixi", "Homebrew", "Pyenv", "GlobalPaths", "PyenvVirtualEnv", "Pipenv", "Poetry", "Hatch",
         "MacPythonOrg", "MacCommandLineTools", "LinuxGlobal", "MacXCode", "Uv", "UvWorkspace", "Venv", "VirtualEnv",
         "VirtualEnvWrapper", "WinPython", "WindowsStore", "WindowsRegistry"]
TOOLS = ["Conda", "Mamba", "Pipenv", "Poetry", "Pyenv"]
LEVELS = ["debug", "info", "warning", "error"]
# Generous: only a guard against a hung server, never a measure.
HANG = 300


def check_optional_str(value, where):
    assert value is None or isinstance(value, str), f"{where}: {value!r} is not a string or null"


def check_manager(manager):
    assert isinstance(manager, dict) and sorted(manager) == ["executable", "tool", "version"], manager
    assert isinstance(manager["executable"], str), manager
    check_optional_str(manager["version"], "manager.version")
    assert manager["tool"] in TOOLS, manager


def check_environment(env):
    """One record in PET's schema: exactly PET's keys, each of PET's type."""
    assert isinstance(env, dict), env
    assert sorted(env) == sorted(ENV_KEYS), f"keys {sorted(env)} are not PET's {sorted(ENV_KEYS)}"
    for key in ("displayName", "name", "executable", "version", "prefix", "project", "error"):
        check_optional_str(env[key], key)
    assert env["kind"] in KINDS, env["kind"]
    if env["manager"] is not None:
        check_manager(env["manager"])
    assert env["arch"] in (None, "x64", "x86"), env["arch"]
    assert env["symlinks"] is None or all(isinstance(s, str) for s in env["symlinks"]), env["symlinks"]


def check_message(message):
    """Every message the server writes: a notification PET sends, a result, or an error."""
    assert message.get("jsonrpc") == "2.0", message
    if "method" in message:
        assert "id" not in message, message
        method, params = message["method"], message["params"]
        assert method in ("environment", "manager", "log", "telemetry"), method
        if method == "environment":
            check_environment(params)
        elif method == "manager":
            check_manager(params)
        elif method == "log":
            assert sorted(params) == ["level", "message"] and params["level"] in LEVELS, params
            assert isinstance(params["message"], str)
    elif "error" in message:
        assert sorted(message) == ["error", "id", "jsonrpc"], message
        assert isinstance(message["error"]["code"], int) and isinstance(message["error"]["message"], str), message
    else:
        assert sorted(message) == ["id", "jsonrpc", "result"], message


def frame(body, length=None):
    data = body.encode() if isinstance(body, str) else body
    return f"Content-Length: {len(data) if length is None else length}\r\n\r\n".encode() + data


class Server:
    """`argv` started as VS Code's client starts PET (`pet server`, pipes),
    its output read on a thread into a queue of parsed messages."""

    def __init__(self, argv, env, cwd=None):
        self.proc = subprocess.Popen([str(a) for a in argv], env=env, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.raw_headers = []
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        try:
            while True:
                headers = []
                while True:
                    line = out.readline()
                    if not line:
                        self.messages.put(None)
                        return
                    if line in (b"\r\n", b"\n"):
                        break
                    headers.append(line)
                self.raw_headers.append(headers)
                length = [int(h.split(b":")[1]) for h in headers if h.lower().startswith(b"content-length:")]
                assert len(length) == 1, headers
                body = out.read(length[0])
                message = json.loads(body)
                self.messages.put(message)
        except Exception as error:  # reported to the test through the queue
            self.messages.put(error)

    def write(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, method, params=None, id=None, notify=False):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        if not notify:
            if id is None:
                id = self.next_id
                self.next_id += 1
            message["id"] = id
        self.write(frame(json.dumps(message)))
        return id

    def receive(self):
        message = self.messages.get(timeout=HANG)
        if isinstance(message, Exception):
            raise message
        assert message is not None, f"the server ended: {self.proc.wait(timeout=HANG)} {self.proc.stderr.read()!r}"
        check_message(message)
        return message

    def until_reply(self, id):
        """The notifications before the answer to `id`, and the answer."""
        notes = []
        while True:
            message = self.receive()
            if "method" in message:
                notes.append(message)
            elif message["id"] == id:
                return notes, message
            else:
                notes.append(message)

    def request(self, method, params=None):
        return self.until_reply(self.send(method, params))

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass
        return self.proc.wait(timeout=HANG)
