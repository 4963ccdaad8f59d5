export * from './message-log';
export * from './verify-messages';
export * from './retention';
