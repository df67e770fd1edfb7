"""`python -m server_room` is the `infomat` command."""

from server_room.cli import main

main()
