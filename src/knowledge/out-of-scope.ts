import { words } from './normalise.js';


/**
 * Clinical questions (doses, prescribing, diagnosis, procedures) are never
 * answered: the content pack is people-management guidance, and a wrong
 * clinical answer could harm someone. Matching is on whole words.
 */
const CLINICAL_WORDS = new Set(
  `dose doses dosage dosing mg milligram milligrams microgram ml prescribe prescribed prescribing prescription
  prescriptions medication medications antidepressant antidepressants antibiotic antibiotics paracetamol ibuprofen
  codeine morphine opioid opioids insulin sertraline fluoxetine citalopram diazepam tablets pills overdose
  diagnose diagnosed diagnosing diagnosis diagnoses misdiagnosis cannula cannulas cannulation catheter catheterise
  catheterisation intubate intubation suture sutures venepuncture phlebotomy injection injections inject
  intravenous iv ecg defibrillate triage contraindication contraindications`
    .split(/\s+/)
    .filter(Boolean),
);

/** Phrases that make an otherwise ordinary word clinical ("side effects", "blood test results"). */
const CLINICAL_PHRASES: readonly (readonly string[])[] = [
  ['side', 'effects'],
  ['side', 'effect'],
  ['blood', 'test', 'results'],
  ['how', 'to', 'treat'],
  ['what', 'treatment'],
  ['which', 'treatment'],
  ['should', 'i', 'take'],
  ['should', 'they', 'take'],
  ['can', 'i', 'take'],
  ['wound', 'care'],
];

/**
 * Questions about using IT systems (passwords, printers, the rota system) are
 * for the IT service desk, not people-management guidance.
 */
const IT_WORDS = new Set(
  `password passwords login logon username printer printers photocopier scanner laptop laptops computer pc wifi
  software browser nhsmail outlook healthroster allocate smartcard`.split(/\s+/).filter(Boolean),
);
const IT_PHRASES: readonly (readonly string[])[] = [
  ['log', 'in'],
  ['rota', 'system'],
  ['roster', 'system'],
  ['rostering', 'system'],
  ['it', 'helpdesk'],
  ['service', 'desk'],
  ['smart', 'card'],
];

export function isItQuestion(question: string): boolean {
  return matches(words(question), IT_WORDS, IT_PHRASES);
}

function matches(w: readonly string[], single: ReadonlySet<string>, phrases: readonly (readonly string[])[]): boolean {
  if (w.some((x) => single.has(x))) return true;
  return phrases.some((phrase) => w.some((_, i) => phrase.every((p, j) => w[i + j] === p)));
}

export function isClinicalQuestion(question: string): boolean {
  return matches(words(question), CLINICAL_WORDS, CLINICAL_PHRASES);
}
