export * from './la-profiles';
export * from './names';
export * from './services';
export { childrenFor, syntheticChild, postcodeIn } from './child';
export { seedFrom, seededFaker } from './random';
export { ageOn } from './dates';
export * from './search-cases';
