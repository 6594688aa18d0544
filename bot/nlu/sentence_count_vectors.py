"""Rasa's CountVectorsFeaturizer, giving whole-message counts only.

The intent classifier and the FAQ selector are linear models over whole messages
(bot/nlu/sentence_matrix.py), so only the sentence-level features reach a prediction; computing counts
per token as well cost time on every message (with DIET, also a dense layer per vocabulary). Token rows
are kept, with one empty column, because Rasa takes a message's length from them."""

from __future__ import annotations

from typing import List, Optional, Text, Tuple

import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.constants import TEXT

from bot.nlu.code_fingerprint import CodeFingerprinted


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceCountVectorsFeaturizer(CodeFingerprinted, CountVectorsFeaturizer):
    def _create_features(
        self, attribute: Text, all_tokens: List[List[Text]]
    ) -> Tuple[List[Optional[scipy.sparse.spmatrix]], List[Optional[scipy.sparse.spmatrix]]]:
        if attribute != TEXT or not self.vectorizers.get(attribute):
            return super()._create_features(attribute, all_tokens)
        sequence_features: List[Optional[scipy.sparse.spmatrix]] = []
        sentence_features: List[Optional[scipy.sparse.spmatrix]] = []
        for tokens in all_tokens:
            if not tokens:
                sequence_features.append(None)
                sentence_features.append(None)
                continue
            sequence_features.append(scipy.sparse.coo_matrix((len(tokens), 1), dtype=float))
            sentence = self.vectorizers[attribute].transform([" ".join(tokens)])
            sentence.sort_indices()
            sentence_features.append(sentence.tocoo())
        return sequence_features, sentence_features
