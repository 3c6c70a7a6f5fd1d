"""What a part of the console declares: its place in the navigation, its routes, its wording."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.routing import BaseRoute

from kernel.i18n import Catalogues, Msg

if TYPE_CHECKING:
    from eqsurvey.console.frame import Console


@dataclass(frozen=True)
class Wording:
    """A section's messages and catalogues: ``w.key`` in its templates."""

    catalogues: Catalogues
    messages: tuple[Msg, ...]

    def __call__(self, lang: str) -> dict[str, str]:
        return self.catalogues.translator(lang).wording(self.messages)

    def text(self, lang: str, key: str, /, **values: object) -> str:
        msg = next(m for m in self.messages if m.key == key)
        return self.catalogues.translator(lang).gettext(msg, **values)


@dataclass(frozen=True)
class Section:
    slug: str
    """Its URL prefix (``/<slug>``), its template folder's prefix (``<slug>/page.j2``) and its package's name."""
    title: Msg
    """Its name in the navigation (translated by the section's own catalogue)."""
    wording: Wording
    routes: Callable[[Console], Sequence[BaseRoute]]
    """Its routes, with paths that start with ``/<slug>``."""
    package: str = ""
    """The package whose ``templates/`` folder holds its templates (default ``eqsurvey.console.<slug>``)."""

    @property
    def template_package(self) -> str:
        return self.package or f"eqsurvey.console.{self.slug}"
