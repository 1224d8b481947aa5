"""``python -m projectradar``: the same command line as ``projectradar``."""
from projectradar.cli import main

main()
