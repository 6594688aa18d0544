"""`python -m bot.server run ...`: Rasa's command line with the fixes in rasa_patches applied first."""

import sys

from bot.server import rasa_patches

rasa_patches.apply()

from rasa.__main__ import main  # noqa: E402  (after the patches on purpose)

if __name__ == "__main__":
    sys.argv[0] = "rasa"
    sys.exit(main())
