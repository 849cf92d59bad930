/**
 * GPT-2 byte-level encoding: every byte maps to one printable Unicode character, so a BPE vocabulary
 * over those characters can encode any UTF-8 text without an unknown token.
 */

/** Byte value (0-255) to its printable stand-in, in the order GPT-2 and Hugging Face tokenizers use. */
export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

/** Inverse of BYTE_TO_CHAR. */
export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(
  BYTE_TO_CHAR.map((char, byte) => [char, byte]),
);

/**
 * The split pattern of the ByteLevel pre-tokenizer (use_regex true). transformers.js 4.3.2 hard-codes
 * this same pattern, so training must split text exactly like it.
 */
const PRE_TOKENIZE_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

function buildByteToChar(): string[] {
  // Printable bytes keep their own code point; the rest are shifted to 256 and above in byte order.
  const printable = new Set<number>();
  for (let b = 33; b <= 126; b++) printable.add(b);
  for (let b = 161; b <= 172; b++) printable.add(b);
  for (let b = 174; b <= 255; b++) printable.add(b);

  const table: string[] = new Array(256);
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    if (printable.has(b)) {
      table[b] = String.fromCharCode(b);
    } else {
      table[b] = String.fromCharCode(256 + shifted);
      shifted += 1;
    }
  }
  return table;
}

/** Splits text into pre-tokens (words with their leading space) and maps each to byte-level characters. */
export function preTokenize(text: string): string[] {
  const pieces = text.match(PRE_TOKENIZE_PATTERN) ?? [];
  return pieces.map(toByteLevel);
}

/** Maps the UTF-8 bytes of `text` to byte-level characters. */
export function toByteLevel(text: string): string {
  let out = '';
  for (const byte of encoder.encode(text)) out += BYTE_TO_CHAR[byte];
  return out;
}

/** Maps byte-level characters back to text; throws on a character outside the byte alphabet. */
export function fromByteLevel(symbols: string): string {
  const bytes: number[] = [];
  for (const char of symbols) {
    const byte = CHAR_TO_BYTE.get(char);
    if (byte === undefined)
      throw new Error(
        `fromByteLevel: character U+${char.codePointAt(0)?.toString(16)} is not a byte-level symbol`,
      );
    bytes.push(byte);
  }
  return decoder.decode(Uint8Array.from(bytes));
}
