# Sourced by the scripts that run Rasa: environment shared by training, serving and tests.
export PYTHONPATH="${PROJECT_ROOT:?}${PYTHONPATH:+:$PYTHONPATH}"
export TF_CPP_MIN_LOG_LEVEL=3            # TensorFlow's start-up chatter
export SQLALCHEMY_SILENCE_UBER_WARNING=1 # Rasa 3.6 pins SQLAlchemy 1.4
export RASA_TELEMETRY_ENABLED=false      # no telemetry from a county server (and no internet in CI)
export PYTHONWARNINGS="ignore::DeprecationWarning" # library import-time noise, not ours
