/**
 * Free text from a request is checked with isStorableText (@kavach/db) before it can reach the
 * database, so such a body is a 400 naming the field, not a failed insert and a 500.
 */
export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired surrogates';
