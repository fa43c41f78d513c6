-- 0007 a server's translations of question sets (CONTRACT §5, §7): one per set and language,
-- replaced by the next /sets load of that set in that language (version + 1).
CREATE TABLE guild_set_translations (
    guild_id  INTEGER NOT NULL,
    set_id    TEXT    NOT NULL CHECK (length(set_id) > 0 AND set_id NOT GLOB '*[^a-z0-9-]*'),
    language  TEXT    NOT NULL CHECK (length(language) > 0),
    yaml_text TEXT    NOT NULL,
    loaded_by INTEGER NOT NULL,
    loaded_at REAL    NOT NULL,
    version   INTEGER NOT NULL CHECK (version >= 1),
    PRIMARY KEY (guild_id, set_id, language)
);
