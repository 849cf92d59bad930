import { describe, expect, it } from 'vitest';
import {
  MetricInputError,
  exactMatch,
  extractLabel,
  labelAccuracy,
  labelF1,
  normaliseAnswer,
  normaliseSql,
  rouge1,
  rouge2,
  rougeL,
  rougeLScore,
  rougeNScore,
  rougeTokens,
  sqlExactMatch,
} from '@realign/evaluators';

describe('exact match', () => {
  it('ignores case, punctuation, articles, spacing', () => {
    expect(normaliseAnswer('  The  Eiffel Tower! ')).toBe('eiffel tower');
    const result = exactMatch.score(
      ['The Eiffel tower.', 'Paris', 'an apple'],
      ['eiffel tower', 'London', 'Apple'],
    );
    expect(result.perExample).toEqual([1, 0, 1]);
    expect(result.score).toBeCloseTo(2 / 3, 12);
  });

  it('normalises SQL case, quotes, spacing, semicolon', () => {
    expect(normaliseSql('SELECT name FROM users WHERE city = "Paris";')).toBe(
      "select name from users where city='paris'",
    );
    expect(normaliseSql("select  name\nfrom users where city='Paris' ; ;")).toBe(
      "select name from users where city='paris'",
    );
    expect(normaliseSql('```sql\nSELECT COUNT( * ) FROM `t`;\n```')).toBe("select count(*)from 't'");
    expect(normaliseSql('SELECT a , b FROM t WHERE x >= 3')).toBe('select a,b from t where x>=3');
  });

  it('scores SQL queries', () => {
    const result = sqlExactMatch.score(
      ['SELECT name FROM users;', 'SELECT id FROM users', 'select  *  from “t”'],
      ['select name from users', 'SELECT name FROM users', "SELECT * FROM 't';"],
    );
    expect(result.perExample).toEqual([1, 0, 1]);
  });

  it('rejects mismatched or empty inputs', () => {
    expect(() => exactMatch.score(['a'], ['a', 'b'])).toThrow(MetricInputError);
    expect(() => exactMatch.score([], [])).toThrow(/no predictions/);
  });
});

describe('ROUGE', () => {
  const reference = 'The cat sat on the mat.';

  it('tokenises lower case letters and digits', () => {
    expect(rougeTokens("It's 3:15, Zoë!")).toEqual(['it', 's', '3', '15', 'zoë']);
  });

  it('matches hand-computed one-word substitution', () => {
    // Unigrams: 5 of 6 shared (the x2, cat, on, mat). Bigrams: 3 of 5 (the cat, on the, the mat).
    // LCS: "the cat on the mat", 5 tokens.
    const prediction = 'the cat lay on the mat';
    expect(rougeNScore(prediction, reference, 1).f).toBeCloseTo(5 / 6, 12);
    expect(rougeNScore(prediction, reference, 2).f).toBeCloseTo(3 / 5, 12);
    expect(rougeLScore(prediction, reference).f).toBeCloseTo(5 / 6, 12);
  });

  it('matches hand-computed short prediction', () => {
    // Unigram P = 2/2, R = 2/6, F = 2PR/(P+R) = 0.5. Bigram P = 1/1, R = 1/5, F = 1/3.
    const one = rougeNScore('the cat', reference, 1);
    expect(one.precision).toBe(1);
    expect(one.recall).toBeCloseTo(1 / 3, 12);
    expect(one.f).toBeCloseTo(0.5, 12);
    expect(rougeNScore('the cat', reference, 2).f).toBeCloseTo(1 / 3, 12);
    expect(rougeLScore('the cat', reference).f).toBeCloseTo(0.5, 12);
  });

  it('ROUGE-L punishes reversed order', () => {
    // Every unigram matches, but the longest common subsequence has 3 tokens ("the on the").
    const reversed = 'mat the on sat cat the';
    expect(rougeNScore(reversed, reference, 1).f).toBeCloseTo(1, 12);
    expect(rougeLScore(reversed, reference).f).toBeCloseTo(0.5, 12);
  });

  it('clips repeated n-grams', () => {
    // "the the the": 3 predicted unigrams, only 2 "the" in the reference, so P = 2/3, R = 2/6.
    const score = rougeNScore('the the the', reference, 1);
    expect(score.precision).toBeCloseTo(2 / 3, 12);
    expect(score.recall).toBeCloseTo(1 / 3, 12);
  });

  it('scores empty prediction zero', () => {
    expect(rougeNScore('', reference, 1).f).toBe(0);
    expect(rougeLScore('...', reference).f).toBe(0);
  });

  it('averages F over examples', () => {
    const predictions = ['the cat lay on the mat', 'the cat'];
    expect(rouge1.score(predictions, [reference, reference]).score).toBeCloseTo((5 / 6 + 0.5) / 2, 12);
    expect(rouge2.score(predictions, [reference, reference]).score).toBeCloseTo((3 / 5 + 1 / 3) / 2, 12);
    const longest = rougeL.score(predictions, [reference, reference]);
    expect(longest.score).toBeCloseTo((5 / 6 + 0.5) / 2, 12);
    expect(longest.details?.precision).toBeCloseTo((5 / 6 + 1) / 2, 12);
  });
});

describe('label metrics', () => {
  const labels = ['negative', 'neutral', 'positive'];

  it('extracts label from free text', () => {
    expect(extractLabel('Positive.', labels)).toBe('positive');
    expect(extractLabel('negative, because the food was cold', labels)).toBe('negative');
    expect(extractLabel('I think it is positive', labels)).toBeNull();
    expect(extractLabel('positively', labels)).toBeNull();
  });

  it('matches hand-computed macro F1', () => {
    // positive: TP 1, FP 1, FN 1. negative: TP 1, FP 1, FN 1. neutral: TP 0, FP 0, FN 1.
    const references = ['positive', 'positive', 'negative', 'negative', 'neutral'];
    const predictions = ['Positive', 'negative.', 'Negative', 'hard to say', 'positive!'];
    const result = labelF1.score(predictions, references);
    expect(result.details?.['f1:positive']).toBeCloseTo(0.5, 12);
    expect(result.details?.['f1:negative']).toBeCloseTo(0.5, 12);
    expect(result.details?.['f1:neutral']).toBe(0);
    expect(result.score).toBeCloseTo(1 / 3, 12);

    const accuracy = labelAccuracy.score(predictions, references);
    expect(accuracy.score).toBeCloseTo(2 / 5, 12);
    expect(accuracy.details?.unlabelled).toBe(1);
  });

  it('separates macro precision and recall', () => {
    // a: TP 1, FP 0, FN 2 -> P 1, R 1/3. b: TP 1, FP 2, FN 0 -> P 1/3, R 1.
    const result = labelF1.score(['a', 'b', 'b', 'b'], ['a', 'a', 'a', 'b']);
    expect(result.details?.precision).toBeCloseTo(2 / 3, 12);
    expect(result.details?.recall).toBeCloseTo(2 / 3, 12);
    expect(result.details?.['f1:a']).toBeCloseTo(0.5, 12);
    expect(result.score).toBeCloseTo(0.5, 12);
  });
});
