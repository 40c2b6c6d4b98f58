-- A design is a history of revisions; current names the one the editor shows.
-- example is set only for the public examples seeded into an empty database.
CREATE TABLE designs (
	id         INTEGER PRIMARY KEY,
	created_at INTEGER NOT NULL,             -- Unix milliseconds
	current    INTEGER NOT NULL,             -- revisions.number of the current revision
	example    TEXT UNIQUE,                  -- slug of a public example, else NULL
	title      TEXT NOT NULL DEFAULT ''      -- shown in the list of examples
) STRICT;

-- Revisions are only ever inserted: a save or a revert adds the next number.
CREATE TABLE revisions (
	design_id   INTEGER NOT NULL REFERENCES designs (id),
	number      INTEGER NOT NULL CHECK (number >= 1),
	created_at  INTEGER NOT NULL,            -- Unix milliseconds
	document    BLOB    NOT NULL,            -- canonical document bytes
	size        INTEGER NOT NULL,
	errors      INTEGER NOT NULL,
	warnings    INTEGER NOT NULL,
	reverted_to INTEGER,                     -- the older revision a revert copied, else NULL
	PRIMARY KEY (design_id, number)
) STRICT, WITHOUT ROWID;

-- Share links. Only the SHA-256 of a token is stored; public_id names a link in
-- the API without revealing anything about its token.
CREATE TABLE links (
	id         INTEGER PRIMARY KEY,
	design_id  INTEGER NOT NULL REFERENCES designs (id),
	public_id  TEXT    NOT NULL,
	kind       TEXT    NOT NULL CHECK (kind IN ('edit', 'view')),
	token_hash BLOB    NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	created_at INTEGER NOT NULL,
	revoked_at INTEGER,
	UNIQUE (design_id, public_id)
) STRICT;

-- At most one live edit link per design; rotating revokes the old one first.
CREATE UNIQUE INDEX links_one_edit ON links (design_id) WHERE kind = 'edit' AND revoked_at IS NULL;
