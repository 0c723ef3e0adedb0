"""Backups of the branch database: one self-describing ``.djbak`` file per backup.

- :mod:`.package`  the file format (header, compression, optional password) and reading it back;
- :mod:`.crypto`   password -> key (Argon2id) and chunked AES-256-GCM;
- :mod:`.snapshot` a consistent, checked copy of the live database (SQLite backup API);
- :mod:`.create`   writing a backup safely to a USB stick or folder, then reading it back;
- :mod:`.verify`   checking a backup completely without touching any database;
- :mod:`.restore`  replacing the database by a verified backup, atomically, with a safety copy;
- :mod:`.rotation` which automatic backups to keep (a pure function of their dates);
- :mod:`.autobackup` the automatic local backups beside the database;
- :mod:`.drives`   removable drives (USB sticks) on Windows and Linux;
- :mod:`.reminder` how long ago the last USB backup was (home page, status bar).
"""
