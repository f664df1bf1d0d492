/**
 * The stack's one Secrets Manager secret is a JSON document: the social providers' values (see
 * definitions/social.ts) and, in this field, the generated master key of every derived signing key.
 */
export const MASTER_KEY_FIELD = 'masterKey';
