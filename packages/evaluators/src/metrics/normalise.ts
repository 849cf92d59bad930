/**
 * Answer normalisers for exact match. Each maps text that should count as the same answer to the
 * same string.
 */

const CURLY_SINGLE = /[\u2018\u2019\u201A\u201B]/g;
const CURLY_DOUBLE = /[\u201C\u201D\u201E\u201F]/g;

/**
 * Normalises a free-text answer the way SQuAD scoring does: lower case, no punctuation, no articles
 * (a, an, the), single spaces. Letters and digits of every script are kept.
 */
export function normaliseAnswer(text: string): string {
  let answer = text.normalize('NFKC').toLowerCase();

  answer = answer.replace(/[^\p{L}\p{N}\s]/gu, ' ');
  answer = answer.replace(/\b(?:a|an|the)\b/g, ' ');
  return answer.replace(/\s+/g, ' ').trim();
}

/**
 * Normalises a SQL query: drops a surrounding markdown code fence, lower-cases everything, writes
 * every quote (double, backtick, curly) as a single quote, removes spaces next to `,`, `(`, `)`,
 * comparison operators and `;`, collapses whitespace and drops trailing semicolons.
 *
 * NOTE: lower-casing also folds string literals, so `'Paris'` and `'paris'` compare equal even
 * where the database would not.
 */
export function normaliseSql(query: string): string {
  let sql = query.normalize('NFKC').trim();

  const fence = /^```[a-z]*\s*\n?([\s\S]*?)\n?```$/i.exec(sql);
  if (fence) sql = fence[1];

  sql = sql.replace(CURLY_SINGLE, "'").replace(CURLY_DOUBLE, "'").replace(/["`]/g, "'");
  sql = sql.toLowerCase().replace(/\s+/g, ' ');
  sql = sql.replace(/ ?([,()=<>!;]) ?/g, '$1');
  sql = sql.replace(/[;\s]+$/, '');
  return sql.trim();
}
