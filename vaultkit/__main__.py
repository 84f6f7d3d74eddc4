"""`python -m vaultkit`."""

from vaultkit.entry import main

main()
