-- 0006 a server's language for channel messages (/settings language): a Discord locale code,
-- NULL until a moderator sets one (then the server's preferred locale, else English, is used).
ALTER TABLE guild_settings ADD COLUMN language TEXT CHECK (language IS NULL OR length(language) > 0);
