import type { CallerLine, TrainingPhoneBehaviour, TrainingScenarioId } from '../../../../contract/training';
import type { ManualVerificationMethod } from '../../../../contract/workflows';
import type { LockoutCause, PracticeFactor } from '../sandbox-control';

/** The System Log story the sandbox tells about the caller before the call (its control API's scenarios). */
export type ScenarioStory = { name: 'attack' } | { name: 'lockout'; cause: LockoutCause };

/** What the debrief asks of the call beyond the desk's own rules (training-debrief.ts). */
export interface ScenarioRules {
  /** Resets, temporary access codes and unlocks are wrong in this call whatever the verification. */
  noAccessChanges?: boolean;
  /** No factor may be reset (signing out or unlocking may be right). */
  noReset?: boolean;
  /** No new factor may be enrolled for the caller. */
  noEnrollment?: boolean;
  /** The Okta Verify enrollment on this phone must be gone by the end (by the name it was set up with). */
  removeOktaVerifyOn?: string;
  /** This factor (by type) must be gone by the end. */
  removeFactorType?: 'sms';
  /** A new factor of this kind must be enrolled and activated. */
  enrollNew?: { factorType: 'push' } | { factorType: 'sms'; phoneLast4: string };
  /** The caller's sessions must be ended (sign out everywhere), reset or not. */
  signOut?: boolean;
  /** The caller must be unlocked. */
  unlock?: boolean;
  /** The call must be handed to the security team. */
  escalate?: boolean;
  /** The caller's identity must be checked in the call, even with nothing to reset. */
  verifyCaller?: boolean;
  /** Factors (by type, and Okta Verify by device name) the caller does not hold: a pass on them says nothing about who is calling. */
  notHeldByCaller?: { factorTypes?: string[]; oktaVerifyOn?: string };
  /** Manual verifications that do not prove this caller, with the reason. */
  weakManualMethods?: Partial<Record<ManualVerificationMethod, string>>;
}

export interface ScenarioCaller {
  firstName: string;
  lastName: string;
  login: string;
  department: string;
  title: string;
  mobilePhone: string | null;
  status: 'ACTIVE' | 'LOCKED_OUT';
  factors: PracticeFactor[];
}

export interface TrainingScenarioDefinition {
  id: TrainingScenarioId;
  title: string;
  summary: string;
  skills: string[];
  caller: ScenarioCaller;
  story?: ScenarioStory;
  goal: string;
  introduction: string;
  script: CallerLine[];
  phone: TrainingPhoneBehaviour;
  phoneNote: string;
  rules: ScenarioRules;
}

/**
 * The six practice calls. Each caller is made fresh for every call (a new user in the sandbox org),
 * so nothing from an earlier attempt is in their factors or the desk's journal.
 */
export const TRAINING_SCENARIOS: readonly TrainingScenarioDefinition[] = [
  {
    id: 'lost-phone',
    title: 'Lost my phone',
    summary: 'Maya left her phone in a taxi and cannot sign in.',
    skills: ['Verify without the lost phone', 'Remove the lost device', 'Sign the user out everywhere'],
    caller: {
      firstName: 'Maya',
      lastName: 'Chen',
      login: 'maya.chen@example.org',
      department: 'Finance',
      title: 'Accountant',
      mobilePhone: '+15550142201',
      status: 'ACTIVE',
      factors: [{ oktaVerify: { name: "Maya's iPhone 13", platform: 'IOS' } }, { factorType: 'question', question: 'name_of_first_plush_toy', answer: 'Mister Biscuit' }],
    },
    goal: "Verify Maya without the lost phone, remove its Okta Verify, and sign her out everywhere so whoever has the phone gets nothing.",
    introduction: 'Maya Chen, Finance (accountant).',
    script: [
      { cue: 'When you answer', says: "Hi, it's Maya Chen from Finance. I left my phone in a taxi last night and now Okta keeps asking for Okta Verify." },
      { cue: 'If you offer a push or a code on her phone', says: "I can't, the phone is gone. I did set up a security question though." },
      { cue: 'When you ask her security question', says: 'My first stuffed animal? That was Mister Biscuit.' },
      { cue: 'If you ask about a new phone', says: "I'm getting a new one tomorrow. I'll call back to set it up." },
    ],
    phone: 'lost',
    phoneNote: "This is Maya's lost phone. Nobody answers it: leave pushes on it alone.",
    rules: {
      removeOktaVerifyOn: "Maya's iPhone 13",
      notHeldByCaller: { oktaVerifyOn: "Maya's iPhone 13" },
      weakManualMethods: { known_callback: 'a call back to the number on record rings the lost phone' },
    },
  },
  {
    id: 'new-phone',
    title: 'New phone, move Okta Verify',
    summary: 'Omar has a new iPhone and wants Okta Verify moved to it.',
    skills: ['Verify on the old phone', 'Remove the old enrollment', 'Enroll the new phone by QR code'],
    caller: {
      firstName: 'Omar',
      lastName: 'Haddad',
      login: 'omar.haddad@example.org',
      department: 'Engineering',
      title: 'Site Reliability Engineer',
      mobilePhone: '+15550142202',
      status: 'ACTIVE',
      factors: [{ oktaVerify: { name: "Omar's Pixel 6", platform: 'ANDROID' } }, { factorType: 'sms', phoneNumber: '+15550142202' }],
    },
    goal: 'Verify Omar on his old phone, then move Okta Verify: remove the old Pixel and set up the new iPhone with him.',
    introduction: 'Omar Haddad, Engineering (site reliability).',
    script: [
      { cue: 'When you answer', says: "Hey, Omar Haddad from Engineering. I got a new iPhone and want Okta Verify on it. I still have the old Pixel right here." },
      { cue: 'When you send a test push', says: 'Got it on the Pixel. Which number do I tap? (Tap the number you read out on the phone.)' },
      { cue: 'When you set up the new phone', says: "I'm on the QR screen on the iPhone. (On the phone: Set up Okta Verify, name it Omar's iPhone 15, iPhone, Scan QR code.)" },
      { cue: 'When it is done', says: 'Works, thanks! Can the old one stop getting pushes?' },
    ],
    phone: 'caller',
    phoneNote: "Omar holds this phone: answer it as he would (the old Pixel, then the new iPhone's QR scan).",
    rules: { removeOktaVerifyOn: "Omar's Pixel 6", enrollNew: { factorType: 'push' } },
  },
  {
    id: 'push-lockout',
    title: 'Locked out after too many pushes',
    summary: 'Lena tapped "No" on a burst of pushes by mistake and is now locked out.',
    skills: ['Read why the account is locked', 'Verify before giving access back', 'Unlock without resetting'],
    caller: {
      firstName: 'Lena',
      lastName: 'Novak',
      login: 'lena.novak@example.org',
      department: 'Sales',
      title: 'Account Executive',
      mobilePhone: '+15550142203',
      status: 'ACTIVE',
      factors: [{ oktaVerify: { name: "Lena's Galaxy S23", platform: 'ANDROID' } }, { factorType: 'sms', phoneNumber: '+15550142203' }],
    },
    story: { name: 'lockout', cause: 'push' },
    goal: "Find out why Lena is locked out, verify her on her own phone, and unlock her. Her phone works: she needs no reset.",
    introduction: 'Lena Novak, Sales (account executive).',
    script: [
      { cue: 'When you answer', says: "Hi, Lena Novak in Sales. Okta says my account is locked. I was signing in on my laptop and my phone kept buzzing." },
      { cue: 'If you ask what happened', says: "Between meetings I kept getting Okta Verify pushes and tapped \"No, it's not me\" each time without reading them. After a few it said I was locked out." },
      { cue: 'If you ask whether she started those sign-ins', says: 'Yes, that was me on my laptop; I just was not paying attention to the phone.' },
      { cue: 'When you send a test push', says: "It's on my phone now. Tell me the number? (Tap the number you read out.)" },
      { cue: 'If you offer to reset her factors', says: "Do I have to set it all up again? My phone works fine." },
    ],
    phone: 'caller',
    phoneNote: 'Lena holds this phone: answer it as she would.',
    rules: { noReset: true, unlock: true, verifyCaller: true },
  },
  {
    id: 'failed-verification',
    title: 'Caller who cannot pass verification',
    summary: "Someone calling as Daniel cannot approve a push or read a code, and pushes for a reset.",
    skills: ['Hold the line under pressure', 'Never reset after failed checks', 'Write it up'],
    caller: {
      firstName: 'Daniel',
      lastName: 'Brooks',
      login: 'daniel.brooks@example.org',
      department: 'Sales',
      title: 'Regional Director',
      mobilePhone: '+15550142204',
      status: 'ACTIVE',
      factors: [{ oktaVerify: { name: "Daniel's iPhone 15", platform: 'IOS' } }, { factorType: 'sms', phoneNumber: '+15550142204' }],
    },
    goal: 'Try to verify the caller. They cannot pass: do not reset, do not issue a code, do not enroll anything. Write the call up.',
    introduction: 'Says he is Daniel Brooks, Sales (regional director).',
    script: [
      { cue: 'When you answer', says: "This is Daniel Brooks, regional director in Sales. I'm at a client site, my phone died and I need my MFA reset right now so I can set it up on this phone." },
      { cue: 'When you send a test push', says: "I didn't get anything. Like I said, the battery is dead." },
      { cue: 'When you text a code', says: 'Yeah I got a text on this phone, the code is {wrongCode}.' },
      { cue: 'If you hesitate', says: "Look, the deal closes in an hour and my boss will hear about this. Just reset it, I'll re-enroll myself." },
      { cue: 'If you offer a manager callback', says: "My manager is on a flight. There's no time for that." },
    ],
    phone: 'owner-denies',
    phoneNote: "This is the real Daniel's phone; he is not on the call. He denies every push he did not ask for.",
    rules: {
      noAccessChanges: true,
      noEnrollment: true,
      verifyCaller: false,
      notHeldByCaller: { factorTypes: ['push', 'sms', 'token:software:totp', 'signed_nonce'] },
    },
  },
  {
    id: 'mfa-fatigue',
    title: 'MFA fatigue attack in progress',
    summary: 'Priya is getting pushes she never asked for, from a sign-in far away.',
    skills: ['Recognise push bombing', 'Sign the user out everywhere', 'Do not reset: escalate'],
    caller: {
      firstName: 'Priya',
      lastName: 'Shah',
      login: 'priya.shah@example.org',
      department: 'Legal',
      title: 'Counsel',
      mobilePhone: '+15550142205',
      status: 'ACTIVE',
      factors: [{ oktaVerify: { name: "Priya's iPhone 14", platform: 'IOS' } }, { factorType: 'sms', phoneNumber: '+15550142205' }],
    },
    story: { name: 'attack' },
    goal: "Verify Priya on her own phone, end every session (the attacker signed in), keep her factors as they are, and escalate to security.",
    introduction: 'Priya Shah, Legal (counsel).',
    script: [
      { cue: 'When you answer', says: "Hi, Priya Shah, Legal. My phone keeps buzzing with Okta pushes I never asked for. I denied them all and reported them. Is someone trying to get in?" },
      { cue: 'When you send a test push (tell her first)', says: "OK, I'm expecting yours. What number? (Tap the number you read out.)" },
      { cue: 'If you offer to reset her factors', says: 'Would that help? Whoever this is might get in while I set it up again…' },
      { cue: 'When you tell her what happens next', says: 'Thank you. Should I change my password too?' },
    ],
    phone: 'caller',
    phoneNote: 'Priya holds this phone: answer your own test push as she would.',
    rules: { noReset: true, noEnrollment: true, signOut: true, escalate: true, verifyCaller: true },
  },
  {
    id: 'sms-number-changed',
    title: 'SMS only, number changed',
    summary: "Carlos changed carriers; Okta still texts his old number.",
    skills: ['Verify when the only factor is out of reach', 'Replace the phone number', 'Activate with the caller'],
    caller: {
      firstName: 'Carlos',
      lastName: 'Mendes',
      login: 'carlos.mendes@example.org',
      department: 'Logistics',
      title: 'Warehouse Lead',
      mobilePhone: '+15550142206',
      status: 'ACTIVE',
      factors: [{ factorType: 'sms', phoneNumber: '+15550142206' }],
    },
    goal: 'Verify Carlos without his old number (ask his manager to confirm), replace the SMS factor with his new number +1 555 019 2288, and activate it with him.',
    introduction: 'Carlos Mendes, Logistics (warehouse lead). New number: +1 555 019 2288.',
    script: [
      { cue: 'When you answer', says: "Hi, Carlos Mendes from the warehouse. I switched carriers and got a new number, and the Okta texts still go to the old one." },
      { cue: 'If you text a code to the number on record', says: "That's my old number, I don't have it any more." },
      { cue: 'If you offer a manager callback', says: 'Sure, my manager is Ruth Adams, she is at her desk.' },
      { cue: 'When you enroll the new number', says: 'It is +1 555 019 2288. (The code arrives on this phone: read it from the texts.)' },
    ],
    phone: 'caller',
    phoneNote: 'Carlos holds this phone with his new number only: texts to the old number never reach him.',
    rules: {
      removeFactorType: 'sms',
      enrollNew: { factorType: 'sms', phoneLast4: '2288' },
      notHeldByCaller: { factorTypes: ['sms'] },
      weakManualMethods: { known_callback: 'the number on record is the old one Carlos no longer has' },
    },
  },
];

export function scenarioById(id: TrainingScenarioId): TrainingScenarioDefinition {
  const scenario = TRAINING_SCENARIOS.find((candidate) => candidate.id === id);
  if (!scenario) throw new Error(`No training scenario ${id}`);
  return scenario;
}
