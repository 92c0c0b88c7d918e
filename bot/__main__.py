"""`python -m bot` is the same CLI as `neuvo`."""

from bot.cli import main

main()
