import { BYTE_TO_CHAR, preTokenize } from './byte-level.ts';

/** A trained byte-level BPE model: token-to-id map and merges in rank order. */
export interface BpeModel {
  /** Special tokens first (ids 0..), then the 256 byte symbols, then one token per merge. */
  vocab: Map<string, number>;
  /** Merge rules, highest priority first. Each pair's concatenation is a vocab entry. */
  merges: [string, string][];
  specialTokens: string[];
}

export interface BpeTrainOptions {
  /** Target total vocabulary size: special tokens + 256 bytes + merges. */
  vocabSize: number;
  specialTokens: readonly string[];
  /** Pairs seen fewer times than this are never merged, so training may stop below vocabSize. */
  minPairCount?: number;
}

interface Word {
  symbols: string[];
  count: number;
}

/**
 * Trains byte-level BPE on `texts`. Each step merges the most frequent adjacent pair over all
 * pre-tokens, weighted by pre-token frequency. Ties go to the pair whose "a b" key sorts first, so the
 * result depends only on the corpus and options.
 */
export function trainBpe(texts: Iterable<string>, options: BpeTrainOptions): BpeModel {
  const baseSize = options.specialTokens.length + 256;
  if (options.vocabSize < baseSize) {
    throw new Error(
      `trainBpe: vocabSize ${options.vocabSize} is below special tokens + 256 bytes = ${baseSize}`,
    );
  }

  const words = countWords(texts);
  const pairs = new PairIndex(words);
  const vocab = initialVocab(options.specialTokens);
  const merges: [string, string][] = [];
  const minPairCount = options.minPairCount ?? 2;

  while (vocab.size < options.vocabSize) {
    const best = pairs.mostFrequent();
    if (best === null || best.count < minPairCount) break;

    const [left, right] = best.pair;
    merges.push([left, right]);
    if (!vocab.has(left + right)) vocab.set(left + right, vocab.size);
    pairs.merge(left, right);
  }

  return { vocab, merges, specialTokens: [...options.specialTokens] };
}

function initialVocab(specialTokens: readonly string[]): Map<string, number> {
  const vocab = new Map<string, number>();
  for (const token of specialTokens) {
    if (vocab.has(token)) throw new Error(`trainBpe: special token ${token} is listed twice`);
    vocab.set(token, vocab.size);
  }
  for (const char of BYTE_TO_CHAR) vocab.set(char, vocab.size);
  return vocab;
}

function countWords(texts: Iterable<string>): Word[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const piece of preTokenize(text)) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  }

  // Sorted so that word indices, and with them every tie-break, do not depend on corpus order.
  const keys = [...counts.keys()].sort();
  return keys.map((key) => ({ symbols: Array.from(key), count: counts.get(key) ?? 0 }));
}

// Byte-level symbols never contain a plain space (it maps to U+0120), so "a b" is an unambiguous key
// and is also the merges-line format of tokenizer.json.
function pairKey(left: string, right: string): string {
  return `${left} ${right}`;
}

/** Pair counts over all words, with the words that contain each pair, updated in place per merge. */
class PairIndex {
  private readonly counts = new Map<string, number>();
  private readonly wordsWithPair = new Map<string, Set<number>>();

  constructor(private readonly words: Word[]) {
    words.forEach((_, index) => this.addWord(index, 1));
  }

  mostFrequent(): { pair: [string, string]; count: number } | null {
    let bestKey: string | null = null;
    let bestCount = 0;
    for (const [key, count] of this.counts) {
      if (count > bestCount || (count === bestCount && bestKey !== null && key < bestKey)) {
        bestKey = key;
        bestCount = count;
      }
    }
    if (bestKey === null) return null;

    const split = bestKey.indexOf(' ');
    return { pair: [bestKey.slice(0, split), bestKey.slice(split + 1)], count: bestCount };
  }

  merge(left: string, right: string): void {
    const key = pairKey(left, right);
    const affected = [...(this.wordsWithPair.get(key) ?? [])].sort((a, b) => a - b);

    for (const index of affected) {
      this.addWord(index, -1);
      this.words[index].symbols = mergeSymbols(this.words[index].symbols, left, right);
      this.addWord(index, 1);
    }
  }

  private addWord(index: number, sign: 1 | -1): void {
    const { symbols, count } = this.words[index];
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = pairKey(symbols[i], symbols[i + 1]);
      const updated = (this.counts.get(key) ?? 0) + sign * count;

      if (updated === 0) {
        this.counts.delete(key);
        this.wordsWithPair.delete(key);
      } else {
        this.counts.set(key, updated);
        if (sign > 0) {
          let owners = this.wordsWithPair.get(key);
          if (owners === undefined) this.wordsWithPair.set(key, (owners = new Set()));
          owners.add(index);
        }
      }
    }
  }
}

/** Replaces each left-to-right occurrence of (left, right) with its concatenation. */
export function mergeSymbols(symbols: readonly string[], left: string, right: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < symbols.length) {
    if (i + 1 < symbols.length && symbols[i] === left && symbols[i + 1] === right) {
      out.push(left + right);
      i += 2;
    } else {
      out.push(symbols[i]);
      i += 1;
    }
  }
  return out;
}
