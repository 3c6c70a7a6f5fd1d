"""The console's shared services for its sections: pages, forms, notes, jobs and the project.

Sections build their handlers from these, so every page has the same frame,
every post the same checks, and every long step the same progress page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from eqsurvey.config import CONFIG_NAME, Project, find_root, load_project
from eqsurvey.console.forms import Form, RefusedError, read_form
from eqsurvey.console.gate import LANGUAGES, Gate, Session
from eqsurvey.console.jobs import Job, JobResult, Jobs
from eqsurvey.console.messages import WORDING
from eqsurvey.console.section import Section, Wording
from instruments.loader import LoadedInstrument, load_instrument
from kernel.errors import EqSurveyError, Problem

T = TypeVar("T")
STATIC = "/static/console.css"


@dataclass
class Workspace:
    """Where the console was started, and the project it works on (None until one is created there)."""

    started_in: Path
    root: Path | None = None

    @classmethod
    def at(cls, folder: Path) -> Workspace:
        return cls(folder, find_root(folder))


@dataclass
class Console:
    workspace: Workspace
    gate: Gate
    jobs: Jobs
    sections: Sequence[Section] = ()
    _env: jinja2.Environment | None = field(default=None, repr=False)
    _instruments: dict[tuple[str, int, int, int], LoadedInstrument] = field(default_factory=dict, repr=False)

    # --- the project -----------------------------------------------------------------------------

    def project(self) -> Project | None:
        """The project as its files say now (read on every call: the person may edit them meanwhile)."""
        root = self.workspace.root
        if root is None or not (root / CONFIG_NAME).is_file():
            return None
        return load_project(root)

    def instrument(self, project: Project) -> LoadedInstrument:
        """The project's instrument, read again only when its file changed (reading takes tens of ms)."""
        path = project.instrument_path
        try:
            facts = path.stat()
        except OSError:
            return load_instrument(path)  # says what is wrong with the path, as the commands do
        stamp = (str(path), facts.st_mtime_ns, facts.st_size, facts.st_ino)
        cached = self._instruments.get(stamp)
        if cached is None:
            cached = load_instrument(path)
            self._instruments = {stamp: cached}
        return cached

    def require_project(self) -> Project:
        project = self.project()
        if project is None:
            raise EqSurveyError.single(
                "no-project",
                "the console was not started in a survey project",
                "create one on the overview page, or start the console in a project folder",
            )
        return project

    # --- requests ------------------------------------------------------------------------------------

    def session(self, request: Request) -> Session:
        session = self.gate.session(request)
        if session is None:  # the session middleware lets no request without one through
            raise RefusedError("closed", 403)
        return session

    def lang(self, request: Request) -> str:
        return self.session(request).lang

    async def form(self, request: Request, *, max_files: int = 0) -> Form:
        """The posted form, after the CSRF check; raises :class:`RefusedError` (answered by the frame) otherwise."""
        return await read_form(request, self.session(request), max_files=max_files)

    async def run(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call blocking library code off the event loop, so that other pages keep answering."""
        return await run_in_threadpool(func, *args, **kwargs)

    # --- answers ---------------------------------------------------------------------------------------

    def page(
        self,
        request: Request,
        template: str,
        *,
        title: str,
        words: Wording | None = None,
        status: int = 200,
        problems: Sequence[Problem] = (),
        **context: Any,
    ) -> HTMLResponse:
        """A page in the console's frame. ``problems`` are listed at the top, and by field for
        templates that call ``problems_at(field)``; a page with problems answers 422."""
        session = self.session(request)
        lang = session.lang
        path = request.url.path
        html = (
            self.environment()
            .get_template(template)
            .render(
                lang=lang,
                m=WORDING(lang),
                w=words(lang) if words else {},
                title=title,
                nav=self.navigation(lang, path),
                here=path,
                languages=[(code, code == lang) for code in LANGUAGES],
                csrf=session.csrf,
                notes=session.take_notes(),
                problems=list(problems),
                project=self._project_name(),
                running=len(self.jobs.running()),
                css_url=STATIC,
                **context,
            )
        )
        return HTMLResponse(html, status_code=422 if problems and status == 200 else status)

    def done(self, request: Request, url: str, note: str | None = None) -> RedirectResponse:
        """After a post that changed something: a note for the next page, and a redirect to it (303)."""
        if note:
            self.session(request).notes.append(note)
        return RedirectResponse(url, status_code=303)

    def start(self, title: str, work: Callable[[Job], JobResult]) -> RedirectResponse:
        """Start a long step as a job and go to its progress page."""
        job = self.jobs.start(title, work)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    def navigation(self, lang: str, path: str) -> list[tuple[str, str, bool]]:
        items = [("/", WORDING.text(lang, "nav_overview"), path == "/")]
        for section in self.sections:
            prefix = f"/{section.slug}"
            label = section.wording.catalogues.translator(lang).text(section.title)
            items.append((prefix, label, path == prefix or path.startswith(prefix + "/")))
        return items

    def environment(self) -> jinja2.Environment:
        if self._env is None:
            loaders: dict[str, jinja2.BaseLoader] = {"console": jinja2.PackageLoader("eqsurvey.console", "templates")}
            for section in self.sections:
                loaders[section.slug] = jinja2.PackageLoader(section.template_package, "templates")
            self._env = jinja2.Environment(
                loader=jinja2.PrefixLoader(loaders),
                auto_reload=False,
                autoescape=True,
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
            )
        return self._env

    def _project_name(self) -> str | None:
        try:
            project = self.project()
        except EqSurveyError:
            return None
        return project.settings.name if project else None
