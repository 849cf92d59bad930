import { trainBpe } from '../tokenizer/bpe-trainer.ts';
import { SPECIAL_TOKEN_LIST } from '../tokenizer/chat-format.ts';
import { writeTokenizerFiles } from '../tokenizer/tokenizer-files.ts';
import { tokenizerTexts, type ZooCorpus } from '../corpus.ts';

/** Trains the zoo's byte-level BPE tokenizer on the corpus and writes its two files into `folder`. */
export async function buildTokenizer(
  corpus: ZooCorpus,
  vocabSize: number,
  folder: string,
): Promise<{ merges: number }> {
  const model = trainBpe(tokenizerTexts(corpus), { vocabSize, specialTokens: SPECIAL_TOKEN_LIST });
  await writeTokenizerFiles(folder, model);
  return { merges: model.merges.length };
}
