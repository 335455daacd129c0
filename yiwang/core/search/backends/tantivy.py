"""The tantivy backend (embedded, via tantivy-py): the default for one server and for many.

Layout of `PATH` on disk::

    PATH/CURRENT          name of the live generation (replaced atomically on rebuild)
    PATH/writer.lock      flock held by whichever process is writing (sync loop, rebuild, command)
    PATH/g<ns>/           one generation: tantivy's files + state.json (the change-log cursor)

Every process opens the live generation read-only and follows CURRENT; tantivy reloads readers
itself after each commit. Writes take the flock, so the sync loop, `search_rebuild` and tests can
never hold two IndexWriters on one directory. `PATH = ""` keeps the index in memory (tests).

Text is segmented in Python (see `..text`) and indexed with a whitespace tokenizer; titles are
boosted (`TITLE_BOOST`); 发文字号 and 索引号 are raw keyword fields for exact match; site,
column, kind, agency, visibility and date are fast fields for filters, sorting and facets.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

import tantivy
from django.utils import timezone

from ..highlight import highlight_snippet, highlight_title
from ..text import (
    ParsedQuery,
    QueryTerm,
    doc_number_mentions,
    index_bigrams,
    index_words,
    normalise,
    normalise_doc_number,
    normalise_index_number,
)
from ..types import SearchDocument, SearchFilters, SearchHit, SearchResults, Sort, Visibility
from .base import SearchBackend, StaleGenerationError, SyncState

SCHEMA_VERSION = 3
TOKENIZER = "yiwang_ws"
TITLE_BOOST = 3.0
EXACT_BOOST = 50.0  # 发文字号/索引号 equality puts that document first
STATE_FILE = "state.json"
LOCK_TIMEOUT_SECONDS = 120.0
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


FACET_SIZE = 50
FACETS = ("kind", "site", "column", "agency")


def facet_names(facets: bool | tuple[str, ...]) -> tuple[str, ...]:
    """`True` = the kind facet (what /search/ always asked for); a tuple names the facets wanted."""
    if facets is True:
        return ("kind",)
    if not facets:
        return ()
    unknown = set(facets) - set(FACETS)
    if unknown:
        raise ValueError(f"未知的分面: {', '.join(sorted(unknown))}")
    return tuple(facets)


def _facet_key(key: Any) -> str:
    # Integer fast fields come back as floats (3.0): show them as "3".
    return str(int(key)) if isinstance(key, float) else str(key)


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("kind", tokenizer_name="raw", index_option="basic", fast=True)
    sb.add_text_field("module", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("site", tokenizer_name="raw", index_option="basic", fast=True)
    sb.add_text_field("column", tokenizer_name="raw", index_option="basic", fast=True)
    sb.add_text_field("doc_number", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("index_number", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("doc_refs", tokenizer_name="raw", index_option="basic")  # 发文字号 cited in the text
    sb.add_integer_field("agency_id", indexed=True, fast=True)
    sb.add_boolean_field("public", indexed=True, fast=True)
    sb.add_date_field("published_at", indexed=True, fast=True)
    # Words and bigrams: term frequencies suffice (no phrase queries, so no positions).
    sb.add_text_field("title_w", tokenizer_name=TOKENIZER, index_option="freq")
    sb.add_text_field("body_w", tokenizer_name=TOKENIZER, index_option="freq")
    sb.add_text_field("title_g", tokenizer_name=TOKENIZER, index_option="freq")
    sb.add_text_field("body_g", tokenizer_name=TOKENIZER, index_option="freq")
    sb.add_bytes_field("data", stored=True, indexed=False, fast=False)  # the SearchDocument as JSON
    return sb.build()


def _open(schema: tantivy.Schema, path: str | None) -> tantivy.Index:
    index = tantivy.Index(schema, path=path) if path else tantivy.Index(schema)
    index.register_tokenizer(TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    return index


def to_tantivy(document: SearchDocument) -> tantivy.Document:
    title = normalise(document.title)
    indexed_body = normalise(
        "\n".join([document.body, document.doc_number, document.index_number, " ".join(document.keywords)])
    )
    doc = tantivy.Document()
    doc.add_text("key", document.key)
    doc.add_text("kind", document.kind)
    doc.add_text("module", document.module)
    doc.add_text("site", document.site)
    doc.add_text("column", document.column)
    if document.doc_number:
        doc.add_text("doc_number", normalise_doc_number(document.doc_number))
    if document.index_number:
        doc.add_text("index_number", normalise_index_number(document.index_number))
    for mention in doc_number_mentions(f"{document.title}\n{document.body}"):
        doc.add_text("doc_refs", mention)
    if document.agency_id is not None:
        doc.add_integer("agency_id", document.agency_id)
    doc.add_boolean("public", document.public)
    doc.add_date("published_at", document.published_at or _EPOCH)
    doc.add_text("title_w", index_words(title))
    doc.add_text("body_w", index_words(indexed_body))
    doc.add_text("title_g", index_bigrams(title))
    doc.add_text("body_g", index_bigrams(indexed_body))
    doc.add_bytes("data", document.dumps().encode())
    return doc


class TantivyBackend(SearchBackend):
    def __init__(self, *, path: str = "", writer_heap_bytes: int = 64_000_000, writer_threads: int = 1) -> None:
        self.schema = build_schema()
        self.root = Path(path) if path else None
        self.writer_heap_bytes = writer_heap_bytes
        self.writer_threads = writer_threads
        self._lock = threading.RLock()
        self._lock_depth = 0
        self._memory_index: tantivy.Index | None = None
        self._memory_state: SyncState | None = None
        self._generation: str | None = None
        self._current_stamp: tuple[int, int] | None = None
        self._meta_stamp = 0
        self._index: tantivy.Index | None = None
        if self.root is None:
            self._memory_index = _open(self.schema, None)
        else:
            self.root.mkdir(parents=True, exist_ok=True)

    # --- files and generations ---------------------------------------------------------------

    def _current_file(self) -> Path:
        assert self.root is not None
        return self.root / "CURRENT"

    def _read_current(self) -> str | None:
        try:
            return self._current_file().read_text().strip() or None
        except FileNotFoundError:
            return None

    def _switch_if_needed(self) -> None:
        """Follow CURRENT: a rebuild in any process replaces the generation atomically."""
        try:
            stat = os.stat(self._current_file())
            stamp: tuple[int, int] | None = (stat.st_ino, stat.st_mtime_ns)
        except FileNotFoundError:
            stamp = None
        if stamp is not None and stamp == self._current_stamp and self._index is not None:
            return
        generation = self._read_current()
        if generation is None:
            # First use: create an empty generation so there is always something to read.
            with self._write_lock():
                generation = self._read_current()
                if generation is None:
                    generation = self._new_generation()
                    _open(self.schema, str(self.root / generation))  # type: ignore[operator]
                    self._write_state(generation, SyncState(schema_version=SCHEMA_VERSION))
                    self._publish_generation(generation)
            return self._switch_if_needed()
        self._index = _open(self.schema, str(self.root / generation))  # type: ignore[operator]
        self._generation = generation
        self._current_stamp = stamp

    def _new_generation(self) -> str:
        assert self.root is not None
        name = f"g{time.time_ns()}"
        (self.root / name).mkdir()
        return name

    def _publish_generation(self, generation: str) -> None:
        assert self.root is not None
        tmp = self.root / f"CURRENT.{os.getpid()}.tmp"
        tmp.write_text(generation)
        os.replace(tmp, self._current_file())

    def _remove_old_generations(self, keep: set[str]) -> None:
        assert self.root is not None
        for child in self.root.iterdir():
            if child.is_dir() and child.name.startswith("g") and child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        """One writer per index directory across processes (tantivy would refuse a second one).

        Re-entrant within this process: flock is per open file, so nested use must not re-lock.
        """
        with self._lock:
            if self.root is None or self._lock_depth:
                self._lock_depth += 1
                try:
                    yield
                finally:
                    self._lock_depth -= 1
                return
            with open(self.root / "writer.lock", "a+") as handle:
                deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
                while True:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise TimeoutError("检索索引正被其他进程写入，请稍后再试。") from None
                        time.sleep(0.05)
                self._lock_depth += 1
                try:
                    yield
                finally:
                    self._lock_depth -= 1
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def _state_path(self, generation: str) -> Path:
        assert self.root is not None
        return self.root / generation / STATE_FILE

    def _write_state(self, generation: str | None, state: SyncState) -> None:
        state.schema_version = SCHEMA_VERSION
        if self.root is None or generation is None:
            self._memory_state = SyncState.from_json(state.to_json())
            return
        path = self._state_path(generation)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(state.to_json()))
        os.replace(tmp, path)

    def _live(self) -> tantivy.Index:
        with self._lock:
            if self.root is None:
                assert self._memory_index is not None
                return self._memory_index
            self._switch_if_needed()
            assert self._index is not None and self._generation is not None
            # tantivy reloads readers ~0.5 s after another process commits; a stat of meta.json
            # makes a commit visible to the very next search instead.
            try:
                meta_stamp = os.stat(self.root / self._generation / "meta.json").st_mtime_ns
            except FileNotFoundError:
                meta_stamp = 0
            if meta_stamp != self._meta_stamp:
                self._index.reload()
                self._meta_stamp = meta_stamp
            return self._index

    @contextlib.contextmanager
    def _writer(self, *, heap: int | None = None, threads: int | None = None) -> Iterator[Any]:
        with self._write_lock():
            index = self._live()
            writer = index.writer(heap or self.writer_heap_bytes, threads or self.writer_threads)
            try:
                yield writer
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                # Let merges finish so segments do not pile up between short-lived writers.
                writer.wait_merging_threads()
            index.reload()

    # --- writes -------------------------------------------------------------------------------

    def index_many(self, documents: Iterable[SearchDocument]) -> int:
        count = 0
        with self._writer() as writer:
            for document in documents:
                writer.delete_documents_by_term("key", document.key)
                writer.add_document(to_tantivy(document))
                count += 1
        return count

    def delete(self, kind: str, object_id: str) -> None:
        with self._writer() as writer:
            writer.delete_documents_by_term("key", f"{kind}:{object_id}")

    def apply(self, *, upserts: Sequence[SearchDocument], deletes: Sequence[tuple[str, str]], state: SyncState) -> None:
        with self._write_lock():
            self._live()  # follow CURRENT; rebuilds flip it only while holding this lock
            if state.generation and state.generation != self._generation:
                raise StaleGenerationError(f"index generation {state.generation} was replaced by {self._generation}")
            if upserts or deletes:
                with self._writer() as writer:
                    for kind, object_id in deletes:
                        writer.delete_documents_by_term("key", f"{kind}:{object_id}")
                    for document in upserts:
                        writer.delete_documents_by_term("key", document.key)
                        writer.add_document(to_tantivy(document))
            # After tantivy's commit: a crash in between re-applies the same changes, which is harmless.
            self._write_state(self._generation, state)

    def sync_state(self) -> SyncState | None:
        with self._lock:
            if self.root is None:
                return SyncState.from_json(self._memory_state.to_json()) if self._memory_state else SyncState()
            self._switch_if_needed()
            assert self._generation is not None
            try:
                state = SyncState.from_json(json.loads(self._state_path(self._generation).read_text()))
            except FileNotFoundError:
                return None
            state.generation = self._generation
            return state if state.schema_version == SCHEMA_VERSION else None

    def rebuild(self, documents: Iterable[SearchDocument], *, state: SyncState) -> int:
        count = 0
        if self.root is None:
            fresh = _open(self.schema, None)
            writer = fresh.writer(self.writer_heap_bytes, self.writer_threads)
            for document in documents:
                writer.add_document(to_tantivy(document))
                count += 1
            writer.commit()
            writer.wait_merging_threads()
            fresh.reload()
            with self._lock:
                self._memory_index = fresh
                self._write_state(None, state)
            return count
        # Build beside the live generation; readers keep using the old one until CURRENT flips.
        generation = self._new_generation()
        fresh = _open(self.schema, str(self.root / generation))
        writer = fresh.writer(max(self.writer_heap_bytes, 256_000_000), 0)
        for document in documents:
            writer.add_document(to_tantivy(document))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        self._write_state(generation, state)
        with self._write_lock():
            previous = self._read_current()
            self._publish_generation(generation)
            self._switch_if_needed()
            self._remove_old_generations(keep={generation, previous or generation})
        return count

    def clear(self) -> None:
        with self._writer() as writer:
            writer.delete_all_documents()

    def count(self) -> int:
        return int(self._live().searcher().num_docs)

    def close(self) -> None:
        with self._lock:
            self._index = None
            self._current_stamp = None

    # --- reads --------------------------------------------------------------------------------

    def _all_of(self, tokens: Sequence[str], title_field: str, body_field: str) -> tantivy.Query:
        """Every token somewhere in the title (boosted) or the body."""
        q, occur = tantivy.Query, tantivy.Occur
        each = []
        for token in tokens:
            in_title = q.boost_query(q.term_query(self.schema, title_field, token), TITLE_BOOST)
            in_body = q.term_query(self.schema, body_field, token)
            each.append(q.boolean_query([(occur.Should, in_title), (occur.Should, in_body)]))
        return each[0] if len(each) == 1 else q.boolean_query([(occur.Must, clause) for clause in each])

    def _single_character(self, char: str) -> tantivy.Query:
        # Any bigram that starts or ends with it (or the character standing alone).
        pattern = f"{re.escape(char)}.?|.{re.escape(char)}"
        q, occur = tantivy.Query, tantivy.Occur
        in_title = q.boost_query(q.regex_query(self.schema, "title_g", pattern), TITLE_BOOST)
        return q.boolean_query(
            [(occur.Should, in_title), (occur.Should, q.regex_query(self.schema, "body_g", pattern))]
        )

    def _term_clause(self, term: QueryTerm) -> tantivy.Query | None:
        """The term, or any of its synonyms."""
        clauses = [c for c in (self._spelling_clause(t) for t in (term, *term.alternatives)) if c is not None]
        if len(clauses) <= 1:
            return clauses[0] if clauses else None
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, clause) for clause in clauses])

    def _spelling_clause(self, term: QueryTerm) -> tantivy.Query | None:
        """A document matches a term when it has all of the term's words, or all of its bigrams.

        The bigrams stand in for the exact string (as a phrase would, without the cost of positions):
        a document with 营商环境 written out has 营商 商环 环境, one with 营商 … 环境 apart lacks 商环,
        so it matches only the words and scores lower. Names and numbers that jieba cut differently
        in the document than in the query are still found through their bigrams.
        """
        q, occur = tantivy.Query, tantivy.Occur
        if term.doc_number:
            # A whole 发文字号 matches that document and the texts citing it, never 伊政发〔2025〕112号.
            own = q.boost_query(q.term_query(self.schema, "doc_number", term.doc_number), EXACT_BOOST)
            cited = q.term_query(self.schema, "doc_refs", term.doc_number)
            return q.boolean_query([(occur.Should, own), (occur.Should, cited)])
        options: list[tantivy.Query] = []
        if len(term.bigrams) == 1 and len(term.bigrams[0]) == 1:
            options.append(self._single_character(term.bigrams[0]))
        elif term.bigrams:
            options.append(self._all_of(term.bigrams, "title_g", "body_g"))
        # A term that is one word is covered by its bigrams; more words also match when apart.
        if len(term.words) > 1:
            options.append(self._all_of(term.words, "title_w", "body_w"))
        if not options:
            return None
        if len(options) == 1:
            return options[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, option) for option in options])

    def _filter_clauses(self, filters: SearchFilters, visibility: Visibility) -> list[tantivy.Query]:
        q = tantivy.Query
        clauses: list[tantivy.Query] = []
        for field, values in (("kind", filters.kinds), ("site", filters.sites), ("column", filters.columns)):
            if values:
                clauses.append(q.term_set_query(self.schema, field, list(values)))
        if filters.agency_ids:
            clauses.append(q.term_set_query(self.schema, "agency_id", list(filters.agency_ids)))
        if filters.date_from or filters.date_to:
            tz = timezone.get_current_timezone()
            lower = datetime.combine(filters.date_from, dtime.min, tzinfo=tz) if filters.date_from else None
            upper = (
                datetime.combine(filters.date_to + timedelta(days=1), dtime.min, tzinfo=tz) if filters.date_to else None
            )
            clauses.append(
                q.range_query(self.schema, "published_at", tantivy.FieldType.Date, lower, upper, True, upper is None)
            )
        if not visibility.everything:
            # Public, or non-public of a module whose `<module>.view` scope covers the agency.
            allowed = [(tantivy.Occur.Should, q.term_query(self.schema, "public", True))]
            for module, agency_ids in visibility.modules:
                in_module = q.term_query(self.schema, "module", module)
                if agency_ids is None:
                    allowed.append((tantivy.Occur.Should, in_module))
                elif agency_ids:
                    scoped = q.term_set_query(self.schema, "agency_id", sorted(agency_ids))
                    both = q.boolean_query([(tantivy.Occur.Must, in_module), (tantivy.Occur.Must, scoped)])
                    allowed.append((tantivy.Occur.Should, both))
            clauses.append(allowed[0][1] if len(allowed) == 1 else q.boolean_query(allowed))
        return clauses

    def build_query(
        self, query: ParsedQuery, filters: SearchFilters, visibility: Visibility, *, exact_only: bool = False
    ) -> tantivy.Query:
        q = tantivy.Query
        must: list[tuple[tantivy.Occur, tantivy.Query]] = []
        terms = () if exact_only else query.terms
        text_clauses = [c for c in (self._term_clause(t) for t in terms) if c is not None]
        matchers: list[tuple[tantivy.Occur, tantivy.Query]] = []
        if text_clauses:
            text = (
                text_clauses[0]
                if len(text_clauses) == 1
                else q.boolean_query([(tantivy.Occur.Must, c) for c in text_clauses])
            )
            matchers.append((tantivy.Occur.Should, text))
        if query.exact:
            for field, value in (
                ("doc_number", normalise_doc_number(query.exact)),
                ("index_number", normalise_index_number(query.exact)),
            ):
                matchers.append(
                    (tantivy.Occur.Should, q.boost_query(q.term_query(self.schema, field, value), EXACT_BOOST))
                )
        if matchers:
            must.append((tantivy.Occur.Must, q.boolean_query(matchers)))
        else:
            must.append((tantivy.Occur.Must, q.all_query()))
        for clause in self._filter_clauses(filters, visibility):
            # Filters narrow without changing the ranking.
            must.append((tantivy.Occur.Must, q.const_score_query(clause, 0.0)))
        return q.boolean_query(must)

    def search(
        self,
        query: ParsedQuery,
        *,
        filters: SearchFilters,
        visibility: Visibility,
        sort: Sort = "relevance",
        offset: int = 0,
        limit: int = 10,
        facets: bool | tuple[str, ...] = False,
    ) -> SearchResults:
        started = time.perf_counter()
        searcher = self._live().searcher()
        # An exact 索引号 is an identifier: its digit bigrams would otherwise match thousands of
        # documents that merely share digits. One dictionary lookup decides.
        exact_only = bool(
            query.exact
            and not any(t.doc_number for t in query.terms)
            and searcher.doc_freq("index_number", normalise_index_number(query.exact))
        )
        tq = self.build_query(query, filters, visibility, exact_only=exact_only)
        if sort == "date" or query.is_empty:
            result = searcher.search(tq, limit, count=True, order_by_field="published_at", offset=offset)
        else:
            result = searcher.search(tq, limit, count=True, offset=offset)
        marks = query.highlight_terms()
        hits = []
        for key, address in result.hits:
            stored: Any = searcher.doc(address).get_first("data")
            data = json.loads(bytes(stored).decode())
            document = SearchDocument.from_json(data)
            hits.append(
                SearchHit(
                    kind=document.kind,
                    object_id=document.object_id,
                    title=document.title,
                    url=document.url,
                    score=float(key) if sort == "relevance" and not query.is_empty and key is not None else 0.0,
                    public=document.public,
                    agency_id=document.agency_id,
                    site=document.site,
                    column=document.column,
                    published_at=document.published_at,
                    doc_number=document.doc_number,
                    index_number=document.index_number,
                    title_html=highlight_title(document.title, marks),
                    snippet_html=highlight_snippet(document.body, marks),
                )
            )
        facet_counts: dict[str, dict[str, int]] = {}
        names = facet_names(facets)
        if names:
            fields = {"kind": "kind", "site": "site", "column": "column", "agency": "agency_id"}
            aggregated = searcher.aggregate(
                tq, {name: {"terms": {"field": fields[name], "size": FACET_SIZE}} for name in names}
            )
            for name in names:
                facet_counts[name] = {
                    _facet_key(b["key"]): int(b["doc_count"]) for b in aggregated[name]["buckets"] if b["key"] != ""
                }
        return SearchResults(
            query=query.raw,
            hits=hits,
            total=int(getattr(result, "count", 0) or 0),
            page=offset // max(limit, 1) + 1,
            per_page=limit,
            sort=sort,
            took_ms=(time.perf_counter() - started) * 1000,
            facets=facet_counts,
        )
