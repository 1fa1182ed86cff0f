"""The runner's file on disk: the store (opening, writing), the reads, undo's steps, the
schema and its migrations, rows as values, the lock, snapshots and backups. The only part
of core that speaks SQL."""
