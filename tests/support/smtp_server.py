"""A real SMTP server on loopback for the integration tests and the benchmark (aiosmtpd).

    smtp_server.py --dir DIR [--reject ADDRESS]... [--drop-after N] [--user U --password P]
                   [--cert CERT --key KEY [--implicit]] [--no-save]
                   [--kill-pid-file FILE --kill-at N:STAGE]

Listens on 127.0.0.1 on a free port and prints "PORT <n>" once it accepts connections. Each
accepted message is saved as DIR/<n>.eml (the bytes received) and DIR/<n>.json (the envelope and
mail_inspect's summary), n counting from 1. --reject answers 550 to RCPT TO for that address;
--drop-after closes the connection instead of answering the DATA of message N+1 (nothing is
saved); --user/--password require AUTH (allowed without TLS: loopback only); --cert/--key offer
STARTTLS, or TLS from the first byte with --implicit. --kill-at sends SIGKILL to the process
whose id FILE holds (racesync's lock file) at message N (from 1), at STAGE: mail (MAIL FROM
received), rcpt (RCPT TO received), received (the text received; then not stored, answered 451),
stored (stored, before the 250 goes out), replied (right after the 250), replied-late (20 ms
after it). The server stops when its standard input closes, so it never outlives the test that
started it.
"""
import argparse
import asyncio
import json
import logging
import os
import signal
import socket
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mail_inspect  # noqa: E402

# AUTH without TLS is what the loopback tests want; aiosmtpd warns about it on every connection.
warnings.filterwarnings("ignore", message=".*AUTH.*TLS.*")
warnings.filterwarnings("ignore", message=".*login_data.*")
logging.getLogger("mail.log").setLevel(logging.CRITICAL)


class Handler:
    def __init__(self, args):
        self.args = args
        self.reject = {a.lower() for a in args.reject}
        self.accepted = 0
        self.mails = 0
        self.kill_at = None
        if args.kill_at:
            number, stage = args.kill_at.split(":")
            self.kill_at = (int(number), stage)

    def kill(self, stage):
        """SIGKILLs the client at this stage of the current message, once."""
        if self.kill_at != (self.mails, stage):
            return False
        self.kill_at = None
        with open(self.args.kill_pid_file) as f:
            os.kill(int(f.read().strip()), signal.SIGKILL)
        return True

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.mails += 1
        self.kill("mail")
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.kill("rcpt")
        if address.lower() in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.args.drop_after is not None and self.accepted >= self.args.drop_after:
            server.transport.close()
            return "421 4.3.0 closing"  # never reaches the client: the connection is gone
        if self.kill("received"):
            return "451 4.3.0 not stored"  # never reaches the client: it is gone
        self.accepted += 1
        if not self.args.no_save:
            stem = os.path.join(self.args.dir, "%04d" % self.accepted)
            raw = envelope.original_content or envelope.content
            summary = mail_inspect.inspect(raw, stem)
            summary["mail_from"] = envelope.mail_from
            summary["rcpt_tos"] = envelope.rcpt_tos
            with open(stem + ".eml.tmp", "wb") as f:
                f.write(raw)
            with open(stem + ".json.tmp", "w", encoding="utf-8") as f:
                json.dump(summary, f, ensure_ascii=False)
            os.replace(stem + ".eml.tmp", stem + ".eml")
            os.replace(stem + ".json.tmp", stem + ".json")
        self.kill("stored")
        loop = asyncio.get_running_loop()
        if self.kill_at == (self.mails, "replied"):
            loop.call_soon(self.kill, "replied")  # after aiosmtpd has written the 250
        if self.kill_at == (self.mails, "replied-late"):
            loop.call_later(0.02, self.kill, "replied-late")
        return "250 2.0.0 OK queued as %d" % self.accepted


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535
    return check


async def serve(args):
    handler = Handler(args)
    context = None
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)

    def factory():
        return SMTP(handler, hostname="racesync-test", enable_SMTPUTF8=False,
                    tls_context=None if args.implicit else context,
                    require_starttls=bool(context) and not args.implicit,
                    auth_required=bool(args.user), auth_require_tls=False,
                    authenticator=authenticator(args.user, args.password) if args.user else None)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, sock=sock,
                                      ssl=context if args.implicit else None)
    print("PORT %d" % sock.getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.buffer.read)  # returns at EOF
    server.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--drop-after", type=int)
    parser.add_argument("--user")
    parser.add_argument("--password", default="")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--implicit", action="store_true")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--kill-pid-file")
    parser.add_argument("--kill-at")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
    os._exit(0)  # the stdin reader thread may still block; nothing is left to flush


if __name__ == "__main__":
    main()
