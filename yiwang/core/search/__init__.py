"""全文检索: the one Chinese full-text search service, used by every module.

Write (from a module's service, inside its transaction — see `services`)::

    from yiwang.core.search.services import index_document, remove_document
    from yiwang.core.search.types import SearchDocument

    index_document(SearchDocument(kind="portal.article", object_id=article.pk, title=..., body=...,
                                  url=..., public=True, agency_id=..., site=..., column=...,
                                  published_at=..., doc_number=..., index_number=...))
    remove_document("portal.article", article.pk)

Read::

    from yiwang.core.search.selectors import search
    results = search("冬季供暖", filters=SearchFilters(kinds=("portal.article",)), sort="date",
                     page=1, per_page=10, user=request.user)

Full rebuild: each manifest's `Searchable.documents` (dotted path to a callable yielding
`SearchDocument`s) — `manage.py search_rebuild`; each app server runs `manage.py search_sync`.
Design and deployment: docs/adr/0001-search-backend.md. Depends on core.registry, core.permissions,
core.audit and core.orgs; never on a module.
"""
