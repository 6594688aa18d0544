"""A logistic regression over the featurizers' sentence-level sparse features, for the linear classifiers.

The count featurizers (bot.nlu.sentence_count_vectors) give raw counts; the model weights them like the
ComplaintRouter weights its own n-grams (sublinear TF-IDF, length-normalised), so a long message is not
scored by its length.
"""

from __future__ import annotations

from typing import List, Optional, Sequence

import numpy as np
import scipy.sparse
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from sklearn.feature_extraction.text import TfidfTransformer

from bot.nlu.linear_scores import LinearScores, logistic_regression, sublinear_tfidf


def counts(messages: Sequence[Message], width: Optional[int] = None) -> scipy.sparse.csr_matrix:
    """One row of sentence features per message; a message without features (no tokens) is an empty row."""
    rows = []
    for message in messages:
        _, sentence = message.get_sparse_features(TEXT)
        rows.append(None if sentence is None else scipy.sparse.csr_matrix(sentence.features))
        if sentence is not None:
            width = rows[-1].shape[1]
    if width is None:
        raise ValueError("no message has sentence features: is a featurizer missing from the pipeline?")
    return scipy.sparse.vstack([r if r is not None else scipy.sparse.csr_matrix((1, width)) for r in rows]).tocsr()


class SentenceLogisticRegression:
    """TF-IDF weighting and a multinomial logistic regression, fitted together on training messages."""

    def __init__(self, C: float) -> None:
        self.C = C
        self.idf: Optional[np.ndarray] = None
        self.scores: Optional[LinearScores] = None

    def fit(self, messages: Sequence[Message], labels: List[str]) -> "SentenceLogisticRegression":
        rows = counts(messages)
        self.idf = TfidfTransformer(sublinear_tf=True).fit(rows).idf_
        # Fitted in double precision, as sklearn's own TF-IDF rows would be; scored in single (LinearScores).
        fitted = logistic_regression(self.C).fit(sublinear_tfidf(rows, self.idf, np.float64), labels)
        self.scores = LinearScores(fitted)
        return self

    @property
    def classes(self) -> np.ndarray:
        return self.scores.classes

    def predict_proba(self, messages: Sequence[Message]) -> np.ndarray:
        width = self.scores.weights.shape[0]
        return self.scores.predict_proba(sublinear_tfidf(counts(messages, width), self.idf))

    def rankings(self, messages: Sequence[Message], length: int) -> List[List[tuple]]:
        """For each message, its `length` best (label, probability) pairs, best first."""
        out = []
        for row in self.predict_proba(messages):
            order = np.argsort(-row, kind="stable")[:length]
            out.append([(str(self.classes[i]), float(row[i])) for i in order])
        return out
