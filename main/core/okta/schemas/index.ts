export * from './links';
export * from './user';
export * from './factor';
export * from './error';
export * from './log-event';
export * from './factor-transaction';
export * from './factor-catalog';
export * from './role';
