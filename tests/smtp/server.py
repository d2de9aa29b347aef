"""A real SMTP server (aiosmtpd) on 127.0.0.1 for LODE's tests, started by `tests/src/smtp.rs`.

    python server.py PORT DIRECTORY

PORT 0 picks a free port. Once listening, the first line on standard output is
`listening 127.0.0.1:PORT`. Plain SMTP only: no TLS, no AUTH.

Each message accepted is kept in DIRECTORY as two files, numbered in the order they arrived
(000001, 000002, ...; a restarted server goes on after the highest number there):

- `N.json`: the envelope, `{"mail_from": "...", "rcpt_tos": ["...", ...]}`;
- `N.eml`: the message's bytes exactly as received after DATA (dot-unstuffed, CRLF line ends).

Both are written under a temporary name (starting with `.`) and renamed, the `.json` first: a reader
that lists `*.eml` never sees a message half written nor one without its envelope.

Fault injection: if the file `DIRECTORY/reply` exists, its first line (an SMTP reply such as
`451 4.3.0 try later` or `550 5.1.1 no such user`) answers DATA instead of accepting the message;
`DIRECTORY/reply-rcpt` does the same for every RCPT TO. The files are read at each command, so a
test changes the answer while the server runs.

The server exits when its standard input closes, so that it never outlives the test that started it.
"""

import asyncio
import json
import os
import sys
import threading

from aiosmtpd.smtp import SMTP

HOST = "127.0.0.1"


def control_reply(directory, name):
    """The reply held in the control file `name`, if there is one."""
    try:
        with open(os.path.join(directory, name), encoding="utf-8") as file:
            reply = file.readline().strip()
    except FileNotFoundError:
        return None
    return reply or None


def write_atomically(path, data):
    temporary = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
    with open(temporary, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


class Keeper:
    """The aiosmtpd handler: answers as the control files say, else keeps each message."""

    def __init__(self, directory):
        self.directory = directory
        numbers = [
            int(name[:-4])
            for name in os.listdir(directory)
            if name.endswith(".eml") and name[:-4].isdigit()
        ]
        self.last = max(numbers, default=0)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = control_reply(self.directory, "reply-rcpt")
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        reply = control_reply(self.directory, "reply")
        if reply is not None:
            return reply
        self.last += 1
        stem = os.path.join(self.directory, "%06d" % self.last)
        sidecar = {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos)}
        write_atomically(stem + ".json", json.dumps(sidecar).encode("utf-8"))
        write_atomically(stem + ".eml", envelope.original_content)
        return "250 2.0.0 Message accepted"


def exit_when_stdin_closes():
    # Blocks until the parent closes the pipe or dies (the kernel closes it then).
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


async def serve(port, directory):
    loop = asyncio.get_running_loop()
    keeper = Keeper(directory)

    def protocol():
        # A fixed host name: the default looks the machine's name up in DNS.
        return SMTP(keeper, hostname="lode-test-smtp", enable_SMTPUTF8=True, timeout=30)

    # A restart asks for the port it had: the old process has just been killed, so the port may
    # still be held for a moment. asyncio sets SO_REUSEADDR, so this is rare and short.
    for attempt in range(100):
        try:
            server = await loop.create_server(protocol, HOST, port)
            break
        except OSError:
            if port == 0 or attempt == 99:
                raise
            await asyncio.sleep(0.05)
    bound = server.sockets[0].getsockname()[1]
    print("listening %s:%d" % (HOST, bound), flush=True)
    async with server:
        await server.serve_forever()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: server.py PORT DIRECTORY")
    port = int(sys.argv[1])
    directory = sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    asyncio.run(serve(port, directory))


if __name__ == "__main__":
    main()
