"""Page times of the console (run by hand; prints figures): every page it links to, fetched again and again.

    python benchmarks/console_pages.py                       # 800 respondents, 30 rounds
    python benchmarks/console_pages.py --respondents 5000 --rounds 50

A throwaway Musterstadt project is made with the real commands (keys, simulated responses,
an opened dataset and one release), then ``eqsurvey console`` is started on a free loopback
port as a person starts it, its one-time link is opened, and every page reachable from the
overview (following the console's own links, downloads left out) is fetched ``--rounds``
times, one request at a time. Printed: per page, p50 and p95 in milliseconds, and over all
pages. The console serves one person; the figures are what that person waits for a page.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

PASSPHRASE = "five quiet words for the benchmark"  # noqa: S105 - made up for the run
SKIPPED = ("/open", "/language/", "/static/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def _eqsurvey(cwd: Path, *args: str) -> None:
    env = {**os.environ, "EQSURVEY_PASSPHRASE": PASSPHRASE}
    subprocess.run([sys.executable, "-m", "eqsurvey", *args], cwd=cwd, env=env, check=True, capture_output=True)


def make_project(parent: Path, respondents: int) -> Path:
    _eqsurvey(parent, "init", "proj", "--example", "musterstadt")
    project = parent / "proj"
    _eqsurvey(project, "keys", "init")
    _eqsurvey(project, "responses", "simulate", "--n", str(respondents), "--seed", "1", "-o", "responses.csv")
    _eqsurvey(project, "responses", "import", "--simulated", "responses.csv")
    _eqsurvey(project, "dataset", "export", "-o", "data/dataset.parquet")
    _eqsurvey(project, "release", "--dataset", "data/dataset.parquet", "--yes")
    return project


def start_console(project: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "eqsurvey", "console", "--port", "0"],
        cwd=project,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    for line in process.stderr or ():
        found = re.search(r"(http://127\.0\.0\.1:\d+/open\?token=\S+)", line)
        if found:
            return process, found.group(1)
    raise SystemExit("the console printed no link")


class Browser:
    """One keep-alive connection with the session's cookie, as a browser tab holds it.

    The standard library's client, not httpx: httpx writes a request in pieces, and the
    delayed acknowledgement that meets (about 40 ms on Linux) would be measured as the
    console's time.
    """

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
        self.cookie = ""

    def get(self, path: str) -> tuple[int, str, str]:
        headers = {"cookie": self.cookie} if self.cookie else {}
        self.connection.request("GET", path, headers=headers)
        answer = self.connection.getresponse()
        body = answer.read().decode("utf-8", "replace")
        cookie = answer.getheader("set-cookie")
        if cookie:
            self.cookie = cookie.split(";")[0]
        return answer.status, answer.getheader("content-type") or "", body

    def close(self) -> None:
        self.connection.close()


def crawl(client: Browser, base: str, limit: int = 80) -> list[str]:
    pages: list[str] = []
    queue = ["/"]
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if path in pages:
            continue
        status, kind, text = client.get(path)
        if status != 200 or "text/html" not in kind:
            continue
        pages.append(path)
        parser = _Links()
        parser.feed(text)
        for href in parser.hrefs:
            url = urldefrag(urljoin(base + path, href)).url
            if url.startswith(base + "/"):
                found = url[len(base) :]
                if not urlsplit(found).path.startswith(SKIPPED) and found not in pages:
                    queue.append(found)
    return pages


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--respondents", type=int, default=800)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        project = make_project(Path(folder), args.respondents)
        print(
            f"project with {args.respondents} simulated respondents and a release: {time.perf_counter() - started:.1f} s"
        )
        process, link = start_console(project)
        try:
            base = link.split("/open")[0]
            client = Browser(base)
            client.get(link[len(base) :])
            pages = crawl(client, base)
            times: dict[str, list[float]] = {page: [] for page in pages}
            for _ in range(args.rounds):
                for page in pages:
                    t0 = time.perf_counter()
                    status, _, _ = client.get(page)
                    times[page].append(1000 * (time.perf_counter() - t0))
                    if status != 200:
                        raise SystemExit(f"{page} answered {status}")
            client.close()
        finally:
            process.terminate()
            process.wait(timeout=30)
    width = max(len(p) for p in pages)
    print(f"{'page':<{width}}  p50 ms  p95 ms")
    for page, values in times.items():
        print(f"{page:<{width}}  {percentile(values, 0.5):6.1f}  {percentile(values, 0.95):6.1f}")
    every = [v for values in times.values() for v in values]
    print(
        f"{'all ' + str(len(pages)) + ' pages':<{width}}  {statistics.median(every):6.1f}  {percentile(every, 0.95):6.1f}"
    )


if __name__ == "__main__":
    main()
