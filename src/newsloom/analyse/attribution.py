"""Find direct, indirect and mixed quotes in a parsed article, with cue and speaker."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsloom.analyse.boundaries import (
    agent_like,
    cut_after_quote,
    dash_credit,
    extend_tails,
    extend_through_quotes,
    quoted_left,
    quoted_title,
    quotes_words,
    title_like,
)
from newsloom.analyse.coref import PersonIndex, np_bounds
from newsloom.analyse.lexicon import (
    ADVERBIAL_MARKS,
    CONTENT_NOUNS,
    CUE_VERBS,
    DIRECT_CUES,
    INFINITIVE_CUES,
    NAMING_CUES,
    PREP_CUES,
    STANCE_NOUNS,
)
from newsloom.analyse.marks import QuotedSpan
from newsloom.analyse.options import AnalyseOptions
from newsloom.analyse.records import Quote, QuoteKind

__all__ = ["extract_quotes"]

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp"})
_STOP = frozenset({".", "!", "?", ";"})
_MARKS = '"“”„«»'
_AFTER_END = ",?!—–-…:"
_BEFORE_OK = frozenset({",", ":", "that", "—", "–"})
_RELATIVE = frozenset({"who", "that", "which"})
_EXPLETIVE = frozenset({"it", "there", "this", "what"})
_EDGE = " \t\r\n,;:"


@dataclass(frozen=True, slots=True)
class _Context:
    """What the rules look up for one article."""

    doc: Doc
    text: str
    starts: list[int]
    people: PersonIndex
    options: AnalyseOptions

    def token_at(self, char: int) -> Token:
        return self.doc[max(bisect_right(self.starts, char) - 1, 0)]


def _is_cue(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in CUE_VERBS


def _is_direct_cue(token: Token) -> bool:
    """A verb that can introduce a quotation next to it (a wider set than ``_is_cue``)."""
    return token.pos_ in ("VERB", "AUX") and (
        token.lemma_.lower() in CUE_VERBS
        or token.lemma_.lower() in DIRECT_CUES
        or token.lemma_.lower() in NAMING_CUES
    )


def _subject(verb: Token) -> Token | None:
    """The speaker token of a cue verb: its subject, or the subject of the verb it hangs on."""
    own = _own_subject(verb)
    if own is None and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        # 'X responded by saying ...': the speaker is the subject of the verb "by" hangs on.
        own = _own_subject(verb.head.head)
    if own is not None or verb.dep_ not in _INHERIT_DEPS:
        return own if own is None or own.lower_ not in _EXPLETIVE else None
    # "..., adding that ..." or "... and stated, ...": a parse may hang the second cue on a
    # verb inside the first cue's content; the speaker is the nearest reporting verb's.
    for above in verb.ancestors:
        if _is_cue(above) and (subject := _own_subject(above)) is not None:
            return subject
    for _ in range(3):
        if verb.dep_ not in _INHERIT_DEPS or verb.head.i == verb.i:
            return None
        verb = verb.head
        if (subject := _own_subject(verb)) is not None:
            return None if subject.lower_ in _EXPLETIVE else subject
    return None


# Entity types that are never a speaker: a subject of this type is a misparse
# ("6:50 p.m. Clinton says", "LONDON (Reuters) - ...").
_NOT_SPEAKER = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})


def _own_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            dateline = child.is_upper and child.ent_type_ == "GPE"  # "LONDON (AP) -"
            if (dateline or child.ent_type_ in _NOT_SPEAKER) and not any(
                c.dep_ == "appos" for c in child.children
            ):
                return None
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return child
    return None


def _speaker_near(ctx: _Context, cue: Token, lo: int, hi: int) -> Token | None:
    """Fallback when the parse gives no subject: a name or pronoun next to the cue."""
    for i in list(range(lo, cue.i)) + list(range(cue.i + 1, min(hi, len(ctx.doc)))):
        tok = ctx.doc[i]
        if tok.pos_ in ("PROPN", "PRON") and tok.lower_ not in _EXPLETIVE:
            return tok
        if tok.is_punct and i > cue.i:
            break
    return None


def _speaker_fields(
    ctx: _Context, head: Token | None
) -> tuple[str | None, int | None, int | None, str | None]:
    if head is None:
        return None, None, None, None
    first, last = np_bounds(head)
    start = ctx.doc[first].idx
    end = ctx.doc[last].idx + len(ctx.doc[last])
    name = ctx.people.name_of(head)
    if name is None:
        for i in range(first, last + 1):
            name = ctx.people.name_of(ctx.doc[i])
            if name is not None:
                break
    if name is None:
        for child in head.children:
            if child.dep_ == "appos":
                name = ctx.people.name_of(child)
    return ctx.text[start:end], start, end, name


def _cue_after(ctx: _Context, span: QuotedSpan) -> Token | None:
    # A nested quotation may close with the outer mark: '"You said 'we tried,'" Kim said'.
    inner = ctx.text[span.start : span.end].rstrip().rstrip("’'")
    after = ctx.text[span.close + 1 : span.close + 3].lstrip()
    if not (inner.endswith(tuple(_AFTER_END)) or after.startswith(",")):
        return None
    mark = ctx.token_at(span.close)
    counted = depth = 0
    verbless = True
    # Punctuation and a parenthesis ('Rep. Ann Lee (R-Ohio), a panel member, said') do not
    # count towards the window, and a long title with no verb in it ('Ann Lee, director of
    # the ... Center and a professor at ..., said') may run past it.
    for i in range(mark.i + 1, min(mark.i + 1 + 4 * ctx.options.cue_window, len(ctx.doc))):
        tok = ctx.doc[i]
        if tok.text in _STOP or "\n" in tok.text or tok.text in _MARKS:
            return None
        if _is_direct_cue(tok):
            return tok
        depth += (tok.text == "(") - (tok.text == ")")
        counted += not (depth or tok.is_punct or tok.is_space)
        verbless = verbless and tok.pos_ not in ("VERB", "AUX")
        if counted >= ctx.options.cue_window and not verbless:
            return None
    return None


def _cue_before(ctx: _Context, span: QuotedSpan) -> Token | None:
    mark = ctx.token_at(span.open)
    i = mark.i - 1
    while i >= 0 and ctx.doc[i].is_space and "\n" not in ctx.doc[i].text:
        i -= 1  # a no-break space token between the comma and the mark
    if i < 0:
        return None
    prev = ctx.doc[i]
    if prev.lower_ not in _BEFORE_OK and not _is_direct_cue(prev):
        return None
    verb: Token | None = None
    for n, j in enumerate(range(i, max(i - 12, -1), -1)):
        tok = ctx.doc[j]
        if tok.text in _STOP or "\n" in tok.text or tok.text in _MARKS:
            break
        if _is_direct_cue(tok) or (
            tok.lower_ == "according" and j + 1 < len(ctx.doc) and ctx.doc[j + 1].lower_ == "to"
        ):
            return tok
        if tok.pos_ == "VERB" and n >= 6:
            break  # a far cue only across its own clause ('told his audience on Monday, "')
        if verb is None and tok.pos_ == "VERB":
            verb = tok
    # 'Hillary shot back, "I suppose ..."': a sentence-like quotation after a comma or colon
    # is introduced by the person's verb before it, cue word or not.
    inner = ctx.text[span.start : span.end].lstrip()
    if (
        verb is not None
        and prev.text in (",", ":")
        and inner[:1].isupper()
        and len(inner.split()) >= 4
        and (subject := _own_subject(verb)) is not None
        and subject.lower_ not in _EXPLETIVE
        and agent_like(subject)
    ):
        return verb
    return None


def _before(ctx: _Context, span: QuotedSpan) -> str:
    """The last visible character before the opening mark ("\n" for a line start)."""
    k = span.open - 1
    while k >= 0 and ctx.text[k].isspace() and ctx.text[k] != "\n":
        k -= 1  # spaces of any kind, no-break ones included
    return ctx.text[k] if k >= 0 else "\n"


def _starts_sentence(ctx: _Context, span: QuotedSpan) -> bool:
    before = _before(ctx, span)
    return before in "\n.!?:" or before in _MARKS


def _starts_clause(ctx: _Context, span: QuotedSpan) -> bool:
    """A quote whose cue follows it opens a sentence or a clause, never a noun phrase
    (a title such as 'on "Sunday Morning Futures," Rep. X said' is not a quote)."""
    return _starts_sentence(ctx, span) or _before(ctx, span) in ",;—–-(["


def _direct(ctx: _Context, spans: list[QuotedSpan]) -> tuple[list[Quote], set[int]]:
    quotes: list[Quote] = []
    used: set[int] = set()
    last: Quote | None = None
    for span in spans:
        inner = ctx.text[span.start : span.end]
        words = len(inner.split())
        after = _cue_after(ctx, span) if _starts_clause(ctx, span) else None
        if after is not None and not _starts_sentence(ctx, span) and title_like(inner):
            after = None  # 'In her book, "Tax Facts," Ann Lee wrote ...': a title
        cue = after or _cue_before(ctx, span)
        if cue is not None and ctx.text[max(cue.idx - 3, 0) : cue.idx].lower() in ("so-", "so "):
            cue = None  # "so-called": a label, not a reporting verb
        credited = (
            dash_credit(doc_=ctx.doc, text=ctx.text, starts=ctx.starts, close=span.close)
            if cue is None
            else None
        )
        cue_text: str | None = None
        cue_start: int | None = None
        if credited is not None:
            fields = _speaker_fields(ctx, credited)
        elif cue is not None:
            used.add(cue.i)
            mark = ctx.token_at(span.close if cue.idx > span.close else span.open)
            head = (
                _subject(cue)
                or _speaker_near(ctx, cue, mark.i + 1, cue.i + 5)
                or _speaker_back(ctx, cue)
            )
            fields = _speaker_fields(ctx, head)
            cue_text, cue_start = cue.text, cue.idx
        elif words >= ctx.options.min_quote_words and (
            _starts_sentence(ctx, span) or _resumes(ctx, last, span)
        ):
            follows = last is not None and _adjacent(ctx, last, span.open)
            if follows and last is not None:
                # The quote goes on after its cue ("..., she said. '...'"): same statement.
                fields = (
                    last.speaker_text,
                    last.speaker_start,
                    last.speaker_end,
                    last.speaker_name,
                )
                cue_text, cue_start = last.cue, last.cue_start
            else:
                fields = _previous_speaker(ctx, span)
                if fields[0] is None and last is not None and span.open - last.end < 600:
                    # Nobody named just before: the speaker of the quote before goes on.
                    fields = (
                        last.speaker_text,
                        last.speaker_start,
                        last.speaker_end,
                        last.speaker_name,
                    )
                cue_text = cue_start = None
        else:
            continue
        if fields[0] is None and words <= 2:
            continue  # a scare-quoted word or two that nobody is said to have said
        last = Quote(
            text=inner,
            start=span.start,
            end=span.end,
            kind="direct",
            cue=cue_text,
            cue_start=cue_start,
            speaker_text=fields[0],
            speaker_start=fields[1],
            speaker_end=fields[2],
            speaker_name=fields[3],
        )
        quotes.append(last)
    return quotes, used


def _resumes(ctx: _Context, last: Quote | None, span: QuotedSpan) -> bool:
    """A quote split by its cue: '"Every time you say that," Tester said, "you give ..."'."""
    if last is None or last.cue_start is None or last.cue_start < last.end:
        return False
    gap = ctx.text[last.end + 1 : span.open]
    inner = ctx.text[span.start : span.end].lstrip()
    return (
        inner[:1].islower()
        and re.search(r"(?:,|,? (?:but|and))\s*$", gap) is not None
        and len(gap) <= 120
        and not any(c in gap for c in _MARKS)
        and not re.search(r"[.!?\n]", gap)
    )


def _adjacent(ctx: _Context, last: Quote, open_at: int) -> bool:
    """True if a quote opening at ``open_at`` follows ``last`` with at most its cue clause
    between them."""
    gap_start = max(last.end + 1, last.cue_start or 0, last.speaker_end or 0)
    # A short quoted name or title in the cue clause ('said on "Meet the Press."', a
    # nickname) is no quotation of its own.
    gap = ctx.text[gap_start:open_at]
    # At most the rest of the cue's sentence: one sentence end, one paragraph break.
    return (
        len(gap) <= 250
        and _sentence_ends(gap) <= 1
        and gap.count("\n\n") <= 1
        and not any(c in _SHORT_QUOTED.sub("title", gap) for c in _MARKS)
    )


_SHORT_QUOTED = re.compile(r"[\"“](?:(?:[A-Z][^\"“”\s]*|and|of|the|a|in|on|to|for) ?){1,5}[\"”]")
# A period after a title or an initial ("Mr. Lee", "Robert J. Kim") ends no sentence.
_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Lt|Gen|Col|Sgt|Capt|Adm|Maj|Rev|Prof|St|Jr|Sr|Inc|Corp|Co"
    r"|Ltd|No|Jan|Feb|Aug|Sept|Oct|Nov|Dec|[A-Z])\.$"
)
_END = re.compile(r"[.!?][\"”’')]*(?=\s)")


def _sentence_ends(text: str) -> int:
    """How many sentences end inside ``text`` (not counting abbreviations' periods)."""
    return sum(1 for m in _END.finditer(text) if not _ABBREVIATION.search(text, 0, m.start() + 1))


def _previous_speaker(
    ctx: _Context, span: QuotedSpan
) -> tuple[str | None, int | None, int | None, str | None]:
    """Speaker of a cue-less quote: the one named in the previous sentence."""
    sent = ctx.token_at(span.open).sent
    if sent.start == 0:
        return None, None, None, None
    prev = ctx.doc[sent.start - 1].sent
    named: Token | None = None
    for tok in prev:
        if tok.dep_ in _SUBJECT_DEPS and _names_someone(ctx, tok):
            named = tok
            if tok.head.i < len(ctx.doc) and _is_cue(tok.head):
                break  # the subject of a reporting verb wins over other subjects
    return _speaker_fields(ctx, named)


def _names_someone(ctx: _Context, token: Token) -> bool:
    """A subject that can be a speaker: a resolved person, a proper name or he/she."""
    return (
        ctx.people.name_of(token) is not None
        or token.pos_ == "PROPN"
        or token.lower_ in ("he", "she")
    )


def _content_root(cue: Token) -> tuple[Token, bool] | None:
    """The token whose subtree is the reported content, and whether the subtree is the object."""
    lemma = cue.lemma_.lower()
    fallback: tuple[Token, bool] | None = None
    clauses = [
        c
        for c in cue.children
        if c.dep_ == "ccomp"
        and not any(g.dep_ == "mark" and g.lower_ in ADVERBIAL_MARKS for g in c.children)
        and not (c.i < cue.i and quoted_title(c))
    ]
    if clauses:
        # "In a statement released after X suspended ..., Cruz said he ...": a clause
        # on each side; the one after the cue is the content unless the quote came first.
        right = [c for c in clauses if c.i > cue.i]
        return (right[0] if right and not quoted_left(clauses[0]) else clauses[0]), False
    for child in cue.children:
        if child.dep_ == "xcomp" and lemma in INFINITIVE_CUES:
            fallback = fallback or (child, False)
        elif child.dep_ == "dobj":
            noun = child.lemma_.lower()
            if noun in CONTENT_NOUNS:
                fallback = fallback or (child, True)
            elif noun in STANCE_NOUNS:
                for grand in child.children:
                    if grand.dep_ in ("acl", "ccomp", "relcl") and any(
                        g.dep_ == "mark" for g in grand.children
                    ):
                        fallback = fallback or (grand, False)
        elif child.dep_ == "prep" and (lemma, child.lower_) in PREP_CUES:
            fallback = fallback or (child, True)
    return fallback


def _content_tokens(root: Token, cue: Token) -> list[Token]:
    """The content's tokens: ``root``'s subtree within the cue's paragraph, without nested
    reporting clauses ("and stated, ...", "adding that ...") that are quotes of their own."""
    cut: set[int] = set()
    for tok in root.subtree:
        if tok is not root and tok.dep_ in ("conj", "advcl") and _is_cue(tok):
            cut.update(t.i for t in tok.subtree)
            cut.update(c.i for c in tok.head.children if c.dep_ == "cc" and c.i < tok.i)
    toks = [t for t in root.subtree if t.i != cue.i and t.i not in cut]
    if toks:
        # Stop at a paragraph break on either side of the cue.
        lo = next(
            (t.i + 1 for t in reversed(toks) if t.i < cue.i and "\n" in t.text + t.whitespace_),
            toks[0].i,
        )
        hi = next((t.i - 1 for t in toks if t.i > cue.i and "\n" in t.text), toks[-1].i)
        hi = next((t.i for t in toks if cue.i < t.i < hi and "\n" in t.whitespace_), hi)
        toks = [t for t in toks if lo <= t.i <= hi]
    # Keep one contiguous run: the content is the stretch around the first token kept.
    doc = cue.doc
    run: list[Token] = []
    for tok in toks:
        between = range(run[-1].i + 1, tok.i) if run else range(0)
        # Bridge a gap that is only the cue or punctuation the parse hung elsewhere
        # (a closing quote mark, a comma).
        bridged = all(j == cue.i or doc[j].is_punct for j in between) and len(between) <= 3
        if run and tok.i != run[-1].i + 1 and not bridged:
            if run[-1].i >= root.i:
                break
            run = []
        run.append(tok)
    return run


_OBJECT_SKIP = frozenset(
    {"punct", "cc", "conj", "npadvmod", "mark", "aux", "auxpass", "neg", "advcl"}
)
# Verbs whose object is the addressee, not the content ("told customers that ...").
_ADDRESSEE_CUES = frozenset({"tell", "inform", "assure", "remind", "ask", "urge", "thank"})
_LEADING_PREPS = frozenset({"to", "for", "on", "about", "against", "of", "as"})
_SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})


def _object_content(ctx: _Context, cue: Token, *, any_verb: bool = False) -> list[Token] | None:
    """Content carried by a cue's object rather than a clause: 'called him "a total stiff"',
    'accused X of "lying"', or a say-verb whose clause the parser took for an object."""
    lemma = cue.lemma_.lower()
    right = [
        c
        for c in cue.children
        if c.i > cue.i
        and c.dep_ not in _OBJECT_SKIP
        and not (lemma in _ADDRESSEE_CUES and c.dep_ in ("dobj", "dative"))
    ]
    if not right:
        return None
    first = min(c.left_edge.i for c in right)
    last = max(c.right_edge.i for c in right)
    sent_end = cue.sent.end - 1
    # Only the object's own words: not a clause the parse hung on the cue in between
    # ('mocked the plan, saying ...'), nor a reporting verb of its own ('by saying ...').
    own = {t.i for c in right for t in c.subtree}
    toks: list[Token] = []
    for i in range(first, min(last, sent_end) + 1):
        tok = ctx.doc[i]
        if i not in own or (_is_cue(tok) and toks):
            break
        toks.append(tok)
    while toks and (toks[-1].is_punct or toks[-1].pos_ in ("ADP", "CCONJ", "SCONJ")):
        toks.pop()  # 'by' of 'by saying', the comma before a cut clause, a closing mark
    # Stop at a paragraph break; drop the cue's own particle ("referred to", "called for").
    for n, tok in enumerate(toks):
        if n and "\n" in tok.text + ctx.doc[tok.i - 1].whitespace_:
            toks = toks[:n]
            break
    if toks and toks[0].i == cue.i + 1 and toks[0].lower_ in _LEADING_PREPS:
        toks = toks[1:]
    if len(toks) < 2:
        return None
    covered = ctx.text[toks[0].idx : toks[-1].idx + len(toks[-1])]
    if any(m in covered for m in _MARKS):
        return toks if any_verb or lemma in NAMING_CUES or lemma in CUE_VERBS else None
    # The small parser often reads "says the movement ... appeals to ..." as an object.
    objects = [c for c in right if c.dep_ == "dobj"]
    if (
        lemma in _SAY_CLASS
        and objects
        and len(list(objects[0].subtree)) >= 6
        and any(t.pos_ in ("VERB", "AUX") for t in objects[0].subtree)
    ):
        return toks
    return None


_SAY_CLASS = frozenset({"say", "claim", "argue", "insist", "add", "note", "write", "warn"})


def _according_to(ctx: _Context, token: Token) -> tuple[list[Token], Token] | None:
    """'According to X, content': the content clause and X."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    source = None if to is None else next((c for c in to.children if c.dep_ == "pobj"), None)
    clause = token.head
    if source is None or clause.i == token.i or clause.pos_ not in ("VERB", "AUX"):
        return None
    skip = {t.i for t in token.subtree}
    toks = [t for t in clause.subtree if t.i not in skip and not t.is_space]
    if toks and toks[0].i < token.i < toks[-1].i:
        # Mid-sentence "according to X": keep the side that holds the clause's head.
        toks = [t for t in toks if (t.i < token.i) == (clause.i < token.i)]
    return toks, source


def _speaker_back(ctx: _Context, cue: Token) -> Token | None:
    """Fallback when the parse gives a cue no subject: the nearest person or personal
    pronoun before it in the sentence ("Trump, in Kentucky, said ...")."""
    for i in range(cue.i - 1, max(cue.sent.start, cue.i - 10) - 1, -1):
        tok = ctx.doc[i]
        if tok.text in _MARKS or tok.text in _STOP:
            return None
        if tok.ent_type_ in ("PERSON", "ORG") or tok.lower_ in _SPEAKER_PRONOUNS:
            return tok
    return None


def _quote_in_object(ctx: _Context, cue: Token, in_quote: list[bool]) -> bool:
    """True if a quoted passage lies in what follows ``cue`` within its own subtree."""
    end = cue.right_edge.i
    return end > cue.i and any(in_quote[i] for i in range(cue.i + 1, end + 1))


def _indirect(
    ctx: _Context,
    spans: list[QuotedSpan],
    used: set[int],
    in_quote: list[bool],
    *,
    cueless: bool = False,
) -> list[Quote]:
    quotes: list[Quote] = []
    limit = ctx.options.max_sentence_tokens
    too_long = {t.i for sent in ctx.doc.sents if len(sent) > limit for t in sent}
    for cue in ctx.doc:
        if cue.i in used or in_quote[cue.i] or cue.i in too_long:
            continue
        toks: list[Token] | None = None
        rest: list[Token] = []  # the part after a parenthetical cue ('A, she said, B')
        head: Token | None = None
        according = None if cueless else _according_to(ctx, cue)
        if according is not None:
            toks, head = according
        elif cueless:
            pass
        elif _is_cue(cue) or (cue.pos_ == "VERB" and cue.lemma_.lower() in NAMING_CUES):
            found = _content_root(cue) if _is_cue(cue) else None
            aside = _parenthetical(ctx, cue) if _is_cue(cue) else None
            if aside is not None:
                toks, rest = aside
                head = _subject(cue)
            elif found is not None:
                toks = _content_tokens(found[0], cue)
            else:
                toks = _object_content(ctx, cue)
            if toks is not None and head is None:
                head = _subject(cue) or _speaker_back(ctx, cue)
        if cueless and cue.pos_ == "VERB" and _quote_in_object(ctx, cue, in_quote):
            # No cue verb, but the object carries someone's quoted words ('openly admires
            # Putin as a "strong leader"'): the subject is their source.
            head = _subject(cue)
            if head is not None and agent_like(head):
                toks = _object_content(ctx, cue, any_verb=True)
        if not toks or head is None or len(toks) + len(rest) < 3:
            continue
        fields = _speaker_fields(ctx, head)
        for part in (toks, rest) if rest else (toks,):
            quote = _content_quote(ctx, spans, part, cue, fields, whole=not rest)
            if quote is not None:
                quotes.append(quote)
    return quotes


def _content_quote(
    ctx: _Context,
    spans: list[QuotedSpan],
    toks: list[Token],
    cue: Token,
    fields: tuple[str | None, int | None, int | None, str | None],
    *,
    whole: bool,
) -> Quote | None:
    """The quote record of reported content ``toks`` (None when it is too short, or when
    it is one quoted passage, which the direct rules own)."""
    start = toks[0].idx
    end = toks[-1].idx + len(toks[-1])
    while start < end and ctx.text[start] in _EDGE:
        start += 1
    while end > start and ctx.text[end - 1] in _EDGE:
        end -= 1
    if end - start < (8 if whole else 3):
        return None
    kind: QuoteKind = "indirect"
    for span in spans:
        if span.open < end and span.close >= start:
            if whole and span.start <= start + 2 and span.end >= end - 2:
                return None  # the quoted passage is the content: a direct quote
            kind = "mixed"
    return Quote(
        text=ctx.text[start:end],
        start=start,
        end=end,
        kind=kind,
        cue=cue.text,
        cue_start=cue.idx,
        speaker_text=fields[0],
        speaker_start=fields[1],
        speaker_end=fields[2],
        speaker_name=fields[3],
    )


def _parenthetical(ctx: _Context, cue: Token) -> tuple[list[Token], list[Token]] | None:
    """The two halves of a sentence around a parenthetical cue clause ('The plan, she said
    on Friday, is "a disaster."'), or None when the cue is not set off that way."""
    if any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children):
        return None
    subject = _own_subject(cue)
    if subject is None or subject.i > cue.i or not agent_like(subject):
        return None
    doc = ctx.doc
    sent = cue.sent
    left_comma = subject.left_edge.i - 1
    if left_comma < sent.start + 2 or doc[left_comma].text != ",":
        return None
    j = cue.i + 1
    while j < min(cue.i + 6, sent.end) and not doc[j].is_punct and doc[j].pos_ != "VERB":
        j += 1  # 'said on Friday', 'said in an interview'
    if j + 1 >= sent.end or doc[j].text != "," or doc[j + 1].tag_ == "VBG":
        return None  # not set off, or '..., she said, adding ...': a clause of the cue's own
    first = sent.start
    for tok in doc[sent.start : left_comma]:
        if "\n" in tok.text + tok.whitespace_:
            first = tok.i + 1  # the sentence split missed a paragraph break
    left = [t for t in doc[first:left_comma] if not t.is_space]
    right: list[Token] = []
    for tok in doc[j + 1 : sent.end]:
        if "\n" in tok.text:
            break
        right.append(tok)
    while right and (right[-1].is_punct or right[-1].is_space):
        right.pop()
    if len(left) < 2 or len(right) < 2:
        return None
    return left, right


def extract_quotes(
    doc: Doc,
    text: str,
    spans: list[QuotedSpan],
    people: PersonIndex,
    in_quote: list[bool],
    options: AnalyseOptions,
) -> list[Quote]:
    """All quotes of one parsed article; mixed quotes absorb the direct fragments inside them."""
    ctx = _Context(doc=doc, text=text, starts=[t.idx for t in doc], people=people, options=options)
    direct, used = _direct(ctx, spans)
    indirect = extend_through_quotes(
        doc, text, spans, _indirect(ctx, spans, used, in_quote), _is_direct_cue
    )
    mixed = [q for q in indirect if q.kind == "mixed"]
    kept = [q for q in direct if not any(m.start <= q.start and q.end <= m.end for m in mixed)]
    found = kept + indirect
    taken = [(q.start, q.end) for q in found]
    for q in _indirect(ctx, spans, used, in_quote, cueless=True):
        if (
            q.kind == "mixed"
            and q.cue_start is not None
            and quotes_words(text, spans, q)
            and not any((s < q.end and q.start < e) or s <= q.cue_start < e for s, e in taken)
        ):
            found.append(q)
            taken.append((q.start, q.end))
    extended = [cut_after_quote(text, q) for q in extend_tails(doc, text, found, _is_direct_cue)]
    return _carry_on(ctx, sorted(extended, key=lambda q: (q.start, q.end)))


def _carry_on(ctx: _Context, quotes: list[Quote]) -> list[Quote]:
    """A cue-less quoted passage right after another quote's cue clause goes on with that
    statement ('Most of it is "borrowed," says Ana Ruiz, an aide. "We knew."'): it takes
    the cue and speaker of the quote before it."""
    out: list[Quote] = []
    for q in quotes:
        q = _with_lead_in(ctx, q)
        prev = out[-1] if out else None
        if (
            q.kind == "direct"
            and q.cue_start is None
            and prev is not None
            and prev.cue_start is not None
            and prev.cue_start > prev.start
            and prev.end < q.start
            and _adjacent(ctx, prev, q.start - 1)
        ):
            q = dataclasses.replace(
                q,
                cue=prev.cue,
                cue_start=prev.cue_start,
                speaker_text=prev.speaker_text,
                speaker_start=prev.speaker_start,
                speaker_end=prev.speaker_end,
                speaker_name=prev.speaker_name,
            )
        out.append(q)
    return out


_LEAD_STOP = re.compile(r"[.!?\n\"“”„«»]")


def _with_lead_in(ctx: _Context, q: Quote) -> Quote:
    """A quotation its cue follows that opens after a comma mid-sentence carries the words
    before it ('On taxes, "we will cut them," she said.')."""
    if q.kind != "direct" or q.cue_start is None or q.cue_start < q.end:
        return q
    k = q.start - 2
    while k >= 0 and ctx.text[k] in " \t\u00a0":
        k -= 1
    if k < 0 or ctx.text[k] != ",":
        return q
    lo = max(k - 200, 0)
    stops = list(_LEAD_STOP.finditer(ctx.text, lo, k))
    if not stops and lo > 0:
        return q
    begin = stops[-1].end() if stops else 0
    while begin < k and ctx.text[begin].isspace():
        begin += 1
    if not 2 <= len(ctx.text[begin:k].split()) <= 15:
        return q
    quoted = sum(c.isalnum() for c in q.text)
    total = sum(c.isalnum() for c in ctx.text[begin : q.end])
    kind: QuoteKind = "direct" if quoted >= 0.8 * total else "mixed"
    return dataclasses.replace(q, text=ctx.text[begin : q.end], start=begin, kind=kind)
