"""The ``tei`` builder: the whole edition as one TEI P5 document, ``<outdir>/<tei_basename>.xml``.

It writes from the same resolved doctrees as the HTML builder (every extension's
``doctree-resolved`` handlers and post-transforms have run): each page is written by a
:class:`.writer.PageWriter` as it comes, and the document is put together when every page
is written (:meth:`TeiBuilder.finish`):

* ``teiHeader`` (:mod:`.header`);
* ``text/front``: the pages before the text in reading order (title page, introduction,
  principles, sigla, rights, citing); ``text/body``: the pages of the text
  (``tei_text_documents``: by default the text pages, ``edition_text_pages``);
  ``text/back``: the pages after it, then the works cited as ``listBibl`` and the persons
  as ``listPerson`` (:mod:`.back`).  The pages whose content the TEI gives in its own
  structures (``tei_skip_documents``: the listings of the editorial notes and of the
  apparatus, the works-cited page) are not written as pages; references to them go to
  those structures.

Every reference (``ref``/``ptr`` ``target``, ``term``/``persName`` ``ref``, ``wit``,
``datingMethod``) is checked against the document's ``xml:id``s when it is put together:
one that names nothing is a warning ``tei.unresolved_target`` at the source's line, and the
attribute is left out (the words stay).

The builder keeps every page until the end and writes one file: it writes serially
(``allow_parallel`` is false), whatever ``-j`` says; its extension is parallel-read safe and
parallel-write safe (it keeps no data in the environment).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from lxml import etree
from sphinx.builders import Builder
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.osutil import ensuredir

from edition_common import Warn, _, reading_order, text_pages, warn

from . import back, header
from . import ids as idmod
from .tei import XML_NS, E, Element, local, sub
from .writer import PageWriter

logger = logging.getLogger(__name__)

#: how a page's address ends in the references the builder makes (``essay.tei#note-1``)
URI_SUFFIX = ".tei"
#: attributes that point at ``xml:id``s (TEI's pointers)
POINTERS = ("target", "ref", "wit", "datingMethod", "corresp", "resp")
XML_ID = f"{{{XML_NS}}}id"


class TeiBuilder(Builder):
    """One TEI P5 document of the whole edition."""

    name = "tei"
    format = "tei"
    epilog = __("The TEI edition is in %(outdir)s.")
    allow_parallel = False
    supported_image_types: list[str] = []

    def init(self) -> None:
        self.pages: dict[str, Element] = {}
        self.doctrees: dict[str, nodes.document] = {}
        self.aliases: dict[str, str] = {}
        self.pending: list[tuple[Element, str, nodes.Node | None]] = []
        self._emitted: set[str] = set()

    # -- Builder -------------------------------------------------------------------------
    def get_outdated_docs(self) -> str:
        return "all documents"  # one document of every page: always written whole

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return docname + URI_SUFFIX

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def prepare_writing(self, docnames: set[str]) -> None:
        env = self.env
        self.witnesses = env.get_domain("apparatus").witnesses()  # type: ignore[attr-defined]
        self.entries = dict(env.get_domain("apparatus").data["entries"])
        from citations.service import bibliography

        self.bib = bibliography(env)
        self.works = set(self.bib.keys())
        self.skip = set(self.config.tei_skip_documents)

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        self.doctrees[docname] = doctree
        if docname in self.skip:
            return
        div = E("div", type_="page", xml__id=idmod.doc_id(docname), n=docname)
        PageWriter(self, docname, doctree).write_into(div)
        self.pages[docname] = div

    def finish(self) -> None:
        root = self.assemble()
        self.resolve_pointers(root)
        ensuredir(self.outdir)
        path = Path(self.outdir) / f"{self.config.tei_basename}.xml"
        tree = etree.ElementTree(root)
        pi = etree.ProcessingInstruction(
            "xml-model", 'href="http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/'
            'tei_all.rng" type="application/xml" '
            'schematypens="http://relaxng.org/ns/structure/1.0"')
        root.addprevious(pi)
        tree.write(str(path), encoding="UTF-8", xml_declaration=True)

    # -- assembling ----------------------------------------------------------------------
    def text_documents(self) -> list[str]:
        docs = list(self.config.tei_text_documents or [])
        if not docs:
            docs = text_pages(self.config)
        docs = [d for d in docs if d in self.env.all_docs]
        # a project without those pages (a fragment): every page written is the text
        return docs or [d for d in reading_order(self.env) if d not in self.skip]

    def assemble(self) -> Element:
        order = reading_order(self.env)
        text_docs = self.text_documents()
        first = min((order.index(d) for d in text_docs), default=len(order))
        wc_doc = self.env.get_domain("edcite").works_cited_doc()  # type: ignore[attr-defined]

        root = E("TEI", xml__lang=self.config.language or "en")
        root.append(header.header(self))
        text = sub(root, "text")
        front = sub(text, "front")
        body = sub(text, "body")
        back_el = sub(text, "back")
        for position, doc in enumerate(order):
            if doc in text_docs:
                if doc in self.pages:
                    body.append(self.pages[doc])
                continue
            place = front if position < first else back_el
            if doc in self.pages:
                place.append(self.pages[doc])
            elif doc == wc_doc:
                place.append(self.works_cited(wc_doc))
            elif doc in self.skip:
                # a listing the TEI does not repeat: generated from the notes and entries
                # where the document is shown (TEI's divGen)
                gen = sub(place, "divGen", type_=doc, xml__id=idmod.doc_id(doc))
                title = self.env.titles.get(doc)
                if title is not None:
                    sub(gen, "head", title.astext())
        if wc_doc is None or wc_doc not in order:
            back_el.append(self.works_cited(None))
        if not len(body):
            sub(body, "p")
        persons = self.persons()
        if persons:
            div = sub(back_el, "div", type_="persons", xml__id="list-persons")
            div.append(back.list_person(persons, _("Persons")))
        for part in (front, back_el):
            if not len(part):
                text.remove(part)
        return root

    def works_cited(self, wc_doc: str | None) -> Element:
        """The works cited: every work of the bibliography as a ``biblStruct``."""
        div = E("div", type_="bibliography", xml__id=idmod.doc_id(wc_doc or "works-cited"))
        div.append(back.list_bibl(self.bib, _("Works cited")))
        if wc_doc:
            from citations.domain import works_anchor

            for key in self.works:
                self.aliases[idmod.xml_id(wc_doc, works_anchor(key))] = idmod.bib_id(key)
        return div

    def persons(self) -> list[dict[str, Any]]:
        domain = self.env.domains.get("persons")
        if domain is None:
            return []
        try:
            return domain.persons_for_tei(self.env)  # type: ignore[attr-defined]
        except (OSError, ValueError):  # no registry: the persons extension has warned
            return []

    # -- what the writer asks ------------------------------------------------------------
    def warn(self, code: Warn, message: str, node: nodes.Node | None) -> None:
        warn(logger, code, message, location=node)

    def register(self, docname: str, html_id: str, key: str) -> None:
        """The HTML id *html_id* of *docname* is written as (or within) ``xml:id`` *key*."""
        optimistic = idmod.xml_id(docname, html_id)
        if optimistic != key:
            self.aliases[optimistic] = key

    def emitted(self, key: str) -> bool:
        return key in self._emitted

    def mark_emitted(self, key: str) -> None:
        self._emitted.add(key)

    def witness_id(self, siglum: str) -> str:
        return idmod.witness_id(siglum)

    def target_of(self, docname: str, node: nodes.Element) -> str | None:
        """A reference's ``target``: a web address as it is, a place of the edition as
        ``#xml:id`` (checked when the document is put together)."""
        if node.get("refid"):
            return self.pending_pointer(f"#{idmod.xml_id(docname, node['refid'])}", node)
        uri = node.get("refuri", "")
        if not uri:
            return None
        parts = urlsplit(uri)
        if parts.scheme:
            return uri
        path, _, fragment = uri.partition("#")
        doc = path[: -len(URI_SUFFIX)] if path.endswith(URI_SUFFIX) else (path or docname)
        if path and not path.endswith(URI_SUFFIX):
            doc = re.sub(r"\.html$", "", path)
        target = idmod.xml_id(doc, fragment) if fragment else idmod.doc_id(doc)
        return self.pending_pointer(f"#{target}", node)

    def pending_pointer(self, value: str, node: nodes.Node | None) -> str:
        self.pending.append((value, node))  # type: ignore[arg-type]
        return value

    def term_target(self, slug: str) -> str | None:
        if not slug:
            return None
        from terms.domain import get_registry

        domain = self.env.get_domain("terms")
        gdoc = domain.glossary_doc()  # type: ignore[attr-defined]
        term = get_registry(self.env).terms.get(slug)
        if term is None or gdoc is None or gdoc in self.skip:
            return None
        return f"#{idmod.xml_id(gdoc, term.anchor)}"

    def person_target(self, key: str) -> str | None:
        if not key:
            return None
        from persons.domain import get_registry

        person = get_registry(self.env).persons.get(key)
        return f"#{idmod.ncname(person.anchor)}" if person else None

    def date_attrs(self, node: nodes.Element) -> dict[str, str]:
        dates = self.env.get_domain("dates").tei_dates()  # type: ignore[attr-defined]
        for occ in node["ids"]:
            if occ in dates:
                return dict(dates[occ])
        return {}

    def page_body(self, docname: str) -> Element | None:
        """Page *docname* written as TEI (a detached copy), or None."""
        doctree = self.doctrees.get(docname) if docname else None
        if doctree is None:
            return None
        div = E("div")
        writer = PageWriter(_Scratch(self), docname, doctree)
        writer.write_into(div)
        section = div.find(f"{{{div.nsmap[None]}}}div")
        if section is not None:  # the page's section without its title
            for head in section.findall(f"{{{div.nsmap[None]}}}head"):
                section.remove(head)
            return section
        return div

    def section_body(self, address: str) -> Element | None:
        """``docname#id``: that section of a page, written as TEI (a detached copy)."""
        if not address:
            return None
        docname, _, anchor = address.partition("#")
        doctree = self.doctrees.get(docname)
        if doctree is None:
            return None
        for section in doctree.findall(nodes.section):
            if anchor in section["ids"]:
                div = E("div")
                writer = PageWriter(_Scratch(self), docname, doctree)
                writer.block(section, div)
                inner = div[0]
                for head in inner.findall(f"{{{div.nsmap[None]}}}head"):
                    inner.remove(head)
                return inner
        return None

    # -- the references ------------------------------------------------------------------
    def resolve_pointers(self, root: Element) -> None:
        """Every pointer names an ``xml:id`` of the document: aliases are followed, a
        pointer to nothing is a warning and is left out."""
        known = {el.get(XML_ID) for el in root.iter() if el.get(XML_ID)}
        where = {value: node for value, node in self.pending}
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for attr in POINTERS:
                value = el.get(attr)
                if value is None:
                    continue
                fixed = []
                for part in value.split():
                    if not part.startswith("#"):
                        fixed.append(part)
                        continue
                    name = part[1:]
                    name = self.aliases.get(name, name)
                    name = self.aliases.get(name, name)
                    if name in known:
                        fixed.append("#" + name)
                    else:
                        self.warn(Warn.TEI_UNRESOLVED,
                                  f"the TEI edition has no place for the reference to {part!r} "
                                  f"(on <{local(el)}>): it is written without its link; point "
                                  "it at a place of the text, or give the TEI builder the place "
                                  "it stands for", where.get(part))
                if fixed:
                    el.set(attr, " ".join(fixed))
                else:
                    del el.attrib[attr]


class _Scratch:
    """The builder as a writer of detached copies (the header's copies of pages): ids and
    emitted notes are not recorded, warnings not repeated."""

    def __init__(self, builder: TeiBuilder) -> None:
        self._builder = builder
        self._emitted: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._builder, name)

    def warn(self, *args: Any) -> None:
        return

    def register(self, *args: Any) -> None:
        return

    def pending_pointer(self, value: str, node: Any) -> str:
        return value

    def emitted(self, key: str) -> bool:
        return key in self._emitted

    def mark_emitted(self, key: str) -> None:
        self._emitted.add(key)
