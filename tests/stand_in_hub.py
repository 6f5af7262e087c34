"""A stand-in Hugging Face Hub for tests: serves one folder as repo files on 127.0.0.1.

Answers ``HEAD``/``GET /{org}/{name}/resolve/{revision}/{path}`` the way huggingface_hub expects
(X-Repo-Commit, ETag, Content-Length; 404 with X-Error-Code for a missing file or repo) and
records every request path so tests can count them.
"""
from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

COMMIT = "0123456789abcdef0123456789abcdef01234567"


class StandInHub:
    def __init__(self, folder: Path, repo_id: str = "ganedit/test-weights", commit: str = COMMIT):
        self.folder, self.repo_id, self.commit = Path(folder), repo_id, commit
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "StandInHub":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _file(self, url_path: str) -> Path | None:
        prefix = f"/{self.repo_id}/resolve/"
        if not url_path.startswith(prefix):
            return None
        revision, _, name = unquote(url_path[len(prefix):]).partition("/")
        path = self.folder / name
        return path if revision in (self.commit, "main") and path.is_file() else None

    def _handler(self):
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _answer(self, body: bool) -> None:
                url_path = urlparse(self.path).path
                hub.requests.append(f"{self.command} {url_path}")
                path = hub._file(url_path)
                if path is None:
                    self.send_response(404)
                    self.send_header("X-Error-Code", "EntryNotFound")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = path.read_bytes()
                self.send_response(200)
                self.send_header("X-Repo-Commit", hub.commit)
                self.send_header("ETag", f'"{hashlib.sha256(data).hexdigest()}"')
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if body:
                    self.wfile.write(data)

            def do_HEAD(self) -> None:
                self._answer(body=False)

            def do_GET(self) -> None:
                self._answer(body=True)

        return Handler
