/**
 * Text clean-up for refusal detection. A refusal is read from the opening of a response, so the
 * clean-up removes what can put a refusal word at the start without the model refusing: code,
 * quoted speech and markdown decoration.
 */

const CODE_BLOCK = /```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)/g;
const INLINE_CODE = /`[^`\n]*`/g;
const DOUBLE_QUOTED = /"[^"\n]*"/g;
const BLOCKQUOTE_LINE = /^[ \t]*>.*$/gm;
const HEADING_OR_BULLET = /^[ \t]*(?:#{1,6}[ \t]+|[-+*][ \t]+|\d+[.)][ \t]+)/gm;
const EMPHASIS = /(\*{1,3}|_{1,3}|~~)/g;

/**
 * Normalises a response for phrase matching: Unicode compatibility form, straight quotes and
 * apostrophes, lower case, no code, no double-quoted or blockquoted text, no markdown markers,
 * single spaces. Newlines are kept as sentence boundaries.
 */
export function normaliseForRefusal(response: string): string {
  let text = response.normalize('NFKC');

  text = text.replace(/[\u2018\u2019\u201A\u201B\u2032\u00B4]/g, "'");
  text = text.replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"');

  text = text.replace(CODE_BLOCK, '\n');
  text = text.replace(INLINE_CODE, ' ');
  text = text.replace(BLOCKQUOTE_LINE, '');
  text = text.replace(DOUBLE_QUOTED, ' ');

  text = text.replace(HEADING_OR_BULLET, '');
  text = text.replace(EMPHASIS, '');

  text = text.toLowerCase();
  text = text.replace(/[ \t\u00A0]+/g, ' ');
  text = text.replace(/ *\n[\s]*/g, '\n');
  return text.trim();
}

/**
 * Splits normalised text into sentences at `.`, `!`, `?`, `:` or a newline, keeping the mark, and
 * returns the first `count` non-empty ones.
 */
export function openingSentences(normalised: string, count: number): string[] {
  const sentences: string[] = [];
  const pattern = /[^.!?:\n]+[.!?:]*/g;

  for (const match of normalised.matchAll(pattern)) {
    const sentence = match[0].trim();
    if (sentence.length === 0 || /^[.!?:]+$/.test(sentence)) continue;
    sentences.push(sentence);
    if (sentences.length === count) break;
  }

  return sentences;
}
