/**
 * The bounds the default configuration's largest template stays within (issue 15): half of
 * CloudFormation's 1 MB template limit and half of its 500-resource limit, as headroom for a shop's
 * own additions.
 */
export const TEMPLATE_MAX_BYTES = 500_000;
export const TEMPLATE_MAX_RESOURCES = 250;
