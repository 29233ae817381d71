"""The web API generated from the stored queries: ``/api`` (the OpenAPI 3.1 document),
``/api/queries/{id}`` (a stored query with its parameters from the URL) and ``/api/docs``
(Swagger UI, served from here).

``answers.route`` is the whole API as a function of (method, path, query string, Accept) and a
way to run a stored request in a query worker; ``stored.execute_stored`` is what the worker does
with it; ``openapi.document`` is built from the catalogue's headers; ``problems`` makes RFC 9457
problem documents. None of them depends on the HTTP server.
"""
