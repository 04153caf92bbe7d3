/** Who asked for a change: `application` for the enforcement API, an administrator's name otherwise. */
export type Actor = string;
