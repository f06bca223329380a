/**
 * Where the service reads the time. Every service, resolver and job takes it from the one clock the composition
 * root hands out, so a test (or a replay) fixes its own instants; domain code never reads it (time is passed in).
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
