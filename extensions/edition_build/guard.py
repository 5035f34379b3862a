"""No role or directive, the edition's or a dependency's, ends the build with a traceback.

Sphinx, docutils, MyST and sphinxcontrib-bibtex register some 250 roles and directives
(most of them for documenting code, which an edition never uses but an editor can type).
Several raise an exception on bad content instead of reporting it: a docutils option
converter given an empty value (``:figwidth:`` with nothing after it, ``AttributeError``),
Sphinx's ``productionlist`` (``ValueError``), sphinxcontrib-bibtex's ``cite`` roles
(``ValueError: malformed citation target``, handled with a better message in
:mod:`citations.bibtex_roles`).  A traceback tells an editor nothing and stops the build.

At ``builder-inited``, once every extension has registered its constructs, every role and
directive (docutils' global registry and every domain's) is wrapped:

* an exception in a role or in a directive's ``run()`` becomes a warning at the
  construct's file and line, ``[edition.construct_failed]``, naming the construct and the
  error; the text is shown as typed (a role's text, a directive's block as a literal
  block), never dropped;
* an exception other than ``ValueError``/``TypeError`` in an option converter becomes a
  ``ValueError``, which docutils and MyST report as an invalid option value at its line.

docutils' own reports (``self.error()``, ``DirectiveError``, system messages) pass
through untouched: they already are located warnings.

And every warning ends with a ``[type.subtype]``: one that Sphinx logs without a type
(its C and C++ parsers, ``hlist``, ``only``…) gets the module it comes from, e.g.
``[sphinx.domains.cpp]`` (:class:`TypeUntypedWarnings`).
"""

from __future__ import annotations

import importlib
import logging as pylogging
import os
from collections.abc import Callable
from typing import Any

from docutils import nodes, utils
from docutils.parsers.rst import Directive, DirectiveError, directives, roles
from docutils.parsers.rst.states import MarkupError
from docutils.utils import SystemMessage, SystemMessagePropagation
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: docutils' way of reporting bad markup: already a located warning
REPORTED = (DirectiveError, SystemMessagePropagation, SystemMessage, MarkupError)

HINT = ("check its text, argument and options against the Editors' Guide; the text is "
        "shown as typed")


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]!r}" if text else type(exc).__name__


class GuardedRole:
    """A role whose exceptions become located warnings."""

    _edition_guarded = True

    def __init__(self, role: Callable[..., Any]) -> None:
        self.role = role

    def __getattr__(self, name: str) -> Any:  # e.g. ``options`` / ``content`` of a role function
        return getattr(self.role, name)

    def __call__(self, name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                 options: Any = None, content: Any = ()) -> tuple[list[nodes.Node], list[Any]]:
        try:
            return self.role(name, rawtext, text, lineno, inliner, options, content)
        except REPORTED:
            raise
        except Exception as exc:
            env = getattr(inliner.document.settings, "env", None)
            location = (env.docname, lineno) if env is not None else None
            logger.warning(
                "the role {%s} failed on %r (%s): %s", name, text[:200], _describe(exc), HINT,
                location=location, type="edition", subtype="construct_failed",
            )
            return [nodes.inline(rawtext, utils.unescape(text))], []


def guard_role(role: Any) -> Any:
    if role is None or getattr(role, "_edition_guarded", False):
        return role
    return GuardedRole(role)


#: the guarded form of each option converter (most directives share a few converters)
_GUARDED_OPTIONS: dict[Any, Callable[[Any], Any]] = {}


def guard_option(converter: Callable[[Any], Any]) -> Callable[[Any], Any]:
    if converter is directives.flag or getattr(converter, "_edition_guarded", False):
        return converter
    try:
        return _GUARDED_OPTIONS[converter]
    except TypeError:  # an unhashable converter: guarded alone
        return _guard_option(converter)
    except KeyError:
        checked = _GUARDED_OPTIONS[converter] = _guard_option(converter)
        return checked


def _guard_option(converter: Callable[[Any], Any]) -> Callable[[Any], Any]:

    def checked(value: Any) -> Any:
        try:
            return converter(value)
        except (ValueError, TypeError):
            raise
        except Exception as exc:
            raise ValueError(f"not a valid value ({_describe(exc)})") from None

    checked._edition_guarded = True  # type: ignore[attr-defined]
    checked.__name__ = getattr(converter, "__name__", "converter")
    checked.__doc__ = getattr(converter, "__doc__", None)
    return checked


def guard_directive(cls: Any) -> Any:
    """A subclass of directive *cls* whose exceptions become located warnings."""
    if cls is None or not isinstance(cls, type) or cls.__dict__.get("_edition_guarded"):
        return cls
    original_run = cls.run

    def run(self: Directive) -> list[nodes.Node]:
        try:
            return original_run(self)
        except REPORTED:
            raise
        except Exception as exc:
            env = getattr(self.state.document.settings, "env", None)
            location = (env.docname, self.lineno) if env is not None else None
            logger.warning(
                "the directive {%s} failed (%s): %s", self.name, _describe(exc), HINT,
                location=location, type="edition", subtype="construct_failed",
            )
            block = nodes.literal_block(self.block_text, self.block_text)
            block.source, block.line = self.state_machine.get_source_and_line(self.lineno)
            return [block]

    namespace: dict[str, Any] = {"run": run, "_edition_guarded": True, "__module__": cls.__module__,
                                 "__doc__": cls.__doc__, "__qualname__": cls.__qualname__}
    if cls.option_spec:
        namespace["option_spec"] = {k: guard_option(v) for k, v in cls.option_spec.items()}
    return type(cls.__name__, (cls,), namespace)


def _registered_directive(name: str) -> Any:
    """A docutils built-in directive not yet imported (docutils loads them lazily)."""
    module, cls = directives._directive_registry[name]
    try:
        return getattr(importlib.import_module(f"docutils.parsers.rst.directives.{module}"), cls)
    except (ImportError, AttributeError):
        return None


def guard_everything(app: Sphinx) -> None:
    """``builder-inited``: wrap every registered role and directive (idempotent), and give
    every warning a type."""
    type_untyped_warnings(app)
    for name in list(directives._directive_registry):
        if name not in directives._directives:
            cls = _registered_directive(name)
            if cls is not None:
                directives._directives[name] = cls
    for name, cls in list(directives._directives.items()):
        directives._directives[name] = guard_directive(cls)
    for name, func in list(roles._role_registry.items()):
        roles._roles.setdefault(name, func)
    for name, func in list(roles._roles.items()):
        roles._roles[name] = guard_role(func)
    for domain in app.env.domains.sorted():
        domain.roles = {k: guard_role(v) for k, v in domain.roles.items()}
        domain.directives = {k: guard_directive(v) for k, v in domain.directives.items()}
        domain._role_cache.clear()
        domain._directive_cache.clear()


# -- every warning names its origin --------------------------------------------------------

class TypeUntypedWarnings(pylogging.Filter):
    """Correct a location given as ``(file path, line)`` (Sphinx's ``code-block`` under
    MyST printed ``page.md.md:LINE``), and give a warning logged without a type (Sphinx's
    C/C++ parsers, ``hlist``, ``only``…)
    the module it comes from, ``[sphinx.domains.cpp]``: every warning then ends with a
    ``[type.subtype]``, which ``suppress_warnings`` can name.  Placed first, before Sphinx's
    own filters (suppression, the ``[type.subtype]`` suffix)."""

    def filter(self, record: pylogging.LogRecord) -> bool:
        if record.levelno < pylogging.WARNING:
            return True
        if not isinstance(record.msg, str) and not record.args:
            record.msg = str(record.msg)  # e.g. an exception logged as the message
        location = getattr(record, "location", None)
        if (isinstance(location, tuple) and len(location) == 2 and isinstance(location[0], str)
                and os.path.isabs(location[0]) and os.path.isfile(location[0])):
            # (file path, line) where Sphinx expects (docname, line): Sphinx's code directives
            # under MyST; it would print "page.md.md:LINE"
            record.location = f"{location[0]}:{location[1] or ''}"  # type: ignore[attr-defined]
        if not getattr(record, "type", None):
            module = record.name.removeprefix("sphinx.")
            package, _, rest = module.partition(".")
            record.type = package or "sphinx"  # type: ignore[attr-defined]
            record.subtype = rest or "general"  # type: ignore[attr-defined]
        return True


def type_untyped_warnings(app: Sphinx | None = None) -> None:
    """Install :class:`TypeUntypedWarnings` on Sphinx's warning handler (idempotent; call
    again after ``sphinx.util.logging.setup``, which replaces the handlers)."""
    for handler in pylogging.getLogger(logging.NAMESPACE).handlers:
        if isinstance(handler, logging.WarningStreamHandler) and not any(
                isinstance(f, TypeUntypedWarnings) for f in handler.filters):
            handler.filters.insert(0, TypeUntypedWarnings())
