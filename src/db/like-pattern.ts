/**
 * A LIKE/ILIKE pattern that finds `text` anywhere, with the user's own `%`, `_` and `\` taken
 * literally (PostgreSQL's default escape character is the backslash).
 */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
