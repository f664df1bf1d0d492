/**
 * Key prefixes that IAM grants name (CloudFormation data, like the change feed's stream filter): the
 * adapters build the keys themselves (table-keys.ts), and a test holds these to them.
 */

/** The audit trail's partitions (`AUDIT#<yyyy-mm>`): the sign-in trigger may put items there and nowhere else. */
export const AUDIT_PARTITION_PREFIX = 'AUDIT#';
