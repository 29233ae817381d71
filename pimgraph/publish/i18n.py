"""The site's own words (through the message catalogue), and labels for the reused W3C terms.

The graph labels its own resources and the PIM ontology labels its terms in both languages;
the terms we reuse (ORG, SKOS, PROV, DCTERMS, GeoSPARQL, schema.org) carry no Polish labels,
so the site names them here. A term missing from this table is shown as a prefixed name.
"""

from __future__ import annotations

from pimgraph.core.messages import N_, _

OTHER = {"pl": "en", "en": "pl"}
LANGUAGE_NAMES = {"pl": "Polski", "en": "English"}

# The site's words: a key (what the page templates name) -> the English message id, whose
# Polish translation is in the gettext catalogue (pimgraph/locale/pl/LC_MESSAGES/pimgraph.po).
# Counted words ("5 rows") are not here: pages build them with ``ngettext``.
UI: dict[str, str] = {
    "site_title": N_("Partnership Initiative of Cities – open data"),
    "home": N_("Home"),
    "networks": N_("Networks"),
    "cities": N_("Cities"),
    "themes": N_("Themes"),
    "recommendations": N_("Recommendations"),
    "editions": N_("Editions"),
    "mids": N_("Urban action initiatives (MIDs)"),
    "mids_intro": N_(
        "The urban action initiatives (MIDs) the cities prepared, with the city, the edition and "
        "the themes of each."
    ),
    "filters": N_("Filters"),
    "facet_hint": N_(
        "Within a group any ticked value matches; across groups all must match. A broader theme "
        "includes its narrower ones. The numbers say how many items a value would show; the "
        "page's address keeps the filters, so it can be shared."
    ),
    "facet_status": N_("{n} of {total} shown"),
    "facet_reset": N_("Clear the filters"),
    "facet_noscript": N_("The filters need JavaScript; the whole list is shown below."),
    "frameworks": N_("Policy frameworks"),
    "resources": N_("All resources"),
    "ontology": N_("Ontology"),
    "data": N_("Downloads"),
    "query": N_("SPARQL queries"),
    "language": N_("Language"),
    "type": N_("Type"),
    "labels": N_("Labels"),
    "description": N_("Description"),
    "properties": N_("Properties and links"),
    "incoming": N_("Links to this resource"),
    "links_out": N_("Links to other datasets"),
    "query_text": N_("SPARQL query"),
    "search": N_("Search"),
    "search_placeholder": N_("City, theme, recommendation…"),
    "search_results": N_("Search results"),
    "search_none": N_("Nothing found"),
    "search_count": N_("Results: {n}"),
    "search_error": N_("The search could not be loaded"),
    "search_intro": N_(
        "Search every resource by its names, descriptions and notes, in Polish or English: "
        "letters without diacritics and inflected Polish words are found too."
    ),
    "search_noscript": N_(
        "The search runs in your browser and needs JavaScript; every page is also reachable "
        "from the lists in the menu."
    ),
    "link_dataset": N_("Dataset"),
    "link_match": N_("Match"),
    "link_target": N_("Linked to"),
    "link_evidence": N_("Evidence"),
    "sources": N_("Sources"),
    "location": N_("Location"),
    "coordinates": N_("Coordinates"),
    "osm_link": N_("Show on OpenStreetMap"),
    "osm_credit": N_("Coordinates © OpenStreetMap contributors (ODbL 1.0)"),
    "map": N_("Map of the cities"),
    "map_count": N_("Cities on the map: {n}"),
    "map_credit": N_(
        "Outline of Poland: Natural Earth (public domain); city points © OpenStreetMap "
        "contributors (ODbL 1.0)"
    ),
    "map_noscript": N_(
        "The interactive map needs JavaScript; the table below lists every city, and each "
        "city's page shows its position."
    ),
    "map_caption": N_("Position within a box around Poland (grey dots: the other PIM cities)"),
    "as_rdf": N_("This resource as RDF"),
    "iri": N_("Identifier (IRI)"),
    "property": N_("Property"),
    "value": N_("Value"),
    "resource": N_("Resource"),
    "name": N_("Name"),
    "voivodeship": N_("Voivodeship"),
    "terc": N_("TERC code"),
    "edition": N_("Edition"),
    "members": N_("Member cities"),
    "network": N_("Network"),
    "plan": N_("Improvement plan"),
    "scope": N_("Scope"),
    "period": N_("Period"),
    "count": N_("Count"),
    "sort_hint": N_("Click a column header to sort."),
    "none": N_("none"),
    "what_holds": N_("What the dataset holds"),
    "browse": N_("Browse"),
    "for_machines": N_("For machines"),
    "class": N_("Class"),
    "classes": N_("Classes"),
    "object_properties": N_("Object properties"),
    "datatype_properties": N_("Datatype properties"),
    "annotation_properties": N_("Annotation properties"),
    "definition": N_("Definition"),
    "domain": N_("Domain"),
    "range": N_("Range"),
    "subclass_of": N_("Subclass of"),
    "inverse_of": N_("Inverse of"),
    "version_iri": N_("Version IRI"),
    "created": N_("Created"),
    "modified": N_("Modified"),
    "prefix": N_("Preferred prefix"),
    "namespace": N_("Namespace"),
    "version": N_("Version"),
    "download_ontology": N_("The ontology as a file"),
    "file": N_("File"),
    "format": N_("Format"),
    "size": N_("Size (bytes)"),
    "checksum": N_("SHA-256"),
    "dumps_intro": N_(
        "The whole graph (ontology and data, as asserted) in three formats, each also gzipped. "
        "Checksums: SHA256SUMS."
    ),
    "catalogue": N_("Dataset description (DCAT-AP 3)"),
    "void": N_("VoID description"),
    "licence": N_("Licence"),
    "licence_text": N_(
        "Data: CC BY 4.0 (pimgraph contributors). City coordinates: © OpenStreetMap contributors, "
        "ODbL 1.0. TERC and SIMC codes: the GUS TERYT register. GeoNames links and populations: "
        "© GeoNames, CC BY 4.0. SDG goals and targets: the United Nations. EuroVoc: © European "
        "Union."
    ),
    "query_intro": N_(
        "Run a stored query from the gallery or write your own (read-only): Ctrl+Space completes "
        "our prefixes, Ctrl+Enter runs the query."
    ),
    "stored_query": N_("Stored query"),
    "choose": N_("— choose —"),
    "run": N_("Run"),
    "running": N_("Running…"),
    "parameters": N_("Parameters (?_name variables; left unbound, the query covers every value)"),
    "query_needs_server": N_(
        "The SPARQL endpoint {url} did not answer. A static copy of the site needs one: set its "
        "address with pimgraph publish --sparql-url URL, or serve the site with pimgraph serve."
    ),
    "query_gallery": N_("Stored queries"),
    # The stored queries' parameter names, as the gallery's fields are labelled.
    "param_city": N_("city"),
    "param_network": N_("network"),
    "param_theme": N_("theme"),
    "param_scope": N_("scope"),
    "param_sdg": N_("SDG goal or target"),
    "param_resource": N_("resource"),
    "param_min": N_("at least"),
    "query_gallery_intro": N_(
        "Fill in a query's fields and run it; the query with its values goes into the editor "
        "below, and the page's address becomes its permalink."
    ),
    "query_description": N_("What it answers"),
    "query_open": N_("Open in the editor"),
    "query_any": N_("— any —"),
    "query_optional": N_("optional"),
    "query_bad_value": N_("{name}: {value} is not a valid {type}"),
    "query_missing_value": N_("{name} is required"),
    "query_endpoint": N_("Endpoint: {url}"),
    "download_csv": N_("Download CSV"),
    "download_json": N_("Download JSON"),
    "query_map": N_("Map of the result's points"),
    "query_noscript": N_(
        "The query editor runs in your browser and needs JavaScript; without it, send queries "
        "to this site's SPARQL endpoint (/sparql) with any SPARQL client."
    ),
    "other_themes": N_("Other concepts"),
    "explore": N_("Shared themes"),
    "explore_title": N_("Which cities share themes"),
    "explore_intro": N_(
        "Cities compared by the themes of their networks, their MIDs and their own (widened with "
        "broader themes): the most similar pairs, the clusters and the themes that bridge "
        "networks."
    ),
    "explore_no_edition": N_("The graph holds no cities with themes in edition"),
    "measure_intro": N_("The similarity of two cities is a weighted Jaccard index over themes:"),
    "measure_where": N_(
        "where N is the number of cities compared and n_t the number of them holding theme t (a "
        "rarer theme weighs more)."
    ),
    "pictures": N_("Pictures"),
    "picture_network": N_(
        "The network of cities: a line joins two cities sharing themes, thicker the more similar "
        "they are; groups are clusters; colour is the network."
    ),
    "picture_map": N_("A map of Poland with the compared cities in the colours of their networks."),
    "picture_heatmap": N_(
        "The city × theme heat map: a filled cell is a theme the city holds; its colour is the "
        "theme's weight."
    ),
    "plot_hint": N_('Pictures need the plot extra: pip install "pimgraph[plot]"'),
    "city": N_("City"),
    "similarity": N_("Similarity"),
    "shared_themes": N_("Shared themes (rarest first)"),
    "clusters": N_("Clusters of cities"),
    "clusters_intro": N_(
        "Groups of cities found by greedy modularity agglomeration on the graph of pairs weighted "
        "by similarity."
    ),
    "cluster": N_("Cluster"),
    "bridges": N_("Themes that bridge networks"),
    "bridges_intro": N_(
        "Themes held by cities of more than one network (in brackets: how many cities of that "
        "network)."
    ),
    "theme": N_("Theme"),
    "weight": N_("Weight"),
    "generated": N_("Generated by pimgraph"),
}

# Labels of the reused vocabulary terms the site shows (en, pl).
TERM_LABELS: dict[str, tuple[str, str]] = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": ("type", "typ"),
    "http://www.w3.org/2000/01/rdf-schema#label": ("label", "nazwa"),
    "http://www.w3.org/2000/01/rdf-schema#comment": ("comment", "komentarz"),
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": ("see also", "zobacz też"),
    "http://purl.org/dc/terms/date": ("date", "data"),
    "http://purl.org/dc/terms/description": ("description", "opis"),
    "http://purl.org/dc/terms/issued": ("issued", "data wydania"),
    "http://purl.org/dc/terms/language": ("language", "język"),
    "http://purl.org/dc/terms/publisher": ("publisher", "wydawca"),
    "http://purl.org/dc/terms/rights": ("rights", "prawa"),
    "http://purl.org/dc/terms/source": ("source", "źródło"),
    "http://purl.org/dc/terms/title": ("title", "tytuł"),
    "http://purl.org/dc/terms/isPartOf": ("is part of", "jest częścią"),
    "http://www.opengis.net/ont/geosparql#asWKT": ("geometry (WKT)", "geometria (WKT)"),
    "http://www.opengis.net/ont/geosparql#hasGeometry": ("geometry", "geometria"),
    "http://www.opengis.net/ont/geosparql#Geometry": ("geometry", "geometria"),
    "http://www.opengis.net/ont/geosparql#Feature": ("feature", "obiekt przestrzenny"),
    "http://www.w3.org/2004/02/skos/core#altLabel": ("alternative label", "nazwa alternatywna"),
    "http://www.w3.org/2004/02/skos/core#prefLabel": ("preferred label", "nazwa preferowana"),
    "http://www.w3.org/2004/02/skos/core#broader": ("broader concept", "pojęcie szersze"),
    "http://www.w3.org/2004/02/skos/core#narrower": ("narrower concept", "pojęcie węższe"),
    "http://www.w3.org/2004/02/skos/core#broaderTransitive": (
        "broader (transitive)",
        "szersze (przechodnio)",
    ),
    "http://www.w3.org/2004/02/skos/core#narrowerTransitive": (
        "narrower (transitive)",
        "węższe (przechodnio)",
    ),
    "http://www.w3.org/2004/02/skos/core#related": ("related concept", "pojęcie powiązane"),
    "http://www.w3.org/2004/02/skos/core#changeNote": ("change note", "uwaga o zmianie"),
    "http://www.w3.org/2004/02/skos/core#editorialNote": ("editorial note", "uwaga redakcyjna"),
    "http://www.w3.org/2004/02/skos/core#note": ("note", "uwaga"),
    "http://www.w3.org/2004/02/skos/core#definition": ("definition", "definicja"),
    "http://www.w3.org/2004/02/skos/core#notation": ("notation", "notacja"),
    "http://www.w3.org/2004/02/skos/core#inScheme": ("in scheme", "w schemacie"),
    "http://www.w3.org/2004/02/skos/core#hasTopConcept": ("top concept", "pojęcie nadrzędne"),
    "http://www.w3.org/2004/02/skos/core#topConceptOf": ("top concept of", "pojęcie nadrzędne w"),
    "http://www.w3.org/2004/02/skos/core#exactMatch": ("exact match", "dokładny odpowiednik"),
    "http://www.w3.org/2004/02/skos/core#closeMatch": ("close match", "bliski odpowiednik"),
    "http://www.w3.org/2004/02/skos/core#Concept": ("concept", "pojęcie"),
    "http://www.w3.org/2004/02/skos/core#ConceptScheme": ("concept scheme", "schemat pojęć"),
    "http://www.w3.org/ns/org#hasMember": ("has member", "ma członka"),
    "http://www.w3.org/ns/org#memberOf": ("member of", "członek"),
    "http://www.w3.org/ns/org#hasMembership": ("membership", "członkostwo"),
    "http://www.w3.org/ns/org#member": ("member", "członek"),
    "http://www.w3.org/ns/org#organization": ("organisation", "organizacja"),
    "http://www.w3.org/ns/org#role": ("role", "rola"),
    "http://www.w3.org/ns/org#Membership": ("membership", "członkostwo"),
    "http://www.w3.org/ns/org#Organization": ("organisation", "organizacja"),
    "http://www.w3.org/ns/org#OrganizationalCollaboration": (
        "organisational collaboration",
        "współpraca organizacji",
    ),
    "http://www.w3.org/ns/org#Role": ("role", "rola"),
    "http://www.w3.org/ns/prov#agent": ("agent", "podmiot"),
    "http://www.w3.org/ns/prov#hadRole": ("role", "rola"),
    "http://www.w3.org/ns/prov#qualifiedAssociation": ("association", "powiązanie"),
    "http://www.w3.org/ns/prov#Association": ("association", "powiązanie"),
    "http://www.w3.org/ns/prov#Person": ("person", "osoba"),
    "http://www.w3.org/ns/prov#Role": ("role", "rola"),
    "http://www.w3.org/ns/prov#Agent": ("agent", "podmiot"),
    "http://www.w3.org/ns/prov#Activity": ("activity", "działanie"),
    "http://www.w3.org/ns/prov#Entity": ("entity", "byt"),
    "https://schema.org/startDate": ("start date", "data rozpoczęcia"),
    "https://schema.org/endDate": ("end date", "data zakończenia"),
    "https://schema.org/jobTitle": ("job title", "stanowisko"),
    "https://schema.org/location": ("location", "miejsce"),
    "http://www.w3.org/2002/07/owl#Thing": ("anything", "cokolwiek"),
    "http://www.w3.org/2000/01/rdf-schema#Literal": ("literal", "literał"),
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString": (
        "text with language tag",
        "tekst z oznaczeniem języka",
    ),
    "http://www.w3.org/2001/XMLSchema#string": ("string", "napis"),
    "http://www.w3.org/2001/XMLSchema#integer": ("integer", "liczba całkowita"),
    "http://www.w3.org/2001/XMLSchema#nonNegativeInteger": (
        "non-negative integer",
        "liczba nieujemna",
    ),
    "http://www.w3.org/2001/XMLSchema#boolean": ("boolean", "wartość logiczna"),
    "http://www.w3.org/2001/XMLSchema#date": ("date", "data"),
    "http://www.w3.org/2001/XMLSchema#gYear": ("year", "rok"),
}


def ui(key: str, lang: str) -> str:
    """The site's word for ``key`` in ``lang`` (a page is built for both languages)."""
    return _(UI[key], lang=lang)


def term_label(iri: str, lang: str) -> str | None:
    pair = TERM_LABELS.get(iri)
    if pair is None:
        return None
    return pair[0] if lang == "en" else pair[1]
