"""Class probabilities of a fitted multinomial logistic regression for sparse rows, fast.

sklearn's predict_proba multiplies the sparse rows by the transposed coefficient matrix, which scipy
first copies into contiguous memory: with 100,000 n-gram columns that copy was most of a parse (py-spy).
Keeping the transposed weights contiguous once makes a prediction cost only the message's own n-grams.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse
from scipy.special import softmax
from sklearn.linear_model import LogisticRegression


class LinearScores:
    def __init__(self, classifier: LogisticRegression) -> None:
        if len(classifier.classes_) < 3:
            raise ValueError("LinearScores reads multinomial models of three or more classes")
        self.classes = classifier.classes_
        self.weights = np.ascontiguousarray(classifier.coef_.T)
        self.bias = classifier.intercept_

    def predict_proba(self, rows: scipy.sparse.csr_matrix) -> np.ndarray:
        return softmax(rows @ self.weights + self.bias, axis=1)
