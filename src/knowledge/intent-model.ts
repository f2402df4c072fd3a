import { runSteps, type Steps } from '../steps.js';
import type { Features } from './text-features.js';

/**
 * A linear classifier (multinomial logistic regression) from a question's
 * features to the document that answers it, learned at content load from the
 * documents' example questions and topic fields. Unlike BM25, which weighs a
 * word by how few documents mention it, it weighs a word by how well it tells
 * the documents apart in the way managers ask: "ward", "shift" or "band 5"
 * appear in questions about every topic, so they learn next to no weight.
 *
 * Trained by AdaGrad over a fixed, seeded order, so the same content always
 * gives the same model.
 */
export interface TrainingExample {
  readonly features: Features;
  readonly label: string;
  readonly weight: number;
}

export interface IntentModel {
  readonly labels: readonly string[];
  /** Learned by logistic regression, or counted (naive Bayes) for a pack too large to train. */
  readonly method: 'regression' | 'counts';
  /** Probability of each label (same order as `labels`). */
  predict(features: Features): Float64Array;
  /** Whether a feature was seen in training. */
  knows(feature: string): boolean;
}

export interface TrainOptions {
  readonly epochs?: number;
  readonly learningRate?: number;
  /** L2 penalty per update. */
  readonly l2?: number;
}

/** Trains in one go: for start-up, the CLI and tests. */
export function trainIntentModel(examples: readonly TrainingExample[], options: TrainOptions = {}): IntentModel {
  return runSteps(trainInSteps(examples, options));
}

/**
 * Examples trained between two pauses of `trainInSteps`: a few milliseconds of work. Sized to
 * features, not examples: an example question has about 90 features (words, stop words included,
 * pairs and letter trigrams).
 */
export const EXAMPLES_PER_STEP = 300;

/**
 * Training as a generator that pauses every EXAMPLES_PER_STEP examples, so a
 * live reload can let requests through between steps instead of holding the
 * event loop for the whole training.
 */
export function* trainInSteps(examples: readonly TrainingExample[], options: TrainOptions = {}): Steps<IntentModel> {
  const epochs = options.epochs ?? EPOCHS;
  const rate = options.learningRate ?? 0.4;
  const l2 = options.l2 ?? 1e-5;
  const labels = [...new Set(examples.map((e) => e.label))];
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const k = labels.length;
  // Features become row numbers once, so training touches typed arrays only.
  const rows = new Map<string, number>();
  const encoded: Encoded[] = [];
  for (const [n, e] of examples.entries()) {
    // Turning thousands of examples into rows is itself a slice's worth of work several times over.
    if (n > 0 && n % EXAMPLES_PER_STEP === 0) yield;
    const ids = new Int32Array(e.features.size);
    const values = new Float64Array(e.features.size);
    let j = 0;
    for (const f of e.features.keys()) {
      let row = rows.get(f);
      if (row === undefined) rows.set(f, (row = rows.size));
      ids[j] = row;
      values[j++] = e.features.get(f)!;
    }
    encoded.push({ ids, values, target: labelIndex.get(e.label)!, weight: e.weight });
  }
  yield;
  const weights = new Float64Array(rows.size * k);
  const bias = new Float64Array(k);
  const perEpoch = encoded.reduce((n, e) => n + e.ids.length, 0) * k;
  if (perEpoch * epochs > MAX_TRAINING_WORK) {
    // A pack far larger than any trust's (the 20-times benchmark corpus) would take minutes to
    // train discriminatively: count instead (multinomial naive Bayes, one pass), still learned
    // from the same examples.
    yield* countInSteps(encoded, weights, bias, k);
    return modelOf('counts', labels, rows, weights, bias);
  }
  // Left at zero, not filled with AdaGrad's small start: filling tens of megabytes held the loop
  // for 50 ms in one slice, while untouched zeros cost nothing until training reaches them.
  const squares = new Float64Array(rows.size * k);
  const biasSquares = new Float64Array(k).fill(1e-8);
  const order = encoded.map((_, i) => i);
  const random = seededRandom(0x2545f491);
  const learn = learner({ weights, squares, bias, biasSquares, k, rate, l2 });
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let from = 0; from < order.length; from += EXAMPLES_PER_STEP) {
      if (from > 0) yield;
      for (let n = from; n < Math.min(order.length, from + EXAMPLES_PER_STEP); n++) learn(encoded[order[n]!]!);
    }
  }
  return modelOf('regression', labels, rows, weights, bias);
}

/** Numbers in [0, 1) from a fixed seed (xorshift): the same content always trains the same way. */
export function seededRandom(start: number): () => number {
  let seed = start;
  return () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
}

interface Parameters {
  readonly weights: Float64Array;
  readonly squares: Float64Array;
  readonly bias: Float64Array;
  readonly biasSquares: Float64Array;
  readonly k: number;
  readonly rate: number;
  readonly l2: number;
}

/** One AdaGrad step on one example; a plain function (not the generator) so the engine optimises it. */
function learner({ weights, squares, bias, biasSquares, k, rate, l2 }: Parameters): (example: Encoded) => void {
  const probs = new Float64Array(k);
  const grad = new Float64Array(k);
  const classes = new Int32Array(k);
  return ({ ids, values, target, weight }) => {
    probs.set(bias);
    for (let j = 0; j < ids.length; j++) {
      const base = ids[j]! * k;
      const x = values[j]!;
      for (let c = 0; c < k; c++) probs[c]! += weights[base + c]! * x;
    }
    softmaxInPlace(probs);
    // Only classes with a gradient worth the work are updated: once the model has learned an
    // example, nearly every class's probability is ~0 and its update would change nothing.
    let active = 0;
    for (let c = 0; c < k; c++) {
      const g = (probs[c]! - (c === target ? 1 : 0)) * weight;
      if (Math.abs(g) < MIN_GRADIENT) continue;
      grad[active] = g;
      classes[active++] = c;
      biasSquares[c]! += g * g;
      bias[c]! -= (rate * g) / Math.sqrt(biasSquares[c]!);
    }
    for (let j = 0; j < ids.length; j++) {
      const base = ids[j]! * k;
      const x = values[j]!;
      for (let a = 0; a < active; a++) {
        const at = base + classes[a]!;
        const g = grad[a]! * x + l2 * weights[at]!;
        squares[at]! += g * g;
        weights[at]! -= (rate * g) / Math.sqrt(squares[at]! + ADAGRAD_START);
      }
    }
  };
}

/** AdaGrad's starting sum of squares, so the first step is never a division by zero. */
const ADAGRAD_START = 1e-8;

/** Gradients smaller than this are skipped (the L2 penalty of a skipped class waits for its next update). */
const MIN_GRADIENT = 1e-3;

/**
 * Most feature-by-class updates a training may make: counting takes over above it. Set far above
 * a trust's pack (the default pack's 152 examples a guide come to 96 million at five epochs; thirty
 * guides of 300 examples, the most a guide may list, to about 170 million), so a pack HR keeps
 * teaching never slips into the weaker counted model; only the 20-times benchmark corpus does.
 */
const MAX_TRAINING_WORK = 400_000_000;

/**
 * Passes over the examples. Five rank as well as eight on the tuning and checking sets (hit@1
 * 0.928 and 0.919 against 0.930 and 0.919) for five-eighths of the work.
 */
const EPOCHS = 5;

interface Encoded {
  readonly ids: Int32Array;
  readonly values: Float64Array;
  readonly target: number;
  readonly weight: number;
}

function* countInSteps(encoded: readonly Encoded[], weights: Float64Array, bias: Float64Array, k: number): Steps<void> {
  const classTotals = new Float64Array(k);
  const rowsCount = weights.length / k;
  encoded.forEach((e, n) => {
    bias[e.target]! += e.weight;
    for (let j = 0; j < e.ids.length; j++) {
      weights[e.ids[j]! * k + e.target]! += e.weight * e.values[j]!;
      classTotals[e.target]! += e.weight * e.values[j]!;
    }
  });
  yield;
  const alpha = 0.1;
  const totalWeight = bias.reduce((a, b) => a + b, 0);
  for (let c = 0; c < k; c++) bias[c] = Math.log((bias[c]! + 1) / (totalWeight + k));
  for (let row = 0; row < rowsCount; row++) {
    for (let c = 0; c < k; c++) weights[row * k + c] = Math.log((weights[row * k + c]! + alpha) / (classTotals[c]! + alpha * rowsCount));
  }
}

function modelOf(method: IntentModel['method'], labels: readonly string[], rows: ReadonlyMap<string, number>, trained: Float64Array, bias: Float64Array): IntentModel {
  const k = labels.length;
  // Single precision is plenty to rank with, and halves the memory a large pack's model holds.
  const weights = Float32Array.from(trained);
  return {
    labels,
    method,
    knows: (feature) => rows.has(feature),
    predict(features) {
      const out = new Float64Array(k);
      out.set(bias);
      for (const f of features.keys()) {
        const row = rows.get(f);
        if (row === undefined) continue;
        const x = features.get(f)!;
        const base = row * k;
        for (let c = 0; c < k; c++) out[c]! += weights[base + c]! * x;
      }
      softmaxInPlace(out);
      return out;
    },
  };
}

function softmaxInPlace(v: Float64Array) {
  let max = -Infinity;
  for (const x of v) if (x > max) max = x;
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] = Math.exp(v[i]! - max);
  for (let i = 0; i < v.length; i++) v[i]! /= sum;
}
