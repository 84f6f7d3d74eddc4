"""`python -m vaultkit`."""

from .cli.entry import main

main()
