// The contract's names without its schemas, for the preload: it is bundled into every window,
// and pulling zod in with the schemas would add ~700 kB to it. The checks below fail the
// typecheck when a method or event is added to the contract but not here (or the other way round).
import type { EventName, MethodName } from './index';

export const methodNameList = [
  'listOrgs',
  'saveOrg',
  'removeOrg',
  'selectOrg',
  'testConnection',
  'connectSandbox',
  'startSignIn',
  'finishSignIn',
  'cancelSignIn',
  'signOut',
  'createServiceAppKey',
  'getServiceAppKey',
  'searchUsers',
  'getUser',
  'listFactors',
  'getFactorCatalog',
  'listSecurityQuestions',
  'enrollFactor',
  'sendActivationLink',
  'activateFactor',
  'resendCode',
  'watchActivation',
  'startVerify',
  'checkVerification',
  'cancelWatch',
  'getCallerVerification',
  'endCall',
  'resetFactor',
  'resetAllFactors',
  'getHistory',
  'exportHistory',
  'getPolicy',
  'findBulkGroups',
  'dryRunBulkJob',
  'listBulkJobs',
  'getBulkJob',
  'startBulkJob',
  'pauseBulkJob',
  'resumeBulkJob',
  'cancelBulkJob',
  'exportBulkJob',
  'getRiskCard',
  'getLockout',
  'unlockUser',
  'getTicketNote',
  'getPhone',
  'answerPhonePush',
  'scanPhoneQr',
  'advancePhoneClock',
  'detachPhone',
  'signOutEverywhere',
  'getTacSettings',
  'issueTac',
  'revokeTac',
  'watchReenrollment',
  'stopReenrollmentWatch',
  'getAgentPreferences',
  'setAgentPreferences',
  'listTrainingScenarios',
  'startTrainingCall',
  'getTrainingCall',
  'endTrainingCall',
  'exportTrainingDebrief',
] as const satisfies readonly MethodName[];

export const eventNameList = ['activationStatus', 'pushVerifyStatus', 'callerVerificationChanged', 'bulkJobProgress', 'reenrollmentStatus'] as const satisfies readonly EventName[];

type Missing<All, Listed> = Exclude<All, Listed>;
/** Compile-time: every contract method/event is listed above. `true` only when nothing is missing. */
const everyMethodListed: [Missing<MethodName, (typeof methodNameList)[number]>] extends [never] ? true : Missing<MethodName, (typeof methodNameList)[number]> = true;
const everyEventListed: [Missing<EventName, (typeof eventNameList)[number]>] extends [never] ? true : Missing<EventName, (typeof eventNameList)[number]> = true;
void everyMethodListed;
void everyEventListed;

/** IPC channel names, prefixed so nothing else on the bus can be mistaken for ours. */
export const methodChannel = (name: MethodName): string => `factordesk:call:${name}`;
export const EVENT_CHANNEL = 'factordesk:event';
