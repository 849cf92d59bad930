/** The zoo manifest is missing or invalid, or a requested model is not in it. */
export class ZooError extends Error {
  override readonly name = 'ZooError';
}
