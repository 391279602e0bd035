export * from './paths';
export * from './users';
export * from './factors';
export * from './transactions';
export * from './logs';
export * from './roles';
export * from './groups';
export * from './authenticators';
