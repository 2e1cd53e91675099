import type { CaseSummary, CaseView } from "../case-view.ts";
import type { ImportSummary } from "../desk-session.ts";
import type { DeskStringKey, DeskStrings } from "../desk-strings.ts";
import type { TagGroup } from "../patterns.ts";

/** What GET /api/state answers (see desk-api.ts). */
export interface DeskState {
  kind: "state";
  lang: string;
  dir: "ltr" | "rtl";
  strings: DeskStrings;
  unlock: { kind: "key-path"; name: string } | { kind: "choose-key" } | { kind: "unlocked" };
  event: string;
  timeZone: string | null;
  followUp: string;
  followUpDays: number | null;
  retentionDays: number;
  threshold: number;
  casesDir: string;
  unlocked: boolean;
  me: string | null;
  cases: CaseSummary[];
  othersCaseFiles: number;
  unreadableCaseFiles: string[];
  imported?: ImportSummary | null;
}

export type { CaseSummary, CaseView, DeskStringKey, ImportSummary, TagGroup };

/** Everything a part of the page needs to speak and to call the desk. */
export interface PageContext {
  token: string;
  state: DeskState;
  /** a string with its placeholders filled */
  t: (key: DeskStringKey, values?: Record<string, string | number>) => string;
  /** a time in the event's time zone, in the desk's language */
  time: (iso: string) => string;
  /** a day in the event's time zone */
  day: (iso: string) => string;
  /** says something in the live region (screen readers announce it) */
  announce: (message: string) => void;
}
