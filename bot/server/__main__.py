"""`python -m bot.server run ...`: Rasa's command line with the fixes in rasa_patches applied first, the
payload guard on every input channel (payload_guard), and the HTTP API kept internal (access: loopback
unless RASA_HOST is set, token from RASA_TOKEN)."""

import os
import sys

from bot.nlu.morphology import JVM_OPTIONS_ENV
from bot.server import access, payload_guard, rasa_patches

# Where config.yml chooses Okt: the server's JVM heap kept near Okt's live set (bot/nlu/morphology.py);
# training goes without.
os.environ.setdefault(JVM_OPTIONS_ENV, "-Xmn48m")

rasa_patches.apply()
payload_guard.apply()
access.apply()

from rasa.__main__ import main  # noqa: E402  (after the patches on purpose)

if __name__ == "__main__":
    sys.argv[0] = "rasa"
    sys.argv[1:] = access.run_arguments(sys.argv[1:], os.environ)
    sys.exit(main())
