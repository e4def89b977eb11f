/** Strata's version, written into every model file. Keep in step with package.json. */
export const VERSION = '0.5.0';
