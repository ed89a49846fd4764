/** Injection token for the validated AerieConfig. */
export const AERIE_CONFIG = Symbol('AERIE_CONFIG');
