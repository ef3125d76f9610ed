/**
 * Ambient types for `osrm-text-instructions` (ships none): turns OSRM v5 route steps into
 * sentences in ~30 languages. Only the parts the road layer uses are typed.
 */
declare module 'osrm-text-instructions' {
  /** The subset of an OSRM v5 step the compiler reads. */
  export interface OsrmTextStep {
    maneuver: {
      type: string;
      /** Required for every type except `depart` and `arrive`. */
      modifier?: string;
      bearing_after?: number;
      bearing_before?: number;
      exit?: number;
    };
    name?: string;
    ref?: string;
    mode?: string;
    driving_side?: string;
    rotary_name?: string;
    destinations?: string;
    exits?: string;
  }

  export interface CompileOptions {
    /** Number of legs of the route, and this step's leg (for "your 2nd destination"). */
    legCount?: number;
    legIndex?: number;
    waypointName?: string;
    classes?: string[];
  }

  export interface OsrmTextInstructions {
    /**
     * One sentence for a step.
     * @throws Error (or a string) for an unknown language or a missing maneuver modifier
     */
    compile(language: string, step: OsrmTextStep, options?: CompileOptions): string;
  }

  /** `osrmTextInstructions('v5')`; throws for an unsupported version. */
  export default function osrmTextInstructions(version: 'v5'): OsrmTextInstructions;
}
