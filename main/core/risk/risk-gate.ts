import type { RiskCheckRecord, RiskSignal } from '../../../contract/risk';
import type { CallerVerificationRecord, RiskAcknowledgement } from '../../../contract/workflows';
import { Refusal, type ActionScope } from '../audit';
import type { RiskService } from './risk-service';

/** What the gate stands before, for its words. */
export type RiskGatedAction = 'reset' | 'temporary_access_code';

const actionWords: Record<RiskGatedAction, string> = { reset: 'a reset', temporary_access_code: 'a temporary access code' };

export interface RiskCheckRequest {
  what: RiskGatedAction;
  /** How the caller was verified, as the gate resolved it. */
  callerVerification: CallerVerificationRecord;
  acknowledgement: RiskAcknowledgement | undefined;
  /** Whether a passed test push or code check counts for this user now (for "recent_check" as the second method). */
  hasRecentPass(): Promise<boolean>;
  /** Told what the card said before any refusal, so a refused action's record says why. */
  note(record: RiskCheckRecord): void;
}

function refusal(message: string, action: string, cause: string): Refusal {
  return new Refusal({ code: 'INVALID_INPUT', message, action, causes: [`riskAcknowledgement: ${cause}`] });
}

/** "5 pushes denied in 7 minutes…; The user reported suspicious activity…" — the first few, for the refusal's words. */
function signalsWords(signals: RiskSignal[]): string {
  const high = signals.filter((signal) => signal.severity === 'high');
  const named = (high.length ? high : signals).slice(0, 2).map((signal) => signal.summary.replace(/\.$/, ''));
  return named.join('; ');
}

/**
 * The risk card's rule for resets and temporary access codes, checked in main whatever the renderer
 * shows: on a high-risk account they need the caller verified (never "not required"), a second
 * verification by a different method, and the reason the desk goes ahead. Answers what the journal
 * records with the action; a refusal is journaled as `refused` by the action that asked.
 */
export class RiskGate {
  constructor(private readonly risk: Pick<RiskService, 'card'>) {}

  async check(scope: ActionScope, request: RiskCheckRequest): Promise<RiskCheckRecord> {
    const card = await this.risk.card(scope, scope.userId);
    const record: RiskCheckRecord = { level: card.level, signals: card.signals.map((signal) => signal.kind) };
    request.note(record);
    const given = request.acknowledgement;
    if (!card.requiresSecondVerification) return given ? { ...record, secondMethod: given.secondMethod, reason: given.reason.trim() } : record;

    const why = signalsWords(card.signals);
    const action = actionWords[request.what];
    const first = request.callerVerification;
    if (first.method === 'not_required') {
      throw refusal(
        `This account shows signs of attack (${why}), so ${action} needs a recorded verification of the caller.`,
        'Verify the caller (test push, code, or a recorded method with the ticket), then add a second, different method and the reason.',
        'the first verification is required when the risk card is high',
      );
    }
    if (!given) {
      throw refusal(
        `This account shows signs of attack (${why}), so ${action} needs a second verification by another method and the reason you go ahead.`,
        'Verify the caller a second way (for example a manager callback or an ID check), then give that method and the reason.',
        'required when the risk card is high',
      );
    }
    const firstIsCheck = first.automatic;
    if ((given.secondMethod === 'recent_check' && firstIsCheck) || given.secondMethod === first.method) {
      throw refusal(
        'The second verification must be a different method from the first.',
        'Choose another way you verified the caller (for example a manager callback or an ID check).',
        'the second method is the same as the first',
      );
    }
    if (given.secondMethod === 'recent_check' && !(await request.hasRecentPass())) {
      throw refusal(
        'No test push or code check passed for this user just now, so it cannot be the second verification.',
        'Send a test push or check a code first, or choose another method.',
        'no recent passed check for the second verification',
      );
    }
    return { ...record, secondMethod: given.secondMethod, reason: given.reason.trim() };
  }
}
