"""`python -m thidua_xl.cli`: the same as the `thidua` command."""

import sys

from thidua_xl.cli import main

sys.exit(main())
