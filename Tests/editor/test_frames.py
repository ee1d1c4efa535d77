"""Frames and requests `pet server` cannot answer as asked: each gets a
JSON-RPC error (id null where the request's is unknown) and the server
goes on serving; its input ending, or its client gone, ends it cleanly."""
import json
import subprocess

import pytest

from petclient import frame


def info(s, id):
    s.write(frame(json.dumps({"jsonrpc": "2.0", "id": id, "method": "info"})))


def errors_then_reply(s, id):
    """The messages up to the answer to `id`: each before it an error."""
    before = []
    while True:
        message = s.receive()
        if message.get("id") == id and "result" in message:
            return before, message
        before.append(message)


def test_a_body_without_its_header(server):
    s = server()
    s.write(b'{"jsonrpc": "2.0", "id": 1, "method": "info"}\r\n\r\n')
    info(s, 2)
    before, reply = errors_then_reply(s, 2)
    assert [m["error"]["code"] for m in before] == [-32700] and before[0]["id"] is None
    assert s.close() == 0


def test_a_length_too_short(server):
    s = server()
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "info"})
    s.write(frame(body, length=len(body) - 5))
    info(s, 2)
    before, reply = errors_then_reply(s, 2)
    assert before and all("error" in m and m["id"] is None for m in before), before
    assert s.close() == 0


def test_a_length_too_long(server):
    s = server()
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "info"})
    s.write(frame(body, length=len(body) + 20))
    for id in (2, 3):   # the first is taken into the wrong frame
        info(s, id)
    before, reply = errors_then_reply(s, 3)
    assert before and all("error" in m and m["id"] is None for m in before), before
    assert s.close() == 0


@pytest.mark.parametrize("body, code", [
    ('{"jsonrpc": "2.0", "id": 9, "method": ', -32700),
    ("\xff not text", -32700),
    ("[1, 2]", -32600),
    ('{"jsonrpc": "2.0", "id": {"no": 1}, "method": "info"}', -32600),
])
def test_what_is_not_a_request(server, body, code):
    s = server()
    s.write(frame(body.encode("latin-1")))
    info(s, 2)
    before, _ = errors_then_reply(s, 2)
    assert [(m["id"], m["error"]["code"]) for m in before] == [(None, code)]
    assert s.close() == 0


@pytest.mark.parametrize("message, code", [
    ({"jsonrpc": "2.0", "id": 5}, -3),                                        # PET: no method
    ({"jsonrpc": "2.0", "id": 5, "method": "nonesuch"}, -1),                  # PET: no handler
    ({"jsonrpc": "2.0", "id": 5, "method": "configure", "params": {"workspaceDirectories": "/"}}, -4),
    ({"jsonrpc": "2.0", "id": 5, "method": "resolve", "params": {}}, -4),
    ({"jsonrpc": "2.0", "id": 5, "method": "resolve", "params": {"executable": "/nonexistent/python"}}, -4),
    ({"jsonrpc": "2.0", "id": 5, "method": "refresh", "params": {"searchKind": "Nope"}}, -4),
    ({"jsonrpc": "2.0", "id": 5, "method": "find", "params": []}, -4),
])
def test_requests_pet_refuses(server, message, code):
    s = server()
    s.write(frame(json.dumps(message)))
    info(s, 6)
    before, _ = errors_then_reply(s, 6)
    assert [(m["id"], m["error"]["code"]) for m in before] == [(5, code)]
    assert s.close() == 0


def test_a_content_length_that_is_no_number(server):
    s = server()
    s.write(b"Content-Length: many\r\n\r\n")
    info(s, 2)
    before, _ = errors_then_reply(s, 2)
    assert [m["error"]["code"] for m in before] == [-32700]
    assert s.close() == 0


def test_notifications_get_no_answer_and_string_ids_come_back(server):
    s = server()
    s.write(frame(json.dumps({"jsonrpc": "2.0", "method": "exit"})))
    s.write(frame(json.dumps({"jsonrpc": "2.0", "id": "abc", "method": "info"})))
    assert s.receive()["id"] == "abc"
    # Content-Type accepted, as PET writes it, and headers in either order.
    body = json.dumps({"jsonrpc": "2.0", "id": 3, "method": "info"}).encode()
    s.write(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    assert s.receive()["id"] == 3
    assert s.close() == 0


def peak_memory_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM:")).split()[1])


def test_a_100_mb_body_is_refused_without_being_held(server):
    s = server()
    size = 100 << 20
    s.write(f"Content-Length: {size}\r\n\r\n".encode())
    chunk = b" " * (1 << 20)
    for _ in range(100):
        s.write(chunk)
    info(s, 2)
    before, _ = errors_then_reply(s, 2)
    assert [(m["id"], m["error"]["code"]) for m in before] == [(None, -32600)]
    assert "104857600" in before[0]["error"]["message"]
    assert peak_memory_kib(s.proc.pid) < 64 << 10, "the body was held"
    assert s.close() == 0


def test_the_pipe_closed_mid_message(server):
    s = server()
    s.write(b"Content-Length: 100\r\n\r\n{\"jsonrpc\": ")
    assert s.close() == 0
    s = server()
    s.write(b"Content-Length: 10")
    assert s.close() == 0


def test_a_client_gone_ends_the_server(pet, home):
    """A client that stops reading: the answer cannot be written (EPIPE, not
    SIGPIPE) and the server ends with status 0."""
    proc = subprocess.Popen([str(pet), "server"], env=home.env, cwd=home.root, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    proc.stdout.close()
    proc.stdin.write(frame(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "refresh", "params": {}})))
    proc.stdin.flush()
    assert proc.wait(timeout=300) == 0
    proc.stdin.close()
