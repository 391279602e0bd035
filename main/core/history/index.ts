export { createHistoryFeature, maxExportEntries, type HistoryFeatureDeps, type HistoryMethodName } from './history-feature';
export { HistoryService, noPermissionMessage, type HistoryServiceOptions, type PageRequest } from './history-service';
export { factorEventTypes, factorEventTypeNames, type FactorEventType } from './factor-event-types';
export { mapLogEvent, dropEchoedVerifications } from './map-log-event';
export { mapObservation } from './map-observation';
export { mapJournalRecord } from './map-journal';
export { FactorDirectory, type KnownFactor } from './factor-directory';
export { entriesToCsv, csvCell, csvColumns, buildExport } from './export-history';
export { systemLogFilter, systemLogWindow, systemLogRetentionDays } from './system-log-query';
