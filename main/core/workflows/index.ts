export { createWorkflowsFeature, type WorkflowMethodName, type WorkflowOptions, type WorkflowsFeatureDeps } from './workflows-feature';
