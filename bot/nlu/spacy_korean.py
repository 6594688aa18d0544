"""A Korean spaCy pipeline: blank `ko` with the konlpy-backed tokenizer and a gazetteer EntityRuler.

spaCy's own Korean tokenizer needs the system MeCab library; this one uses the same konlpy
analysis as the Rasa tokenizer, so no system MeCab is needed and spans line up with Rasa tokens.
"""

from __future__ import annotations

import functools
from typing import Iterable, List, Optional, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from bot.nlu import gazetteer, morphology

LOCATION_LABEL = "LOC"


def doc_from_tokens(vocab: Vocab, text: str, tokens: Iterable) -> Doc:
    """A Doc whose text is exactly `text`, from tokens that carry start, end (and lemma, pos).

    Whitespace between tokens that is not a single space becomes a whitespace token, as spaCy's
    own tokenizers do, so `doc.text == text` always holds.
    """
    words: List[str] = []
    spaces: List[bool] = []
    lemmas: List[str] = []
    tags: List[str] = []

    def add_gap(gap: str) -> None:
        if not gap:
            return
        if words and gap[0] == " " and not spaces[-1]:
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
            lemmas.append(gap)
            tags.append("_SP")

    cursor = 0
    for tok in tokens:
        start, end = tok.start, tok.end
        add_gap(text[cursor:start])
        words.append(text[start:end])
        spaces.append(False)
        lemmas.append(getattr(tok, "lemma", None) or text[start:end])
        tags.append(_pos_of(tok))
        cursor = end
    add_gap(text[cursor:])
    return Doc(vocab, words=words, spaces=spaces, lemmas=lemmas, tags=tags)


def _pos_of(tok) -> str:
    pos = getattr(tok, "pos", None)
    if pos is None and hasattr(tok, "get"):
        pos = tok.get("pos")
    return pos or "Unknown"


class KonlpyTokenizer:
    def __init__(self, vocab: Vocab, analyzer: str = morphology.DEFAULT_ANALYZER, county_config: Optional[str] = None):
        self.vocab = vocab
        self.analyzer = analyzer
        self.protected = morphology.compile_protected(gazetteer.place_names(county_config))

    def __call__(self, text: str) -> Doc:
        return doc_from_tokens(self.vocab, text, morphology.analyze(text, self.analyzer, self.protected))


@spacy.registry.tokenizers("county_bot.konlpy_tokenizer.v1")
def create_konlpy_tokenizer(analyzer: str = morphology.DEFAULT_ANALYZER, county_config: Optional[str] = None):
    def make(nlp: Language) -> KonlpyTokenizer:
        return KonlpyTokenizer(nlp.vocab, analyzer, county_config)

    return make


def gazetteer_patterns(county_config: Optional[str] = None) -> List[dict]:
    """EntityRuler patterns: every place name, and 읍·면 + 리 written together ("전곡읍 은대리")."""
    places = gazetteer.load_places(county_config)
    patterns = [{"label": LOCATION_LABEL, "pattern": surface, "id": surface} for surface in places]
    townships = [p for p in places.values() if p.kind == "township"]
    for village in (p for p in places.values() if p.kind == "village"):
        for t in townships:
            if t.canonical == village.township:
                patterns.append(
                    {"label": LOCATION_LABEL, "pattern": f"{t.surface} {village.surface}", "id": village.surface}
                )
    return patterns


@functools.lru_cache(maxsize=4)
def build_pipeline(analyzer: str = morphology.DEFAULT_ANALYZER, county_config: Optional[str] = None) -> Language:
    nlp = spacy.blank(
        "ko",
        config={
            "nlp": {
                "tokenizer": {
                    "@tokenizers": "county_bot.konlpy_tokenizer.v1",
                    "analyzer": analyzer,
                    "county_config": county_config,
                }
            }
        },
    )
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(gazetteer_patterns(county_config))
    return nlp


def run_pipes(nlp: Language, doc: Doc) -> Doc:
    """Apply the pipeline's components to a Doc that was tokenized elsewhere (by Rasa)."""
    for _, pipe in nlp.pipeline:
        doc = pipe(doc)
    return doc


def place_of(ent_id: str, county_config: Optional[str] = None) -> gazetteer.Place:
    return gazetteer.load_places(county_config)[ent_id]


def locations(doc: Doc, county_config: Optional[str] = None) -> Sequence:
    return [(ent, place_of(ent.ent_id_, county_config)) for ent in doc.ents if ent.label_ == LOCATION_LABEL]
