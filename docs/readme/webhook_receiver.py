"""A webhook receiver to try watches with: prints each event Project Radar POSTs to it, after
checking the signature (X-Radar-Signature: sha256=HMAC-SHA256(secret, body)).

    python docs/readme/webhook_receiver.py --port PORT --secret SECRET

Written for the README; a real receiver would queue the event and answer at once.
"""
from __future__ import annotations

import argparse
import json
from http.server import BaseHTTPRequestHandler, HTTPServer

from projectradar.formatting import summary_line
from projectradar.notify import SIGNATURE_HEADER, verify


def serve(port: int, secret: str) -> None:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if not verify(secret, body, self.headers.get(SIGNATURE_HEADER)):
                self.send_response(401)              # not signed with our secret: refuse, never retried
                self.end_headers()
                print("refused a request with a wrong signature", flush=True)
                return
            event = json.loads(body)
            print(f"received {event['id']} (attempt {self.headers['X-Radar-Attempt']}, signature ok): "
                  f"{summary_line(event)}", flush=True)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    HTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    options = argparse.ArgumentParser(description="Print the events a watch's webhook sends, signature checked.")
    options.add_argument("--port", type=int, required=True)
    options.add_argument("--secret", required=True)
    args = options.parse_args()
    serve(args.port, args.secret)
