/**
 * The verdicts, as data that imports nothing: the core's posture types take them from here, and so does a shell
 * that checks a `--fail-verdict` argument before it loads any of the core (`@sts-inspector/shared/verdicts`).
 */

/** The verdicts, from best to worst as a badge shows them. */
export const verdicts = ['enforced', 'testing', 'none', 'broken', 'absent', 'unknown'] as const;

/** What a badge shows. */
export type Verdict = (typeof verdicts)[number];
