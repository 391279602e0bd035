export { FactorObservations, observationsDir, type FactorObservationsOptions, type ObservationQuery } from './factor-observations';
export { diffFactors, toSnapshot, type ObservedTransition } from './factor-diff';
export {
  parseObservationRecord,
  type FactorObservationRecord,
  type FactorSnapshot,
  type ObservedChange,
  type ObservedDevice,
} from './observation-record';
export { listingRecorder } from './listing-recorder';
