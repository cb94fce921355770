/** The code of the demo province's root organisation: while it exists the UI shows the demo banner. */
export const DEMO_MARKER_CODE = 'UBND-BS';
