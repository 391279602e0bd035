export { JsonlStore, StoreWriteError, defaultMaxFileBytes, defaultMaxFiles, type JsonlStoreOptions, type OpenFile } from './jsonl-store';
export { readJsonlFile, readJsonlStore, type JsonlReadResult, type LineParser } from './jsonl-reader';
export { containsHeldSecret, findSecretField, heldSecrets, holdSecret, secretValues } from './secret-guard';
export { activeFile, rotatedFile, storeFilesOldestFirst } from './store-files';
export { writeFileAtomically, writeJsonFileAtomically, readJsonFile } from './atomic-json-file';
export { hasRecordShape } from './record-shape';
