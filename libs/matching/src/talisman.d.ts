/** Minimal types for the two talisman modules we use (the package ships CommonJS without types). */
declare module 'talisman/phonetics/double-metaphone' {
  /** Returns [primary, alternate] Double Metaphone codes (either may be ''). */
  function doubleMetaphone(word: string): [string, string];
  export = doubleMetaphone;
}

declare module 'talisman/metrics/jaro-winkler' {
  /** Jaro-Winkler similarity, 0 (nothing alike) to 1 (equal). */
  function jaroWinkler(a: string, b: string): number;
  export = jaroWinkler;
}
