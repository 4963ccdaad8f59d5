export * from './nhs-number';
export * from './upn';
export * from './postcode';
export * from './organisation-codes';
export * from './validators';
