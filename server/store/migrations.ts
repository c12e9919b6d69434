/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run. Append new
 * migrations at the end — never edit one that has shipped, a user's database may already have it.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: captured requests. `seq` is the rowid: keyset pagination and retention walk it, never COUNT(*).
  // The body is the last column so list queries that skip it never read its overflow pages.
  `CREATE TABLE requests (
     seq            INTEGER PRIMARY KEY AUTOINCREMENT,
     received_at    INTEGER NOT NULL,
     method         TEXT    NOT NULL,
     url            TEXT    NOT NULL,
     path           TEXT    NOT NULL,
     http_version   TEXT    NOT NULL,
     remote_address TEXT    NOT NULL,
     headers        TEXT    NOT NULL,
     content_type   TEXT,
     size           INTEGER NOT NULL,
     declared_size  INTEGER,
     truncated      INTEGER NOT NULL DEFAULT 0,
     provider       TEXT,
     verdict        TEXT,
     diagnosis      TEXT,
     verification   TEXT,
     response_status INTEGER,
     response       TEXT,
     body           BLOB    NOT NULL
   );
   CREATE TABLE attempts (
     seq        INTEGER PRIMARY KEY AUTOINCREMENT,
     request_seq INTEGER NOT NULL REFERENCES requests(seq) ON DELETE CASCADE,
     created_at INTEGER NOT NULL,
     data       TEXT    NOT NULL
   );
   CREATE INDEX attempts_by_request ON attempts(request_seq);`,
];
