-- 0006 a server's translations of question sets (CONTRACT §5, §7; SQLite's 0007): one per set
-- and language, replaced by the next /sets load of that set in that language (version + 1).
CREATE TABLE guild_set_translations (
    guild_id  bigint           NOT NULL,
    set_id    text             NOT NULL CHECK (set_id ~ '^[a-z0-9-]+$'),
    language  text             NOT NULL CHECK (length(language) > 0),
    yaml_text text             NOT NULL,
    loaded_by bigint           NOT NULL,
    loaded_at double precision NOT NULL,
    version   integer          NOT NULL CHECK (version >= 1),
    PRIMARY KEY (guild_id, set_id, language)
);
