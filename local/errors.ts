/** A local-stack failure with one line that says what to do. */
export class LocalStackError extends Error {
  override name = 'LocalStackError';
}
