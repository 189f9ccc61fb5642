"""Search of the initiatives library and the suggestions shown beside a need or an opportunity.

PostgreSQL: full text in French without accents (configuration `fabrique_fr`, the vector kept by a trigger of
migration 0007), ranked by ts_rank with the title first, OR trigram word similarity of the text against the
lowercased title so that a typo still finds (« garrage »); both read a GIN index. SQLite (`make run`): every
word contained in the title, summary, tags or description, whatever its accents, case or final s.
"""

import re
import unicodedata

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import BooleanField, Case, Exists, F, FloatField, Func, IntegerField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.parallel import side_by_side
from core.text import strip_control_characters

from ..models import Initiative
from ..models.initiatives import SEARCH_CONFIG

# Markers around a matched word in ts_headline's output: control characters, which cleaned text never holds
# (core.text), so the escaped text can take them back as <mark> without any user text becoming markup.
START, STOP = "\x02", "\x03"
MARKED = re.compile(f"{START}(.*?){STOP}", re.S)
# A search text longer than this is cut: nobody types more, and a pasted page would cost every row its rank.
MAX_TEXT = 200
# Trigram similarity answers typos of a word or two (« garrage solidaire »), not of a letter or two (« le » would
# be like every « les »), nor of a sentence, whose many trigrams cost the index scan ten times more.
MIN_TRIGRAM_TEXT = 4
MAX_TRIGRAM_WORDS = 3
SUGGESTIONS = 5
# The record's words that its suggestions are ranked by: its title's first, then its most repeated ones.
MAX_RECORD_WORDS = 40
# SQLite: the initiatives read to rank the suggestions in Python, the best guesses first.
FALLBACK_CANDIDATES = 200

# Words of the record that say nothing of its subject (the French stemmer keeps « le » and « a »; SQLite's
# fallback keeps words of more than three letters, and these are the commonest of them).
STOP_WORDS = frozenset(
    (  # noqa: SIM905 - a list of words reads best as words
        "avec dans pour sans sont leur leurs nous vous elle elles cette ceux celle entre chez mais plus moins "
        "tres aussi comme donc alors etre avoir fait faire peut etait sera ainsi tout tous toute toutes "
        "autre autres meme quand"
    ).split()
)


def _clean(text):
    return strip_control_characters(text or "").replace("\x00", "").strip()[:MAX_TEXT]


def _is_postgresql():
    return connection.vendor == "postgresql"


def initiative_search(queryset, text):
    """`queryset` narrowed to the initiatives matching `text`, most relevant first; unchanged for a blank text."""
    text = _clean(text)
    if not text:
        return queryset
    if _is_postgresql():
        return _search_postgresql(queryset, text)
    return _search_fallback(queryset, text)


def _search_postgresql(queryset, text):
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    # ts_rank weighs a title word (A) five times a description word (C): the default weights.
    rank = Coalesce(SearchRank(F("search_vector"), query), Value(0.0), output_field=FloatField())
    matches = Q(search_vector=query)
    wanted, unwanted = _trigram_words(text)
    if len(wanted) >= MIN_TRIGRAM_TEXT and len(wanted.split()) <= MAX_TRIGRAM_WORDS:
        # lower(title), the expression of the GIN trigram index; `%>` lets the planner read that index.
        similar = Q(TrigramWordSimilar(Lower("title"), wanted))
        if unwanted:
            # « solidaire -garage »: a title like the wanted words is no match if it has an unwanted one.
            similar &= ~Q(search_vector=SearchQuery(unwanted, search_type="plain", config=SEARCH_CONFIG))
        matches |= similar
        rank = rank + TrigramWordSimilarity(Value(wanted), Lower("title"))
    return queryset.filter(matches).annotate(search_rank=rank).order_by("-search_rank", "title", "pk")


def _trigram_words(text):
    """The words of a web-search text that a title should look like, and those it must not have (« -garage »),
    without the quotes and the « or » of the syntax."""
    wanted, unwanted = [], []
    for word in text.replace('"', " ").split():
        if word.startswith("-"):
            unwanted.append(word[1:])
        elif word.lower() != "or":
            wanted.append(word)
    return " ".join(wanted), " ".join(word for word in unwanted if word)


def initiative_highlights(initiatives, text):
    """{pk: {"title": safe HTML, "summary": safe HTML}} with the words matching `text` in <mark>, for the rows of
    one page (`initiatives`: instances or pks) in one query at most; {} for a blank text."""
    text = _clean(text)
    items = list(initiatives)
    if not text or not items:
        return {}
    pks = [getattr(item, "pk", item) for item in items]
    if _is_postgresql():
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        rows = (
            Initiative.objects.filter(pk__in=pks)
            .annotate(marked_title=_headline("title", query), marked_summary=_headline("summary", query))
            .values_list("pk", "marked_title", "marked_summary")
        )
        return {pk: {"title": _marked_html(title), "summary": _marked_html(summary)} for pk, title, summary in rows}
    patterns = [_word_pattern(word) for word in _words(text)]
    rows = _loaded_rows(items) or Initiative.objects.filter(pk__in=pks).values_list("pk", "title", "summary")
    return {
        pk: {"title": _mark_in_python(title, patterns), "summary": _mark_in_python(summary, patterns)}
        for pk, title, summary in rows
    }


def _headline(expression, query):
    return SearchHeadline(expression, query, config=SEARCH_CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True)


def _marked_html(headline):
    """The headline escaped, then its markers turned into <mark>: nothing the user typed becomes markup."""
    html = escape(headline or "").replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped just above; only our own <mark> tags were added


def _loaded_rows(items):
    """(pk, title, summary) of instances already read with both texts (no query), or None."""
    if all(hasattr(item, "__dict__") and {"title", "summary"} <= item.__dict__.keys() for item in items):
        return [(item.pk, item.title, item.summary) for item in items]
    return None


# SQLite fallback -------------------------------------------------------------------------------------------

ACCENTED = {
    "a": "aàâäáãå",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "o": "oôöóòõ",
    "u": "uùûüú",
    "y": "yÿ",
    "n": "nñ",
}


def fold(word):
    """`word` lowercased, without accents or ligatures: « Épicerie » → « epicerie », « Œuvre » → « oeuvre »."""
    word = word.lower().replace("œ", "oe").replace("æ", "ae")
    return "".join(char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char))


def _singular(word):
    """A crude French singular, enough for « garages solidaires » to find « Garage solidaire »."""
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def _words(text):
    """The distinct words of a search text, folded and singular, in their order."""
    words = []
    for word in re.findall(r"\w+", text):
        word = _singular(fold(word))
        if word not in words:
            words.append(word)
    return words[:20]


def _word_pattern(word):
    """A regular expression finding `word` (folded) whatever its accents; case is left to the (?i) flag."""
    parts, position = [], 0
    while position < len(word):
        if word.startswith("oe", position):
            parts.append("(?:oe|œ)")
            position += 2
            continue
        char = word[position]
        parts.append(f"[{ACCENTED[char]}]" if char in ACCENTED else re.escape(char))
        position += 1
    return "".join(parts)


def _search_fallback(queryset, text):
    words = _words(text)
    if not words:
        return queryset.none()  # punctuation alone, as on PostgreSQL, matches nothing
    score = Value(0)
    for word in words:
        pattern = _word_pattern(word)
        queryset = queryset.filter(
            Q(title__iregex=pattern)
            | Q(summary__iregex=pattern)
            | Q(tags__iregex=pattern)
            | Q(description__iregex=pattern)
        )
        score = score + Case(When(title__iregex=pattern, then=Value(1)), default=Value(0), output_field=IntegerField())
    return queryset.annotate(search_rank=score).order_by("-search_rank", "title", "pk")


def _mark_in_python(value, patterns):
    """`value` escaped, with the parts matching `patterns` in <mark> (matched on the raw text, then escaped)."""
    value = value or ""
    spans = []
    for pattern in patterns:
        spans.extend(match.span() for match in re.finditer(pattern, value, re.I) if match.end() > match.start())
    html, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        html.append(escape(value[position:start]))
        html.append(f"<mark>{escape(value[start:end])}</mark>")
        position = end
    html.append(escape(value[position:]))
    return mark_safe("".join(html))  # noqa: S308 - every piece of text escaped above


# Suggestions -----------------------------------------------------------------------------------------------

# The record's text as an OR query of its lexemes (already stemmed and unaccented by fabrique_fr): those of its
# title first, then the most repeated; words of two letters or fewer dropped (« le », « a »), digits too.
RECORD_QUERY = f"""(
    SELECT string_agg(quote_literal(kept.lexeme), ' | ')::tsquery FROM (
        SELECT lexeme FROM unnest(
            setweight(to_tsvector('{SEARCH_CONFIG}', %s), 'A') || to_tsvector('{SEARCH_CONFIG}', %s)
        )
        WHERE length(lexeme) > 2 AND lexeme ~ '^[[:alpha:]]+$'
        ORDER BY 'A' = ANY(weights) DESC, cardinality(positions) DESC, lexeme
        LIMIT {MAX_RECORD_WORDS}
    ) AS kept
)"""

# The texts the search vector is made of, in which the shared words are looked for.
INDEXED_TEXTS = (
    "title",
    "tags",
    "summary",
    "structure_name",
    "description",
    "results",
    "replication_conditions",
    "economic_model",
)
SHOWN_FIELDS = ("title", "sector_id", "origin_region_id", "sector__name", "origin_region__name")


class _Lines(Func):
    """The texts one per line, in one call of PostgreSQL's concat_ws: Django's Concat nests a pair of coalesced texts
    per text, which took longer to build than the suggestions' query took to run."""

    function = "concat_ws"
    output_field = TextField()

    def __init__(self, *texts):
        super().__init__(Value("\n"), *texts)


class _Matches(Func):
    """`vector @@ query`, for a query that is an expression rather than a text."""

    function = ""
    arg_joiner = " @@ "
    output_field = BooleanField()


def initiative_suggestions(*, record, user, limit=SUGGESTIONS):
    """The published initiatives most relevant to a need or an opportunity (`record`), as (initiative, reasons):
    those of its sector first, then by the words they share with its title and description. Two queries on
    PostgreSQL (one for a record without a sector), one on SQLite, whatever the size of the library. Published
    initiatives are read by every signed-in user, so `user` narrows nothing today; it is taken for the day it
    does."""
    del user  # every reader of a need or an opportunity reads the published initiatives
    found = _suggestions_postgresql(record, limit) if _is_postgresql() else _suggestions_fallback(record, limit)
    return [(initiative, _reasons(initiative, record, words)) for initiative, words in found]


def _published():
    return Initiative.objects.published().select_related("sector", "origin_region").only(*SHOWN_FIELDS)


def _same_sector(record):
    if record.sector_id is None:
        return Value(False, output_field=BooleanField())
    return Case(When(sector_id=record.sector_id, then=Value(True)), default=Value(False), output_field=BooleanField())


def _suggestions_postgresql(record, limit):
    """Those of the record's sector first, ranked by the words they share; then, when the sector has fewer than
    `limit`, the others that share words. Ranking the sector's initiatives alone, rather than every initiative
    sharing a common word with the record (nearly the whole library), is what keeps it fast. Two queries for a
    record with a sector, whatever the library holds: the second one stops at once, before reading a row, when
    the sector has enough (a condition PostgreSQL evaluates once)."""
    others = _published().filter(Q(_Matches(F("search_vector"), _record_query(record))))
    if record.sector_id is None:
        return _ranked_postgresql(record, others, limit)
    in_sector = _published().filter(sector_id=record.sector_id)
    # The sector has fewer than `limit`: no `limit`-th published initiative in it.
    sector_short = ~Exists(Initiative.objects.published().filter(sector_id=record.sector_id)[limit - 1 : limit])
    others = others.exclude(sector_id=record.sector_id).filter(sector_short)
    # Neither reads the other's rows: the others in a worker while the sector's are ranked here (core.parallel).
    ranked_others, found = side_by_side(
        [lambda: _ranked_postgresql(record, others, limit), lambda: _ranked_postgresql(record, in_sector, limit)]
    )
    return found + ranked_others[: limit - len(found)]


def _record_query(record):
    return RawSQL(RECORD_QUERY, [record.title or "", record.description or ""])


def _ranked_postgresql(record, initiatives, limit):
    """(initiative, shared words) of the `limit` initiatives that share the most with the record."""
    rank = Coalesce(SearchRank(F("search_vector"), _record_query(record)), Value(0.0), output_field=FloatField())
    # ts_headline is costly, so PostgreSQL computes it after the sort and the limit: for the rows shown alone.
    marked = _headline(_Lines(*[F(field) for field in INDEXED_TEXTS]), _record_query(record))
    initiatives = initiatives.annotate(suggestion_rank=rank, marked=marked).order_by("-suggestion_rank", "title", "pk")[
        :limit
    ]
    return [(initiative, _shared_words(MARKED.findall(initiative.marked or ""))) for initiative in initiatives]


def _shared_words(words):
    """The matched words as they appear in the initiative, lowercased, each once (a plural with its singular)."""
    shown, seen = [], set()
    for word in words:
        key = _singular(fold(word))
        if key and key not in seen:
            seen.add(key)
            shown.append(word.lower())
    return shown


def _record_words(record):
    """The folded, singular words of more than three letters of a record's title and description, title first."""
    words = []
    for word in re.findall(r"\w+", f"{record.title or ''} {record.description or ''}"):
        word = _singular(fold(word))
        if len(word) > 3 and word not in STOP_WORDS and not word.isdigit() and word not in words:
            words.append(word)
    return words


def _suggestions_fallback(record, limit):
    words = _record_words(record)[:MAX_RECORD_WORDS]
    score = Value(0)
    any_word = Q()
    for word in words[:10]:
        pattern = _word_pattern(word)
        in_text = Q(title__iregex=pattern) | Q(summary__iregex=pattern) | Q(tags__iregex=pattern)
        any_word |= in_text
        score = score + Case(When(in_text, then=Value(1)), default=Value(0), output_field=IntegerField())
    candidates = _published().only(*SHOWN_FIELDS, *INDEXED_TEXTS)
    matches = any_word
    if record.sector_id is not None:
        matches = matches | Q(sector_id=record.sector_id)
    if not matches:
        return []
    candidates = candidates.filter(matches).annotate(same_sector=_same_sector(record), guess=score)
    candidates = candidates.order_by("-same_sector", "-guess", "title", "pk")[:FALLBACK_CANDIDATES]
    wanted = set(words)
    ranked = []
    for initiative in candidates:
        shared = []
        for field in INDEXED_TEXTS:
            for word in re.findall(r"\w+", getattr(initiative, field) or ""):
                if len(word) > 3 and _singular(fold(word)) in wanted:
                    shared.append(word)
        shared = _shared_words(shared)
        if shared or initiative.same_sector:
            order = (not initiative.same_sector, -len(shared), initiative.title, initiative.pk)
            ranked.append((order, initiative, shared))
    ranked.sort(key=lambda row: row[0])
    return [(initiative, shared) for _order, initiative, shared in ranked[:limit]]


def _reasons(initiative, record, words):
    """Why an initiative is suggested, in French: its sector, the words it shares, or that the sector alone matched."""
    reasons = []
    same_sector = record.sector_id is not None and initiative.sector_id == record.sector_id
    if same_sector:
        reasons.append(_("Même filière\u00a0: %(sector)s") % {"sector": initiative.sector.name})
    if words:
        reasons.append(_("Mots en commun\u00a0: %(words)s") % {"words": ", ".join(words[:6])})
    elif same_sector:
        reasons.append(_("Aucun mot en commun\u00a0: suggérée pour sa filière seulement"))
    return reasons
