// One finding, not hundreds, for a project function that the project's code drops by habit. NodeBB ends 197
// controllers with `helpers.formatApiResponse(200, res, data);` and fires 85 plugin action hooks without `await`;
// Logto calls `quota.reportSubscriptionUpdatesUsage(...)` unawaited at 13 places. Each such site is the same
// decision, made on purpose, and the mend is one: the function catches its own failures (or every caller awaits it).
// A wall of identical warnings buries the dropped promises that are slips; a habit is reported once, as a note
// (judged on NodeBB: the action hooks cannot reject, the 2xx responses hardly can).
import type { Finding } from './findings';

/** From this many call sites that drop the same function's promise, the habit is a convention of the project. */
export const CONVENTION_SITES = 5;
/** The other places a convention note lists (Finding.related); the message counts them all. */
export const MAX_LISTED_SITES = 50;

/** Counts the places that drop each function's promise, and collapses the findings of conventional ones. */
export class DroppedByConvention {
  /** Call sites that drop a promise, by the callee's key (its function ids), reported or not: the project's habit. */
  private readonly sites = new Map<string, number>();
  private readonly keyOf = new Map<Finding, { key: string; callee: string }>();

  /** A call site whose promise is dropped, of the function(s) `targets`. */
  countSite(targets: readonly string[]): void {
    if (targets.length === 0) return;
    const key = targets.join('|');
    this.sites.set(key, (this.sites.get(key) ?? 0) + 1);
  }

  /** A finding about such a call site: `callee` names the function for the message. */
  noteFinding(finding: Finding, targets: readonly string[], callee: string): void {
    if (targets.length > 0) this.keyOf.set(finding, { key: targets.join('|'), callee });
  }

  /**
   * The findings, in their order, with the sites of a conventionally dropped function reduced to the first reported
   * one: a note whose message counts them all.
   */
  collapse(findings: Finding[]): Finding[] {
    const kept = new Map<string, Finding>();
    const out: Finding[] = [];
    for (const f of findings) {
      const k = this.keyOf.get(f);
      const n = k ? (this.sites.get(k.key) ?? 0) : 0;
      if (!k || n < CONVENTION_SITES) {
        out.push(f);
        continue;
      }
      // The other reported places go with the note, so that each can still be found (and fixed) from it.
      const note = kept.get(k.key);
      if (note) {
        if (note.related!.length < MAX_LISTED_SITES) note.related!.push({ file: f.file, line: f.line, column: f.column, message: `${k.callee}() dropped here too` });
        continue;
      }
      const also = ` (one note for the ${n} places in this project that drop the promise of ${k.callee}: if that is meant, let ${k.callee} catch its own failures)`;
      const collapsed: Finding = { ...f, severity: 'info', message: f.message + also, related: [...(f.related ?? [])] };
      kept.set(k.key, collapsed);
      out.push(collapsed);
    }
    for (const note of kept.values()) if (note.related!.length === 0) delete note.related;
    return out;
  }
}
