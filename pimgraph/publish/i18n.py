"""The site's own words in Polish and English, and labels for the reused W3C terms.

The graph labels its own resources and the PIM ontology labels its terms in both languages;
the terms we reuse (ORG, SKOS, PROV, DCTERMS, GeoSPARQL, schema.org) carry no Polish labels,
so the site names them here. A term missing from this table is shown as a prefixed name.
"""

from __future__ import annotations

OTHER = {"pl": "en", "en": "pl"}
LANGUAGE_NAMES = {"pl": "Polski", "en": "English"}

UI: dict[str, dict[str, str]] = {
    "site_title": {
        "pl": "Partnerska Inicjatywa Miast – dane otwarte",
        "en": "Partnership Initiative of Cities – open data",
    },
    "home": {"pl": "Strona główna", "en": "Home"},
    "networks": {"pl": "Sieci", "en": "Networks"},
    "cities": {"pl": "Miasta", "en": "Cities"},
    "themes": {"pl": "Tematy", "en": "Themes"},
    "recommendations": {"pl": "Zalecenia", "en": "Recommendations"},
    "editions": {"pl": "Edycje", "en": "Editions"},
    "resources": {"pl": "Wszystkie zasoby", "en": "All resources"},
    "ontology": {"pl": "Ontologia", "en": "Ontology"},
    "data": {"pl": "Pobieranie danych", "en": "Downloads"},
    "query": {"pl": "Zapytania SPARQL", "en": "SPARQL queries"},
    "language": {"pl": "Język", "en": "Language"},
    "type": {"pl": "Typ", "en": "Type"},
    "labels": {"pl": "Nazwy", "en": "Labels"},
    "description": {"pl": "Opis", "en": "Description"},
    "properties": {"pl": "Właściwości i powiązania", "en": "Properties and links"},
    "incoming": {"pl": "Odwołania do tego zasobu", "en": "Links to this resource"},
    "sources": {"pl": "Źródła", "en": "Sources"},
    "location": {"pl": "Położenie", "en": "Location"},
    "coordinates": {"pl": "Współrzędne", "en": "Coordinates"},
    "osm_link": {"pl": "Pokaż w OpenStreetMap", "en": "Show on OpenStreetMap"},
    "osm_credit": {
        "pl": "Współrzędne © autorzy OpenStreetMap (ODbL 1.0)",
        "en": "Coordinates © OpenStreetMap contributors (ODbL 1.0)",
    },
    "map_caption": {
        "pl": "Położenie w prostokącie obejmującym Polskę (szare punkty: inne miasta PIM)",
        "en": "Position within a box around Poland (grey dots: the other PIM cities)",
    },
    "as_rdf": {"pl": "Ten zasób jako RDF", "en": "This resource as RDF"},
    "iri": {"pl": "Identyfikator (IRI)", "en": "Identifier (IRI)"},
    "property": {"pl": "Właściwość", "en": "Property"},
    "value": {"pl": "Wartość", "en": "Value"},
    "resource": {"pl": "Zasób", "en": "Resource"},
    "name": {"pl": "Nazwa", "en": "Name"},
    "voivodeship": {"pl": "Województwo", "en": "Voivodeship"},
    "terc": {"pl": "Kod TERC", "en": "TERC code"},
    "edition": {"pl": "Edycja", "en": "Edition"},
    "members": {"pl": "Miasta członkowskie", "en": "Member cities"},
    "network": {"pl": "Sieć", "en": "Network"},
    "plan": {"pl": "Plan ulepszeń", "en": "Improvement plan"},
    "scope": {"pl": "Zakres", "en": "Scope"},
    "period": {"pl": "Okres", "en": "Period"},
    "count": {"pl": "Liczba", "en": "Count"},
    "sort_hint": {
        "pl": "Kliknij nagłówek kolumny, aby posortować.",
        "en": "Click a column header to sort.",
    },
    "none": {"pl": "brak", "en": "none"},
    "what_holds": {"pl": "Co zawiera zbiór danych", "en": "What the dataset holds"},
    "browse": {"pl": "Przeglądaj", "en": "Browse"},
    "for_machines": {"pl": "Dla programów", "en": "For machines"},
    "class": {"pl": "Klasa", "en": "Class"},
    "classes": {"pl": "Klasy", "en": "Classes"},
    "object_properties": {"pl": "Właściwości obiektowe", "en": "Object properties"},
    "datatype_properties": {"pl": "Właściwości typu danych", "en": "Datatype properties"},
    "annotation_properties": {"pl": "Właściwości adnotacyjne", "en": "Annotation properties"},
    "definition": {"pl": "Definicja", "en": "Definition"},
    "domain": {"pl": "Dziedzina", "en": "Domain"},
    "range": {"pl": "Zakres wartości", "en": "Range"},
    "subclass_of": {"pl": "Podklasa", "en": "Subclass of"},
    "inverse_of": {"pl": "Odwrotność", "en": "Inverse of"},
    "version_iri": {"pl": "IRI wersji", "en": "Version IRI"},
    "created": {"pl": "Utworzono", "en": "Created"},
    "modified": {"pl": "Zmieniono", "en": "Modified"},
    "prefix": {"pl": "Zalecany prefiks", "en": "Preferred prefix"},
    "namespace": {"pl": "Przestrzeń nazw", "en": "Namespace"},
    "version": {"pl": "Wersja", "en": "Version"},
    "download_ontology": {"pl": "Ontologia do pobrania", "en": "The ontology as a file"},
    "file": {"pl": "Plik", "en": "File"},
    "format": {"pl": "Format", "en": "Format"},
    "size": {"pl": "Rozmiar (bajty)", "en": "Size (bytes)"},
    "checksum": {"pl": "SHA-256", "en": "SHA-256"},
    "dumps_intro": {
        "pl": "Cały graf (ontologia i dane, bez wnioskowania) w trzech formatach; każdy plik "
        "także skompresowany gzipem. Sumy kontrolne: SHA256SUMS.",
        "en": "The whole graph (ontology and data, as asserted) in three formats, each also "
        "gzipped. Checksums: SHA256SUMS.",
    },
    "catalogue": {"pl": "Opis zbioru danych (DCAT-AP 3)", "en": "Dataset description (DCAT-AP 3)"},
    "void": {"pl": "Opis VoID", "en": "VoID description"},
    "licence": {"pl": "Licencja", "en": "Licence"},
    "licence_text": {
        "pl": "Dane: CC BY 4.0 (autorzy pimgraph). Współrzędne miast: © autorzy OpenStreetMap, "
        "ODbL 1.0. Kody TERC i SIMC: rejestr TERYT GUS.",
        "en": "Data: CC BY 4.0 (pimgraph contributors). City coordinates: © OpenStreetMap "
        "contributors, ODbL 1.0. TERC and SIMC codes: the GUS TERYT register.",
    },
    "query_intro": {
        "pl": "Wybierz zapisane zapytanie lub wpisz własne (tylko odczyt). Zapytania wysyłane są "
        "do punktu końcowego SPARQL tej witryny (/sparql).",
        "en": "Pick a stored query or write your own (read-only). Queries go to this site's "
        "SPARQL endpoint (/sparql).",
    },
    "stored_query": {"pl": "Zapisane zapytanie", "en": "Stored query"},
    "choose": {"pl": "— wybierz —", "en": "— choose —"},
    "run": {"pl": "Wykonaj", "en": "Run"},
    "rows": {"pl": "wierszy", "en": "rows"},
    "running": {"pl": "Trwa wykonywanie…", "en": "Running…"},
    "parameters": {
        "pl": "Parametry (zmienne ?_nazwa; bez wartości zapytanie obejmuje wszystkie)",
        "en": "Parameters (?_name variables; left unbound, the query covers every value)",
    },
    "query_needs_server": {
        "pl": "Ta strona potrzebuje punktu końcowego /sparql (pimgraph serve).",
        "en": "This page needs the /sparql endpoint (pimgraph serve).",
    },
    "other_themes": {"pl": "Pozostałe pojęcia", "en": "Other concepts"},
    "explore": {"pl": "Wspólne tematy", "en": "Shared themes"},
    "explore_title": {
        "pl": "Które miasta łączą wspólne tematy",
        "en": "Which cities share themes",
    },
    "explore_intro": {
        "pl": (
            "Miasta porównane według tematów ich sieci, MID i własnych (z tematami "
            "szerszymi): pary najbardziej podobnych, klastry i tematy łączące sieci."
        ),
        "en": (
            "Cities compared by the themes of their networks, their MIDs and their own "
            "(widened with broader themes): the most similar pairs, the clusters and the "
            "themes that bridge networks."
        ),
    },
    "explore_no_edition": {
        "pl": "Graf nie zawiera miast z tematami w edycji",
        "en": "The graph holds no cities with themes in edition",
    },
    "cities_compared": {"pl": "porównanych miast", "en": "cities compared"},
    "measure_intro": {
        "pl": "Miarą podobieństwa dwóch miast jest ważony indeks Jaccarda po tematach:",
        "en": "The similarity of two cities is a weighted Jaccard index over themes:",
    },
    "measure_where": {
        "pl": (
            "gdzie N to liczba porównywanych miast, a n_t – liczba tych z nich, które mają "
            "temat t (rzadszy temat waży więcej)."
        ),
        "en": (
            "where N is the number of cities compared and n_t the number of them holding "
            "theme t (a rarer theme weighs more)."
        ),
    },
    "pictures": {"pl": "Rysunki", "en": "Pictures"},
    "picture_network": {
        "pl": (
            "Sieć miast: linia łączy miasta o wspólnych tematach, tym grubsza, im większe "
            "podobieństwo; grupy to klastry; kolor to sieć (opisy rysunku po angielsku)."
        ),
        "en": (
            "The network of cities: a line joins two cities sharing themes, thicker the more "
            "similar they are; groups are clusters; colour is the network."
        ),
    },
    "picture_map": {
        "pl": (
            "Mapa Polski z porównywanymi miastami w kolorach ich sieci (opisy rysunku po "
            "angielsku)."
        ),
        "en": "A map of Poland with the compared cities in the colours of their networks.",
    },
    "picture_heatmap": {
        "pl": (
            "Mapa cieplna miasto × temat: zaznaczona komórka to temat, który miasto ma; kolor"
            " to waga tematu (opisy rysunku po angielsku)."
        ),
        "en": (
            "The city × theme heat map: a filled cell is a theme the city holds; its colour "
            "is the theme's weight."
        ),
    },
    "plot_hint": {
        "pl": 'Rysunki wymagają dodatku plot: pip install "pimgraph[plot]"',
        "en": 'Pictures need the plot extra: pip install "pimgraph[plot]"',
    },
    "top_pairs": {
        "pl": "{n} najbardziej podobnych par miast",
        "en": "The {n} most similar pairs of cities",
    },
    "city": {"pl": "Miasto", "en": "City"},
    "similarity": {"pl": "Podobieństwo", "en": "Similarity"},
    "shared_themes": {
        "pl": "Wspólne tematy (najrzadsze najpierw)",
        "en": "Shared themes (rarest first)",
    },
    "clusters": {"pl": "Klastry miast", "en": "Clusters of cities"},
    "clusters_intro": {
        "pl": (
            "Grupy miast wyznaczone zachłanną maksymalizacją modularności grafu par ważonego "
            "podobieństwem."
        ),
        "en": (
            "Groups of cities found by greedy modularity agglomeration on the graph of pairs "
            "weighted by similarity."
        ),
    },
    "cluster": {"pl": "Klaster", "en": "Cluster"},
    "bridges": {"pl": "Tematy łączące sieci", "en": "Themes that bridge networks"},
    "bridges_intro": {
        "pl": (
            "Tematy, które mają miasta więcej niż jednej sieci (w nawiasie: liczba miast "
            "danej sieci)."
        ),
        "en": (
            "Themes held by cities of more than one network (in brackets: how many cities of "
            "that network)."
        ),
    },
    "theme": {"pl": "Temat", "en": "Theme"},
    "weight": {"pl": "Waga", "en": "Weight"},
    "generated": {"pl": "Wygenerowano przez pimgraph", "en": "Generated by pimgraph"},
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
    return UI[key][lang]


def term_label(iri: str, lang: str) -> str | None:
    pair = TERM_LABELS.get(iri)
    if pair is None:
        return None
    return pair[0] if lang == "en" else pair[1]
