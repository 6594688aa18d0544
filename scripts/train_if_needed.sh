#!/usr/bin/env bash
# Train a Rasa model unless one exists for exactly the current data, config, domain, county
# configuration and NLU code (bot/nlu and the civic_rules it uses); models/current.tar.gz then points at it.
set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$PROJECT_ROOT"
source scripts/bot_env.sh
county="${COUNTY_CONFIG:-data/county/yeoncheon.yml}"
fingerprint="$(
  { cat config.yml domain.yml "$county" bot/constraints.txt
    find data/nlu data/dialogue bot/nlu civic_rules -type f \( -name '*.yml' -o -name '*.py' \) -print0 | sort -z | xargs -0 cat
  } | sha256sum | cut -c1-16
)"
model="models/model-$fingerprint.tar.gz"
mkdir -p models var
if [ ! -f "$model" ]; then
  echo "train_if_needed: training $model (a few minutes on 2 cores)"
  started=$SECONDS
  # No TensorFlow model is trained (docs/decisions/0013-linear-classifiers.md): logistic regressions and a
  # CRF, fitted to one optimum; a fixed hash seed keeps the vocabularies' order the same.
  PYTHONHASHSEED=0 \
  .venv-bot/bin/rasa train --config config.yml --domain domain.yml --data data/nlu data/dialogue \
    --out models --fixed-model-name "model-$fingerprint" --quiet
  echo "train_if_needed: trained in $((SECONDS - started)) s"
fi
ln -sfn "model-$fingerprint.tar.gz" models/current.tar.gz
echo "train_if_needed: models/current.tar.gz -> $model"
