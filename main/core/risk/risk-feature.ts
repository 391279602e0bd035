import type { riskMethods } from '../../../contract/risk';
import type { Connections, Feature } from '../feature-context';
import type { RiskService } from './risk-service';

export type RiskMethodName = keyof typeof riskMethods;

/** The risk card on the user page and in the dialogs that reset or issue codes. */
export function createRiskFeature(deps: { connections: Connections; risk: RiskService }): Feature<RiskMethodName> {
  return {
    handlers: {
      getRiskCard: ({ userId, refresh }) => deps.risk.card(deps.connections.active(), userId, { refresh }),
    },
  };
}
