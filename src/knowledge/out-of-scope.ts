import { words } from './normalise.js';

/**
 * Clinical questions (doses, which medicine, diagnosis, treatment, what a
 * result means) are never answered: the content pack is people-management
 * guidance, and a wrong clinical answer could harm someone. What makes a
 * question clinical is what it asks, not the words it mentions: "a porter says
 * his methotrexate leaves him wiped out on early shifts" or "she wants to tell
 * the team she takes antidepressants" are people questions; "what dose of
 * sertraline should she be on" is not. So a clinical term counts only inside
 * a request for clinical advice about it.
 */
const CLINICAL_TERMS = new Set(
  `dose doses dosage dosing mg milligram milligrams microgram mcg ml prescribe prescribed prescribing prescription
  medication medications medicine medicines meds drug drugs tablet tablets pill pills capsule capsules cream creams ointment
  antidepressant antidepressants antibiotic antibiotics antipsychotic antipsychotics painkiller painkillers paracetamol ibuprofen
  codeine morphine opioid opioids insulin sertraline fluoxetine citalopram diazepam propranolol amoxicillin metformin warfarin
  hrt steroid steroids inhaler statin statins vaccine vaccination jab
  diagnose diagnosed diagnosing diagnosis diagnoses symptom symptoms treat treating treatment treatments therapy
  cannula cannulas cannulation catheter catheterise catheterisation intubate intubation suture sutures
  venepuncture phlebotomy injection injections inject intravenous iv ecg defibrillate defibrillator triage
  contraindication contraindications wound wounds dressing dressings ulcer ulcers sepsis news news2 obs observations
  bp bm blood test tests scan scans xray result results reading readings infection infected rash fever temperature`
    .split(/\s+/)
    .filter(Boolean),
);

/** The shapes of a request for clinical advice, over plain lower-case words. */
const CLINICAL_ASKS: readonly RegExp[] = [
  // Every noun also in the plural: "which antibiotics for a UTI" asks as plainly as the singular.
  /\b(?:what|which|how much|how many|max|maximum|right|correct|safe|usual|normal|starting) (?:\w+ )?(?:doses?|dosages?|mg|ml|tablets?|pills?|creams?|ointments?|medications?|medicines?|meds|drugs?|antibiotics?|antidepressants?|antipsychotics?|painkillers?|treatments?|inhalers?|insulin|fluids?|tests?|blood tests?|scans?)\b/,
  /\b(?:dose|dosage) (?:of|for)\b/,
  /\bshould (?:she|he|they|i|we|you|my \w+|the patient|a patient|the pt|pt) (?:be )?(?:take|taking|have|having|give|giving|use|using|put|start|starting|stop|stopping|switch|switching|increase|reduce|go on|come off|be on)\b/,
  /\b(?:can|could|is it safe|is it ok|is it okay|safe) (?:to |for )?(?:she|he|they|i|we|you|my \w+|her|him|them|a patient|the patient)? ?(?:to )?(?:take|mix|have|give|combine)\b/,
  /\bhow (?:do|should|to|can|would) (?:i |we |you )?(?:treat|dress|diagnose|cannulate|catheterise|administer|inject|suture|escalate|interpret|read|calculate|titrate)\b/,
  /\bhow (?:to|do i|do you|should i) (?:give|manage|care for|look after) (?:a |the |this |his |her |their )?(?:patient|pt|wound|ulcer|drip|line|catheter|cannula|sepsis|infection|fever|fall)\b/,
  /\bwhat (?:does|do|is|are) (?:a |an |the |his |her |their |my |this |these )?(?:blood|test|tests|scan|ecg|xray|result|results|score|news|news2|bm|bp|reading|readings|levels?)\b.*\b(?:mean|means|show|shows|normal|too high|too low)\b/,
  /\bwhat (?:blood tests?|tests?|scans?|investigations?|treatments?|medications?|medicines?|tablets?|creams?) (?:should|does|do|would|is|are|for)\b/,
  /\bwhat (?:is|are) the (?:sepsis six|signs of sepsis|symptoms of|treatment for|side effects)\b/,
  /\bside effects?\b/,
  /\bwhen (?:should|do) (?:i|we|you) (?:escalate|call (?:the )?(?:outreach|doctor|medics|registrar|crash team))\b/,
];

/**
 * Questions about using IT systems (passwords, printers, the rota system) are
 * for the IT service desk, not people-management guidance.
 */
const IT_WORDS = new Set(
  `password passwords login logon username printer printers photocopier scanner laptop laptops computer pc wifi
  software browser nhsmail outlook healthroster allocate smartcard vpn`.split(/\s+/).filter(Boolean),
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
  const w = words(question);
  if (w.some((x) => IT_WORDS.has(x))) return true;
  return IT_PHRASES.some((phrase) => w.some((_, i) => phrase.every((p, j) => w[i + j] === p)));
}

/** Does the question ask for clinical advice (not merely mention a medicine, a condition or a patient)? */
export function isClinicalQuestion(question: string): boolean {
  const w = words(question);
  if (!w.some((x) => CLINICAL_TERMS.has(x))) return false;
  const text = w.join(' ');
  return CLINICAL_ASKS.some((ask) => ask.test(text));
}

const STAFF = /\b(?:staff|colleague|colleagues|employee|employees|worker|workers|team|nurse|nurses|hca|hcas|porter|porters|midwife|midwives|domestic|domestics|physio|physios|doctor|doctors|receptionist|admin|secretary|student|students|apprentice|manager|band \d|b\d|one of (?:my|mine|the team)|member of (?:my )?staff|staff member|team member)\b/;

/** Is the question about a member of staff (not only a patient or a thing)? */
export function mentionsStaff(question: string): boolean {
  return STAFF.test(words(question).join(' '));
}
