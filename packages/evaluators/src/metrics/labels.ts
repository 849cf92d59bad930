/**
 * Label extraction for classification tasks. A model answers in free text ("Positive.", "negative,
 * because ..."), so a prediction is read as the label it equals or starts with after normalisation.
 */

/** Lower case, no punctuation, single spaces. */
export function normaliseLabel(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Returns the label a prediction names: the normalised prediction itself when it is a known label,
 * else the longest known label it starts with as whole words, else `null` (no label).
 */
export function extractLabel(prediction: string, labels: readonly string[]): string | null {
  const text = normaliseLabel(prediction);
  if (labels.includes(text)) return text;

  const prefixes = labels.filter((label) => text.startsWith(`${label} `));
  if (prefixes.length === 0) return null;
  return prefixes.reduce((longest, label) => (label.length > longest.length ? label : longest));
}

/** The label set of a task: the distinct normalised references, sorted. */
export function labelSet(references: readonly string[]): string[] {
  return [...new Set(references.map(normaliseLabel))].sort();
}
