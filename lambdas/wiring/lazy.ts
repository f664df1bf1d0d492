/**
 * A dependency built on its first use. Only for what a function's usual request never needs (the S3
 * client where only attachments or oversized bodies use it): constructing an SDK client is a few
 * milliseconds of every cold start, and a path most requests take would only pay them later.
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
