import { randomInt, randomUUID } from 'node:crypto';
import { FactorDeskError, type TrainingCall, type TrainingScenario, type ValidatedInput } from '../../../../contract';
import type { trainingMethods } from '../../../../contract/training';
import { outcomesOf, type AuditRecord } from '../../audit';
import type { Feature } from '../../feature-context';
import { getUser } from '../../okta/resources';
import { toUserSummary } from '../../users/map-user';
import { practiceOrg, type PracticeOrgDeps } from '../practice-org';
import { SandboxControlHolder } from '../sandbox-control';
import type { PracticeUser } from '../sandbox-control-schemas';
import { exportDebrief } from './debrief-export';
import { buildDebrief } from './training-debrief';
import type { TrainingCallRecord, TrainingRecords } from './training-records';
import { scenarioById, TRAINING_SCENARIOS, type TrainingScenarioDefinition } from './training-scenarios';

export type TrainingMethodName = keyof typeof trainingMethods;

export interface TrainingFeatureDeps extends PracticeOrgDeps {
  records: TrainingRecords;
  now(): Date;
  agentName: string;
  /** The audit journal's records of one user from a time on, oldest first. */
  readJournal(query: { userId: string; since: Date }): Promise<AuditRecord[]>;
  /** High-risk attempts still waiting for Okta in this process (not read as unknown while their outcome is on its way). */
  attemptsInFlight?(): ReadonlySet<string>;
}

const OKTA_VERIFY = (factor: { factorType: string; provider: string }): boolean =>
  factor.factorType === 'push' || factor.factorType === 'signed_nonce' || (factor.factorType === 'token:software:totp' && factor.provider === 'OKTA');

/** The factors the caller does not hold, among those the practice user was made with. */
function untrustedFactors(scenario: TrainingScenarioDefinition, factors: PracticeUser['factors']): string[] {
  const rule = scenario.rules.notHeldByCaller;
  if (!rule) return [];
  return factors.filter((factor) => (rule.oktaVerifyOn !== undefined && OKTA_VERIFY(factor)) || rule.factorTypes?.includes(factor.factorType)).map((factor) => factor.id);
}

function summaryOf(scenario: TrainingScenarioDefinition): TrainingScenario {
  return { id: scenario.id, title: scenario.title, summary: scenario.summary, skills: [...scenario.skills] };
}

/** A ticket number as a help desk's tool would give it. */
const newTicket = (): string => `INC-${randomInt(100_000, 1_000_000)}`;

/**
 * Training calls in the sandbox org: each sets up a fresh caller through the sandbox's control API
 * (with its admin token, which stays in main), and its debrief reads what the trainee did from the
 * desk's audit journal. For any other org every method refuses (SANDBOX_ONLY) before anything is
 * sent; the debrief export reads local records only.
 */
export function createTrainingFeature(deps: TrainingFeatureDeps): Feature<TrainingMethodName> {
  const controls = new SandboxControlHolder();

  async function callOf(record: TrainingCallRecord): Promise<TrainingCall> {
    const scenario = scenarioById(record.scenarioId);
    const user = await getUser(deps.connections.active().client, record.caller.userId);
    return {
      callId: record.callId,
      scenarioId: scenario.id,
      title: scenario.title,
      ticket: record.ticket,
      goal: scenario.goal,
      caller: toUserSummary(user),
      introduction: scenario.introduction,
      script: scenario.script.map((line) => ({ ...line })),
      phone: scenario.phone,
      phoneNote: scenario.phoneNote,
      startedAt: record.startedAt,
    };
  }

  async function start({ scenarioId }: ValidatedInput<'startTrainingCall'>): Promise<TrainingCall> {
    const control = controls.for(practiceOrg(deps));
    const org = deps.connections.active().org;
    const scenario = scenarioById(scenarioId);
    const { caller } = scenario;
    const user = await control.createPracticeUser({ ...caller, signedInBefore: true });
    if (scenario.story) {
      await control.tellStory(scenario.story.name, { userId: user.id, ...(scenario.story.name === 'lockout' ? { cause: scenario.story.cause } : {}) }).catch((error: unknown) => {
        if (error instanceof FactorDeskError && error.data.code === 'NOT_FOUND') {
          throw new FactorDeskError({
            code: 'NOT_FOUND',
            message: `This sandbox org cannot play "${scenario.title}": its control API has no ${scenario.story?.name} scenario.`,
            action: 'Update FactorDesk; the sandbox org comes with it.',
          });
        }
        throw error;
      });
    }
    const record: TrainingCallRecord = {
      callId: randomUUID(),
      scenarioId,
      orgId: org.id,
      ticket: newTicket(),
      caller: { userId: user.id, login: user.login, displayName: `${caller.firstName} ${caller.lastName}` },
      startedAt: deps.now().toISOString(),
      startFactors: user.factors.map((factor) => ({ id: factor.id, factorType: factor.factorType, provider: factor.provider })),
      untrustedFactorIds: untrustedFactors(scenario, user.factors),
    };
    await deps.records.started(record);
    return callOf(record);
  }

  async function end({ callId, escalatedToSecurity, timeZone }: ValidatedInput<'endTrainingCall'>) {
    practiceOrg(deps);
    const orgId = deps.connections.active().org.id;
    const found = await deps.records.get(callId);
    if (!found || found.call.orgId !== orgId || found.debrief) {
      throw new FactorDeskError({
        code: 'NOT_FOUND',
        message: found?.debrief ? 'That training call has ended already.' : 'There is no such training call running in this org.',
        action: 'Start a training call from the list.',
      });
    }
    const { call } = found;
    const endedAt = deps.now();
    const journal = await deps.readJournal({ userId: call.caller.userId, since: new Date(call.startedAt) });
    const records = outcomesOf(
      journal.filter((record) => record.orgId === orgId && !record.bulkJob && Date.parse(record.time) <= endedAt.getTime()),
      deps.attemptsInFlight?.(),
    );
    const debrief = buildDebrief({
      call,
      scenario: scenarioById(call.scenarioId),
      records,
      ticketNotes: found.ticketNotes,
      escalatedToSecurity,
      agent: deps.agentName,
      endedAt: endedAt.toISOString(),
      timeZone: timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
    await deps.records.ended(debrief);
    return debrief;
  }

  return {
    handlers: {
      listTrainingScenarios: async () => {
        practiceOrg(deps);
        return TRAINING_SCENARIOS.map(summaryOf);
      },
      startTrainingCall: (input) => start(input),
      getTrainingCall: async () => {
        practiceOrg(deps);
        const running = await deps.records.running(deps.connections.active().org.id);
        return running ? callOf(running) : null;
      },
      endTrainingCall: (input) => end(input),
      exportTrainingDebrief: async ({ callId, format }) => {
        const debrief = (await deps.records.get(callId))?.debrief;
        if (!debrief) throw new FactorDeskError({ code: 'NOT_FOUND', message: 'That training call has no debrief yet.', action: 'End the training call first; its debrief can then be exported.' });
        return exportDebrief(debrief, format);
      },
    },
    async close() {
      await controls.close();
      await deps.records.close();
    },
  };
}
