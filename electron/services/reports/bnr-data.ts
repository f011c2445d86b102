/**
 * What the « Dossier BNR » and the yearly survey workbooks are written from (issue 18, item 3): the very
 * figures the app's own methods return (indicators.compute, indicators.usage, contributions.compute,
 * cost.list, library.list, eligibility.counts), gathered by bnr-handlers.ts. The writers only lay them
 * out and put a formula wherever a figure is derived, so each one can be traced to the cells it comes from.
 */
export interface BnrData {
  /** Ascending, at least one. */
  years: number[];
  generatedAt: Date;
  generatedBy: string;
  departementTitle: string;
  /** The population millésime in force (INSEE populations légales). */
  millesime: number;
  departementPopulation: number;
  epci: {
    siren: string;
    name: string;
    status: string;
    covered: boolean;
    population: number;
  }[];
  /** The day the libraries' patrons were counted (ISO). */
  patronsOn: string;
  libraries: {
    name: string;
    communeName: string;
    epci: string | null;
    epciName: string | null;
    participating: boolean;
    participatingSince: string | null;
    registered: number;
    eligible: number;
  }[];
  costs: { id: string; year: number; vendor: string; label: string; amountCents: number }[];
  contributions: { year: number; epciName: string; reference: string; amountCents: number }[];
  usage: BnrUsageYear[];
}

export interface BnrUsageYear {
  year: number;
  /** When the active patrons were pulled from the central service; null: never for this year. */
  activityFetchedAt: string | null;
  /** Distinct active patrons over the Département; null: never pulled. */
  departementActive: number | null;
  platforms: {
    platform: string;
    requests: number | null;
    activePatrons: number | null;
    /** The cost lines (ids) matched to this platform; empty: none. */
    costLineIds: string[];
    /** Where the uses come from, said in French (the imported reports). */
    source: string;
  }[];
  /** Active patrons per EPCI (null: never pulled), in the order of `BnrData.epci`. */
  epciActive: { siren: string; activePatrons: number | null }[];
}
