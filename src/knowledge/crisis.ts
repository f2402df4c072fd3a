import type { ContentPack } from '../content/types.js';
// Data, not code: reviewed and extended by people who write no TypeScript.
import crisisExamples from './crisis-examples.json' with { type: 'json' };
import { EXAMPLES_PER_STEP, seededRandom, trainInSteps, type TrainingExample } from './intent-model.js';
import { runSteps, type Steps } from '../steps.js';
import { canonicalText, slips, STOP_WORDS, words } from './normalise.js';
import { featuresOf } from './text-features.js';

/**
 * Does a message suggest that someone may harm themselves or others, or is in
 * acute crisis? Checked before anything else is answered: a person at risk
 * must never get a policy card or "I don't know" first.
 *
 * Built from the published warning signs of suicide and self-harm (talking
 * about wanting to die or having no reason to live, feeling a burden or
 * trapped, saying goodbye, giving belongings away, putting affairs in order,
 * having a plan or the means), not from particular questions. A false alarm
 * costs a manager one extra card; a miss can cost a life, so the patterns lean
 * towards flagging. Idioms ("this rota is killing me", "dying to go", "kill two
 * birds") are excluded by requiring a reflexive or a life-and-death object.
 */

const SELF = String.raw`(?:him|her|them|my|your|our|one|him ?or ?her)(?:sel(?:f|ves)|slef|selfs)`;
const PERSON = String.raw`(?:he|she|they|i|im|i am|hes|shes|theyre|theyve|ive|he has|she has|they have|i have|has|have|had|is|was|keeps|kept|been|seems|said|says|told me|mentioned|admitted)`;
const POSSESSIVE = String.raw`(?:his|her|their|my|your|own)`;

const PATTERNS: readonly RegExp[] = [
  // Explicit words.
  /\bsuicid\w*/,
  /\bself ?harm\w*/,
  /\bself ?injur\w*/,
  /\boverdos\w*/,
  /\bkill(?:s|ed|ing)? ?(?:her|him|them|my|your)sel(?:f|ves)\b/,
  new RegExp(String.raw`\b(?:kill|hurt|harm|cut|cutting|cuts|burn|burning|burns|hang|hanging|hanged|poison|poisoning|starve|starving|drown|drowning|injure|injuring|hurting|harming|kills|killing|killed|hurts|harms|harmed|hurted) ${SELF}\b`),
  new RegExp(String.raw`\b(?:end|ends|ending|ended|take|takes|taking|took|finish|finishing) (?:it all|${POSSESSIVE} (?:own )?li(?:fe|ves))\b`),
  new RegExp(String.raw`\b(?:end|ending|finish) it\b(?! (?:with|for|early|there|off|now and))`),
  /\b(?:want|wants|wanted|wanting|wish|wishes|wished|ready|going|gonna|plan|plans|planning|planned|try|tried|trying|attempt|attempted|thinking about how) (?:to|she could|he could|they could|i could|she was|he was|i was|they were)? ?(?:die|be dead|not be alive|not exist|disappear for good|not wake up)\b/,
  /\bwish(?:es|ed)? (?:she|he|they|i) (?:was|were|could be|had never been born|wasnt born|wasnt here|wasnt alive)\b(?! (?:here|there|on|at|in|off|able|back|home|at work|with))/,
  /\bbetter off (?:dead|gone|not here|without (?:me|her|him|them|us))\b/,
  /\b(?:no|not any|isnt any|isnt a|see no|cant see (?:a|any|the)|lost (?:all|any|the)) (?:reason|point|purpose) (?:to|in|for) (?:live|living|life|go on|going on|carry on|carrying on|being here|be here|wake up|waking up|anything anymore)\b/,
  /\b(?:cant|cannot|can not|couldnt|could not|doesnt want to|dont want to|do not want to|not able to|unable to) (?:go on|carry on|keep going|cope|live|be here|exist|face)(?: (?:anymore|any more|any longer|like this|with life|living|without)| ?$|[.!,]| and| but| so)/,
  /\b(?:dont|doesnt|do not|does not|didnt|did not|no longer|not) (?:want|wish|feel like|wanna) (?:to )?(?:live|be alive|be here anymore|be here any more|exist|be around|wake up|carry on living|go on living|be on this earth)\b/,
  /\b(?:go to sleep|fall asleep|sleep) and (?:not|never) wake\b/,
  /\b(?:not|never|wont|will not) wake up\b/,
  /\bwont be (?:around|here|with us|alive|a problem|a burden)\b(?! (?:tomorrow|next week|on|at|for (?:the|his|her|their)|for work|for a|during|over|until|till|when))/,
  /\b(?:a|the|such a) burden (?:to|on) (?:every|everybody|everyone|the family|her family|his family|their family|the team|us|people|others|them)\b/,
  /\b(?:feel|feels|feeling|felt) (?:like )?(?:a|such a) burden\b/,
  /\b(?:saying|said|say|sent|texted|messaged|wrote|written|writing) (?:a |her |his |their |my )?(?:goodbye|goodbyes|farewell)s?\b(?! (?:party|do|drinks|card|lunch|collection|speech))/,
  /\b(?:suicide|goodbye|farewell) (?:note|letter|message|text)\b/,
  /\b(?:writ\w+|wrote|left|leaving) (?:a |her |his |their )?(?:note|letter)s? (?:for|to) (?:her|his|their|my) (?:family|kids|children|partner|husband|wife|mum|mother|dad|father|parents)\b/,
  new RegExp(String.raw`\b(?:giv\w*|gave|handing|handed|hand) (?:away )?(?:all )?(?:of )?${POSSESSIVE} (?:\w+ )?(?:things|stuff|belongings|possessions|pets|cat|dog|jewellery|savings|money)(?: away)?\b`),
  new RegExp(String.raw`\b(?:sort\w*|put\w*|get\w*|got) ${POSSESSIVE} affairs in order\b`),
  /\b(?:stockpil\w*|hoard\w*|saving up|collecting|stashing|buying) (?:her |his |their |my )?(?:tablets|pills|meds|medication|paracetamol)\b/,
  /\b(?:research\w*|look\w* up|googl\w*|search\w*) (?:ways|how) to (?:die|end it|kill)\b/,
  new RegExp(String.raw`\b${PERSON} (?:a |got a |has a |have a |made a |making a )?plan (?:to|for) (?:end|die|kill|take)\b`),
  /\bhas a plan\b.*\b(?:end|die|life|not be here)\b/,
  // A method thought through ("she's worked out how she'd do it"): having a plan is a warning sign in itself.
  /\b(?:worked out|working out|figured out|thought about|thought through|planned|planning|knows|know|decided) (?:exactly )?(?:how|when|where) (?:she|he|they) (?:would|will|is going to|are going to|was going to|were going to|could) (?:do it|end it|go through with it)\b/,
  /\b(?:rope|ligature|noose)\b/,
  /\b(?:jump|jumped|jumping|throw \w+sel(?:f|ves)) (?:off|from|in front of) (?:a |the )?(?:bridge|roof|building|car park|train|trains|tracks|cliff|multi ?storey|car|lorry|bus)\b/,
  /\bstep(?:ped|ping)? in front of (?:a |the )?(?:train|bus|car|lorry)\b/,
  // Harm to others, and acute crisis.
  /\b(?:threat\w*|going|gonna|wants|want|said (?:she|he|they|i)(?:d| would| will| wanted to| was going to)) (?:to )?(?:kill|stab|shoot|hurt|harm|attack|strangle|batter) (?:someone|somebody|people|a colleague|colleagues|his|her|their|the|a|me|us|him|her|them)\b(?! (?:with kindness|off (?:the|a) (?:list|rota)))/,
  /\b(?:brought|bringing|carrying|carries|had|has|with|pulled|pulling|waving|found) (?:a |an )?(?:knife|knives|blade|machete|weapon|gun|firearm)\b/,
  /\b(?:mental health|psychiatric|psychotic|emotional) (?:crisis|emergency|breakdown)\b/,
  /\b(?:she|he|they|i|im|someone|somebody|colleague|person|staff member|member of staff|nurse|hca)(?: is| was| seems| seemed| appears| s| am| are| has been| had been)?(?: currently| really| clearly)? in (?:a |an )?(?:acute |real |complete )?(?:mental health )?crisis\b(?! (?:meeting|management|mode|plan|planning|team|line)\b)/,
  /\bpsychosis\b|\bpsychotic\b/,
  /\b(?:hearing|hears|heard) voices\b/,
  /\bvoices (?:telling|tell|told)\b/,
  /\b(?:found|collapsed|unconscious|unresponsive) (?:\w+ ){0,4}(?:after taking|took) (?:tablets|pills|something)\b/,
  /\btook (?:a load of|loads of|a lot of|too many|a handful of|a bunch of|all (?:her|his|their|my)) (?:tablets|pills|meds|paracetamol)\b/,
];

/**
 * Everyday English idioms built on death and violence ("dying to", "this rota is killing me",
 * "kill two birds with one stone"), taken out before either check: they carry no risk, and a
 * learned check would otherwise weigh their words like the real thing.
 */
const IDIOMS: readonly RegExp[] = [
  /\bdying (?:to|for)\b/g,
  /\bto die for\b/g,
  /\bkill(?:s|ed|ing)? two birds(?: with one stone)?/g,
  /\b(?:is|are|was|were|its|it s|this|that|these|those|they re|theyre)(?: \w+)? (?:killing|murdering) (?:me|us|him|her|them|my \w+)\b/g,
  /\b(?:be )?the death of (?:me|us|him|her|them)\b/g,
  /\b(?:dead|dying|asleep) on (?:my|our|his|her|their) feet\b/g,
  /\bdead (?:tired|beat|on time|easy|keen|good|right|set on)\b/g,
  /\bdeadlines?\b/g,
  /\bdrop dead\b/g,
  /\bkiller (?:shift|shifts|rota|week|day|question|interview)\b/g,
  /\b(?:could )?(?:murder|kill) (?:for )?an? (?:coffee|cuppa|brew|tea|pint|curry|biscuit|sandwich|kebab)\b/g,
  /\bshoot (?:me|us|him|her|them) (?:an? |over an? |across an? )?(?:email|message|text|line|note|invite|reply)\b/g,
  /\bfire away\b/g,
  /\bhang (?:on|in there|fire)\b/g,
  /\bover my dead body\b/g,
  /\b(?:bombed|died) (?:in|at) (?:the|her|his|my) (?:interview|presentation|exam)\b/g,
  /\bscared to death\b|\bbored to death\b|\bworried (?:sick|to death)\b/g,
];

function withoutIdioms(text: string): string {
  return IDIOMS.reduce((t, idiom) => t.replace(idiom, ' '), text).replace(/\s+/g, ' ').trim();
}

/** Words the patterns depend on, for correcting thumb slips ("suicidle", "herslef"). */
const KEY_WORDS = ['suicide', 'suicidal', 'herself', 'himself', 'themselves', 'myself', 'yourself', 'overdose', 'overdosed', 'goodbye', 'belongings', 'possessions', 'kill', 'cant', 'anymore', 'burden', 'psychosis', 'psychotic'];

function fixSlips(word: string): string {
  if (word.length < 3) return word;
  for (const key of KEY_WORDS) {
    if (key[0] !== word[0] || Math.abs(key.length - word.length) > 1) continue;
    // One slip, or two letters swapped ("herslef"); never a different real word ("overdue").
    if (slips(key, word) <= 1) return key;
  }
  return word;
}

/** Lower case, apostrophes gone ("can't" → "cant"), words separated by single spaces, slips corrected. */
function plainText(message: string): string {
  return canonicalText(message)
    .replace(/[^a-z0-9.!?,\s]+/g, ' ')
    .replace(/([.!?,])/g, ' $1 ')
    .split(/\s+/)
    .filter(Boolean)
    .map(fixSlips)
    .join(' ')
    .replace(/ ([.!?,])/g, '$1');
}

/** The warning-sign patterns alone. */
export function matchesCrisisPattern(message: string): boolean {
  const text = withoutIdioms(plainText(message));
  return PATTERNS.some((p) => p.test(text));
}

export interface CrisisCheck {
  (message: string): boolean;
}

/**
 * From this probability the learned check gives the crisis card. Set low on purpose: a false
 * alarm still gets its answer after the crisis card; a missed person at risk gets nothing.
 */
const RISK_THRESHOLD = 0.4;

/**
 * The learned check speaks only about messages with at least this many words it has seen (stop
 * words aside). Two words say too little for it: "time away" or "she went away" share a word with
 * many risk examples ("giving her things away") and nothing else. Short messages of real risk
 * ("she is suicidal", "he has a rope") are the patterns' to catch.
 */
const MIN_KNOWN_WORDS = 3;

/**
 * The patterns, and a classifier learned from messages written to sound like
 * risk and like its look-alikes, with every ordinary question in the pack as a
 * further look-alike: it catches risk said in words no pattern lists
 * ("she has tablets saved up"), while the pack's own questions keep it from
 * firing on everyday stress and sickness.
 */
export function buildCrisisCheck(pack: Pick<ContentPack, 'documents' | 'declines'>): CrisisCheck {
  return runSteps(crisisCheckSteps(pack));
}

export function* crisisCheckSteps(pack: Pick<ContentPack, 'documents' | 'declines'>): Steps<CrisisCheck> {
  const probability = yield* riskModelSteps(pack);
  return (message) => matchesCrisisPattern(message) || probability(message) >= RISK_THRESHOLD;
}

export function* riskModelSteps(pack: Pick<ContentPack, 'documents' | 'declines'>): Steps<(message: string) => number> {
  const questions = pack.documents.flatMap((d) => d.questions.map((q) => q.text));
  const ordinary = [...crisisExamples.notAtRisk, ...questions, ...pack.declines.map((d) => d.text)];
  const examples: TrainingExample[] = [];
  const texts: (readonly [string, 'risk' | 'ordinary'])[] = [...crisisExamples.atRisk.map((q) => [q, 'risk'] as const), ...ordinary.map((q) => [q, 'ordinary'] as const)];
  // Risk is often said in passing inside a message about something else (a question about the rota
  // that ends with what she said this morning): each risk example is also learned inside one of the
  // pack's ordinary questions, so the ordinary words around it do not cancel it.
  const random = seededRandom(0x9e3779b9);
  if (questions.length > 0) {
    for (const q of crisisExamples.atRisk) {
      const around = questions[Math.floor(random() * questions.length)]!;
      texts.push([random() < 0.5 ? `${around} ${q}` : `${q} ${around}`, 'risk']);
    }
  }
  for (let i = 0; i < texts.length; i++) {
    // Reading the examples is a slice of work of its own on a live reload.
    if (i > 0 && i % EXAMPLES_PER_STEP === 0) yield;
    const [text, label] = texts[i]!;
    examples.push({ features: featuresOf(words(withoutIdioms(plainText(text)))), label, weight: 1 });
  }
  const model = yield* trainInSteps(examples, { epochs: 8 });
  const risk = model.labels.indexOf('risk');
  return (message) => {
    const features = featuresOf(words(withoutIdioms(plainText(message))));
    // A message of words never seen in training says nothing either way: leave it to the patterns.
    let known = 0;
    // Known words of three letters or more: stray letters ("e o") carry nothing.
    for (const f of features.keys()) if (f.startsWith('w ') && f.length >= 5 && !STOP_WORDS.has(f.slice(2)) && model.knows(f)) known++;
    return known < MIN_KNOWN_WORDS ? 0 : (model.predict(features)[risk] ?? 0);
  };
}
