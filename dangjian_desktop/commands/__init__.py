"""Sub-commands of the command line; each module has ``register(tree)``."""


def open_from_args(args):
    """Open the database named by ``--db`` (or the default) for a command."""
    from dangjian_desktop.db.connection import open_database

    return open_database(args.db)
