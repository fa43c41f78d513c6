-- 0005 a server's language for channel messages (/settings language; SQLite's 0006): a Discord
-- locale code, NULL until a moderator sets one.
ALTER TABLE guild_settings ADD COLUMN language text CHECK (language IS NULL OR length(language) > 0);
