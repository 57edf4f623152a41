#!/usr/bin/env python3
"""A minimal Docker registry token server, FOR THE TESTS ONLY
(tests/registry/registry_push_test.sh): it lets Debian's docker-registry run
with `auth: token:` so stackctl's Bearer flow is exercised for real.

GET /token?service=S&scope=repository:NAME:pull,push with Basic credentials
(checked against USER and the first line of PASSWORD_FILE) answers
{"token": JWT, "access_token": JWT, "expires_in": 300}; the JWT is RS256-signed
with KEY (via the openssl CLI) and carries the certificate CERT in its x5c
header, which the registry's rootcertbundle trusts. Wrong credentials: 401.
Standard library only; listens on 127.0.0.1:PORT.

usage: token_issuer.py PORT ISSUER SERVICE KEY CERT USER PASSWORD_FILE
"""
import base64
import http.server
import json
import subprocess
import sys
import time
import urllib.parse
import uuid

port, issuer, service, key, cert, user, password_file = sys.argv[1:8]
with open(password_file) as f:
    password = f.readline().rstrip("\n")
with open(cert) as f:
    cert_der_b64 = "".join(l for l in f.read().splitlines() if "CERTIFICATE" not in l)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(payload: dict) -> str:
    header = {"typ": "JWT", "alg": "RS256", "x5c": [cert_der_b64]}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(payload).encode())
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=signing_input.encode(),
                               capture_output=True, check=True).stdout
    return signing_input + "." + b64url(signature)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):  # quiet; the test prints the registry log on failure
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        if url.path != "/token":
            return self.reply(404, {"errors": [{"code": "NOT_FOUND", "message": "no such path"}]})
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "bad credentials"}]})
        query = urllib.parse.parse_qs(url.query)
        if query.get("service", [""])[0] != service:
            return self.reply(400, {"errors": [{"code": "DENIED", "message": "unknown service"}]})
        access = []
        for scope in query.get("scope", []):
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            access.append({"type": kind, "name": name, "actions": [a for a in actions.split(",") if a]})
        now = int(time.time())
        token = sign({"iss": issuer, "sub": user, "aud": service, "iat": now, "nbf": now - 10,
                      "exp": now + 300, "jti": uuid.uuid4().hex, "access": access})
        self.reply(200, {"token": token, "access_token": token, "expires_in": 300})


http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), Handler).serve_forever()
