"""The benchmark's TF-IDF peer: word and character n-gram TF-IDF with a logistic regression, trained on
the same data/nlu examples as the bot. It shows what a plain bag-of-n-grams router reaches on the same
data, so a figure of the Korean pipeline can be read against it (issue 16)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import List, Tuple

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union


def load_examples(nlu_data: Path) -> Tuple[List[str], List[str]]:
    """(texts, intents) of the NLU training examples, read by Rasa's own loader; a retrieval intent
    such as faq/hours counts as faq, as the bot's intent classifier sees it."""
    from rasa.shared.nlu.training_data.loading import load_data  # imports Rasa: only where it is needed

    examples = [m for m in load_data(str(nlu_data)).intent_examples if m.get("text")]
    return [m.get("text") for m in examples], [m.get("intent").split("/")[0] for m in examples]


class TfidfPeer:
    def __init__(self, texts: List[str], intents: List[str]) -> None:
        self.pipeline = make_pipeline(
            make_union(
                TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
                # Inside-word character n-grams: Korean particles and endings attach to the stem.
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True),
            ),
            # One-vs-rest liblinear: seconds on two busy cores where the multinomial lbfgs took over a
            # minute, with the same routing within a point.
            LogisticRegression(C=10.0, solver="liblinear"),
        )
        started = time.perf_counter()
        self.pipeline.fit(texts, intents)
        self.training_seconds = time.perf_counter() - started

    def rank(self, texts: List[str], k: int = 3) -> List[List[str]]:
        """The k most probable intents for each text, best first."""
        classes = self.pipeline.classes_
        return [[classes[i] for i in row.argsort()[::-1][:k]] for row in self.pipeline.predict_proba(texts)]
