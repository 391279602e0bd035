import type { workflowMethods } from '../../../contract/workflows';
import type { Feature, FeatureContext } from '../feature-context';
import { getFactorCatalog, listSecurityQuestions } from './catalog';
import { activateFactor, enrollFactor, resendCode, sendActivationLink, watchActivation } from './enroll';
import { resetAllFactors, resetFactor } from './reset';
import { checkVerification, startVerify } from './verify';
import { WorkflowServices, type WorkflowOptions } from './workflow-services';

export type { WorkflowOptions } from './workflow-services';
export { DEFAULT_VERIFICATION_WINDOW_MINUTES } from './recent-verifications';

type WorkflowMethodName = keyof typeof workflowMethods;

/**
 * The factor workflows: enroll, activate, verify the caller, reset — with live watches of push
 * activations and test pushes, and an audit-journal record for every action on a user.
 */
export function createWorkflowsFeature(ctx: FeatureContext, options: WorkflowOptions = {}): Feature<WorkflowMethodName> {
  const services = new WorkflowServices(ctx, options);
  return {
    handlers: {
      getFactorCatalog: ({ userId }) => getFactorCatalog(services, userId),
      listSecurityQuestions: ({ userId }) => listSecurityQuestions(services, userId),
      enrollFactor: ({ userId, request }, { clientId }) => enrollFactor(services, userId, request, clientId),
      sendActivationLink: (input) => sendActivationLink(services, input),
      activateFactor: ({ userId, factorId, passCode }) => activateFactor(services, userId, factorId, passCode),
      resendCode: ({ userId, factorId, purpose }) => resendCode(services, userId, factorId, purpose),
      watchActivation: ({ userId, factorId }, { clientId }) => watchActivation(services, userId, factorId, clientId),
      startVerify: (input, { clientId }) => startVerify(services, input, clientId),
      checkVerification: (input) => checkVerification(services, input),
      cancelWatch: async ({ watchId }, { clientId }) => {
        // Only the client that started a watch may stop it; anything else is already over as far as it knows.
        if (services.watches.ownerOf(watchId) === clientId) await services.watches.stop(watchId, 'cancelled');
        return null;
      },
      getRecentVerification: async ({ userId }) => {
        const { org } = ctx.connections.active();
        return { recent: await services.recent.find(org.id, userId, ctx.now()), windowMinutes: services.recent.windowMinutes };
      },
      resetFactor: (input) => resetFactor(services, input),
      resetAllFactors: (input) => resetAllFactors(services, input),
    },
    clientClosed: (clientId) => {
      void services.watches.clientClosed(clientId);
    },
    close: () => services.close(),
  };
}
