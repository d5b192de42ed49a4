"""A real SMTP server on 127.0.0.1 for the derma-aftercare tests
(Debian's python3-aiosmtpd), on a port the system picks.

    /usr/bin/python3 smtpd.py DIR [DELAY]

DELAY seconds (default 0) pass between the end of a message's DATA and
the server keeping it and answering 250 (a slow server, for t-faults.sh).
Listens, then writes the port to DIR/port (through a temporary file, so
that the file is whole once it exists); writes each message it receives
to DIR/N.eml, and its envelope to DIR/N.env ("MAIL FROM", then one line
per RCPT TO), N counting from 1.  Stops on SIGTERM.
"""
import asyncio
import os
import signal
import sys

from aiosmtpd.smtp import SMTP


class Keep:
    def __init__(self, where, delay):
        self.where = where
        self.delay = delay
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        self.n += 1
        base = os.path.join(self.where, str(self.n))
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".env", "w") as f:
            f.write(envelope.mail_from + "\n")
            for rcpt in envelope.rcpt_tos:
                f.write(rcpt + "\n")
        os.rename(base + ".tmp", base + ".eml")
        return "250 OK"


async def serve(where, delay):
    loop = asyncio.get_running_loop()
    handler = Keep(where, delay)
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="smtp.test"), host="127.0.0.1", port=0)
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(where, "port.tmp"), "w") as f:
        f.write("%d\n" % port)
    os.rename(os.path.join(where, "port.tmp"), os.path.join(where, "port"))
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    await stop
    server.close()
    await server.wait_closed()


asyncio.run(serve(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0))
